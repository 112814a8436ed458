import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const TOKEN = process.env.E2E_TOKEN as string;
export const authHeader = { Authorization: `Bearer ${TOKEN}` };

export type ApiSession = { id: string; name: string; command: string; status: string; pid: number };

/** The page people use, by role and test id, so tests read as what a person does. */
export class SessionsPage {
  constructor(readonly page: Page) {}

  row(name: string | RegExp) {
    return this.page.getByTestId('session-row').filter({ hasText: name });
  }
  rowById(id: string) {
    return this.page.locator(`[data-session-id="${id}"]`);
  }
  get terminal() {
    return this.page.getByTestId('terminal');
  }
  /** The line count the terminal's toolbar shows. */
  async totalLines(): Promise<number> {
    const text = (await this.page.getByText(/^[\d,]+ lines?$/).textContent()) ?? '0';
    return Number(text.replace(/[^\d]/g, ''));
  }
  get detailTitle() {
    return this.page.locator('#session-title');
  }
  get clearCompleted() {
    return this.page.getByRole('button', { name: /Clear Completed/ });
  }
  killButtonIn(scope: 'detail' | 'row', name: string) {
    const root = scope === 'detail' ? this.page.locator('section[aria-labelledby="session-title"] header') : this.page.getByTestId('session-list');
    return root.getByRole('button', { name: `Kill ${name}` });
  }
  async open(path = '/sessions') {
    await this.page.goto(path);
  }
  async screenshot(name: string) {
    const dir = path.join('e2e', 'screenshots');
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
  }
}

export class Api {
  constructor(readonly request: APIRequestContext) {}

  async launch(command: string, extra: Record<string, unknown> = {}): Promise<ApiSession> {
    const response = await this.request.post('/api/sessions', { data: { command, ...extra } });
    expect(response.status()).toBe(201);
    return response.json();
  }
  async get(id: string): Promise<ApiSession> {
    return (await this.request.get(`/api/sessions/${id}`)).json();
  }
  async clearFinished() {
    await this.request.delete('/api/sessions?status=finished');
  }
  async running(): Promise<ApiSession[]> {
    const { sessions } = await (await this.request.get('/api/sessions')).json();
    return (sessions as ApiSession[]).filter((session) => session.status === 'running');
  }
  /** Kills every running session and waits until they have ended: a kill answers 202 at once. */
  async killAll() {
    for (const session of await this.running()) await this.request.post(`/api/sessions/${session.id}/kill`);
    await expect.poll(async () => (await this.running()).length, { timeout: 15_000 }).toBe(0);
  }
}

/**
 * Every browser test fails on a console error, an uncaught exception or a React hydration warning:
 * the page must run clean.
 */
export const test = base.extend<{
  sessionsPage: SessionsPage;
  api: Api;
  authedRequest: APIRequestContext;
  consoleProblems: string[];
}>({
  consoleProblems: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || /hydrat/i.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await use(problems);
      expect(problems, 'console errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
  // Signed in the way a person is: the login link the server prints, `?token=`.
  sessionsPage: async ({ page }, use) => {
    await page.goto(`/login?token=${TOKEN}`);
    await use(new SessionsPage(page));
  },
  // An API client as agents are: a Bearer token on every request.
  authedRequest: async ({ baseURL }, use) => {
    const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: authHeader });
    await use(context);
    await context.dispose();
  },
  api: async ({ authedRequest }, use) => use(new Api(authedRequest)),
});

export { expect };
