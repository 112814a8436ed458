/**
 * Where to go after login: only a path on this site, so the login page cannot be used to send
 * people elsewhere (`//evil.example`, `https://…`, `/\evil`).
 */
export function safeReturnPath(candidate: unknown): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/') || candidate.startsWith('//')) return '/sessions';
  if (candidate.includes('\\') || /[\u0000-\u001f]/.test(candidate)) return '/sessions';
  if (candidate === '/login' || candidate.startsWith('/login?') || candidate.startsWith('/login/')) return '/sessions';
  return candidate;
}

/** A line anchor (`#L123`) to carry through the login: the browser keeps it across redirects, the server never sees it. */
export function safeFragment(candidate: unknown): string {
  return typeof candidate === 'string' && /^#[\w.-]{1,64}$/.test(candidate) ? candidate : '';
}
