import { config } from '@/config';
/** Headers for every response: nobody may frame the Kill button, sniff types, or read referrers. */
export const SECURITY_HEADERS = {
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * Scripts only from this origin with this response's nonce ('strict-dynamic' lets them load the
 * app's chunks); never 'unsafe-eval' outside development, where React's tooling needs it.
 */
export function contentSecurityPolicy(nonce: string | null): string {
  const dev = config.development ? " 'unsafe-eval'" : '';
  const scripts = nonce ? `'self' 'nonce-${nonce}' 'strict-dynamic'${dev}` : `'self'${dev}`;
  return [
    "default-src 'self'",
    `script-src ${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
