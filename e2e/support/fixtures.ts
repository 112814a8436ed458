import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { createClient, type ActiveSessionsClient } from '../../client';
import type { CreateSessionBody, SessionJson } from '../../core/contract';
import path from 'node:path';

export const TOKEN = process.env.E2E_TOKEN as string;
export const authHeader = { Authorization: `Bearer ${TOKEN}` };

export type ApiSession = SessionJson;

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

/** The API as agents and scripts use it: the one typed client, with the Bearer token. */
export class Api {
  readonly client: ActiveSessionsClient;

  constructor(baseUrl: string) {
    this.client = createClient({ baseUrl, token: TOKEN });
  }

  launch(command: string, extra: Omit<CreateSessionBody, 'command'> = {}): Promise<SessionJson> {
    return this.client.createSession({ command, ...extra });
  }
  get(id: string): Promise<SessionJson> {
    return this.client.getSession(id);
  }
  /** Clears every finished session, pinned ones too: a test that needs an empty list gets one. */
  async clearFinished() {
    const pinned = (await this.client.listSessions()).sessions.filter((session) => session.pinned);
    for (const session of pinned) await this.client.pinSession(session.id, false);
    await this.client.clearFinished();
  }
  async running(): Promise<SessionJson[]> {
    return (await this.client.listSessions({ status: 'running' })).sessions;
  }
  /** Kills every running session and waits until they have ended: a kill answers 202 at once. */
  async killAll() {
    for (const session of await this.running()) await this.client.killSession(session.id).catch(() => undefined);
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
  api: async ({ baseURL }, use) => use(new Api(baseURL as string)),
});

export { expect };
