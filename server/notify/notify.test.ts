import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '@/core/session-events';
import { until } from '@/lib/testing/helpers';
import { withSessionHost } from '@/lib/testing/host';
import { launchSession, requestKill, waitForEnd } from '../host';
import { startNotifications, type Notifications, type WebhookBody } from './index';
import { watchSessions } from './watch';

withSessionHost();

const received: WebhookBody[] = [];
let server: http.Server;
let notifications: Notifications | undefined;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (data) => (body += data));
    request.on('end', () => {
      received.push(JSON.parse(body) as WebhookBody);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.NOTIFY_WEBHOOK_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  process.env.PUBLIC_URL = 'https://sessions.example.com';
  notifications = startNotifications({ tickMs: 100 });
});

afterAll(async () => {
  notifications?.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const postsFor = (id: string) => received.filter((body) => body.session.id === id);

describe('the webhook, with a real session host', () => {
  it('receives one POST when a session ends with exit 3, with its id, name, status, exit and link', async () => {
    const session = await launchSession({ command: 'echo working; exit 3', name: 'exits three' });
    await until(() => postsFor(session.id).length > 0, 15_000, 'the POST of the end');
    expect(postsFor(session.id)).toEqual([
      {
        event: 'session.ended',
        session: { id: session.id, name: 'exits three', status: 'failed', exitCode: 3, signal: null },
        url: `https://sessions.example.com/sessions/${session.id}`,
        text: `exits three failed: exit code 3 https://sessions.example.com/sessions/${session.id}`,
      },
    ]);
    // Deliveries keep their order: once a later session's end has arrived, a second POST of the
    // first would have too.
    const later = await launchSession({ command: 'true', name: 'later' });
    await until(() => postsFor(later.id).length > 0, 15_000, 'the POST of the later end');
    expect(postsFor(session.id)).toHaveLength(1);
    expect(postsFor(later.id)).toMatchObject([{ event: 'session.ended', session: { status: 'completed', exitCode: 0 } }]);
  });

  it('receives session.waiting_for_input when a terminal session asks a question', async () => {
    const session = await launchSession({ command: 'read -p "continue? " answer; echo "got $answer"', tty: true, name: 'asks' });
    await until(() => postsFor(session.id).length > 0, 15_000, 'the POST of the wait');
    expect(postsFor(session.id)).toMatchObject([
      { event: 'session.waiting_for_input', session: { id: session.id, name: 'asks', status: 'running', exitCode: null } },
    ]);
    await requestKill(session.id, 0);
    await until(() => postsFor(session.id).length > 1, 15_000, 'the POST of the end');
    expect(postsFor(session.id)[1]).toMatchObject({ event: 'session.ended', session: { status: 'failed' } });
  });

  it('refuses to start with a NOTIFY_WEBHOOK_URL that is not an http(s) URL, without showing it', () => {
    const url = process.env.NOTIFY_WEBHOOK_URL;
    try {
      process.env.NOTIFY_WEBHOOK_URL = 'ftp://secret@example.com/hook';
      expect(() => startNotifications()).toThrow('NOTIFY_WEBHOOK_URL must be an http:// or https:// URL, not ftp:');
      process.env.NOTIFY_WEBHOOK_URL = 'hooks.slack.com/services/T0/B0/secret';
      expect(() => startNotifications()).toThrow(/^NOTIFY_WEBHOOK_URL is not a URL: give the full address/);
    } finally {
      process.env.NOTIFY_WEBHOOK_URL = url;
    }
  });
});

describe('silence', () => {
  it('is told once a running session has printed nothing for the given time', async () => {
    const events: SessionEvent[] = [];
    const stop = watchSessions({ silentMs: 500, tickMs: 50, onEvent: (event) => events.push(event) });
    try {
      // Before the launch: the output's time is later still.
      const launchedAt = Date.now();
      const session = await launchSession({ command: 'echo started; sleep 60', name: 'quiet' });
      await until(() => events.some((event) => event.session.id === session.id), 15_000, 'the silence');
      expect(Date.now() - launchedAt).toBeGreaterThanOrEqual(500);
      expect(events.filter((event) => event.session.id === session.id).map((event) => event.kind)).toEqual(['session.silent']);
      await requestKill(session.id, 0);
      await waitForEnd(session.id, 10_000);
    } finally {
      stop();
    }
  });
});
