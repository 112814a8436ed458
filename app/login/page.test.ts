import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tokenFilePath } from '@/lib/auth/token';
import { useTempDatabase } from '@/lib/testing/helpers';
import LoginPage from './page';

vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: '127.0.0.1:3000' }),
  cookies: async () => ({ get: () => undefined }),
}));

beforeEach(() => {
  useTempDatabase();
  delete process.env.ACTIVE_SESSIONS_TOKEN;
  delete process.env.ACTIVE_SESSIONS_TOKEN_FILE;
});

describe('the login page', () => {
  it('says where the token is without showing a visitor the server’s paths', async () => {
    const html = renderToStaticMarkup(await LoginPage({ searchParams: Promise.resolve({}) }));
    expect(html).toContain('Log in to Active Sessions');
    expect(html).toContain('login link');
    expect(html).not.toContain(tokenFilePath());
    expect(html).not.toContain(process.cwd());
  });
});
