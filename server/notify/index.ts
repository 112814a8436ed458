import { config } from '@/config';
import type { SessionJson } from '@/core/contract';
import { describeEvent, type SessionEvent, type SessionEventKind } from '@/core/session-events';
import { createWebhook, type Webhook } from './webhook';
import { watchSessions } from './watch';

/** What NOTIFY_WEBHOOK_URL receives. `text` is the event in one line, which is what Slack shows. */
export type WebhookBody = {
  event: SessionEventKind;
  session: Pick<SessionJson, 'id' | 'name' | 'status' | 'exitCode' | 'signal'>;
  url: string;
  text: string;
};

export function webhookBody(event: SessionEvent<SessionJson>, silentMs: number | null): WebhookBody {
  const { id, name, status, exitCode, signal, url } = event.session;
  const { title, body } = describeEvent(event, silentMs);
  return { event: event.kind, session: { id, name, status, exitCode, signal }, url, text: `${title}: ${body} ${url}` };
}

export type Notifications = { webhook: Webhook; stop(): void };

/**
 * Sends session events to NOTIFY_WEBHOOK_URL, when it is set: nothing runs otherwise. Reading the
 * setting throws when it is not an http(s) URL, which stops the server at start with the reason.
 */
export function startNotifications(options: { tickMs?: number } = {}): Notifications | undefined {
  const url = config.notifyWebhookUrl;
  if (!url) return undefined;
  const silentMs = config.notifySilentMinutes > 0 ? config.notifySilentMinutes * 60_000 : null;
  const webhook = createWebhook({ url });
  const stop = watchSessions({ silentMs, tickMs: options.tickMs, onEvent: (event) => webhook.send(webhookBody(event, silentMs)) });
  return { webhook, stop };
}
