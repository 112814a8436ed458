import { createClient, type ActiveSessionsClient } from '@/client';
import type { CliConfig } from './config';

/** Where a verb writes: the process's streams, or a test's buffers. */
export type Output = { write(text: string): unknown; isTTY?: boolean };

/** What every verb gets: the typed client, the settings it was made from, and its two outputs. */
export type Context = {
  client: ActiveSessionsClient;
  config: CliConfig;
  stdout: Output;
  stderr: Output;
};

export function createContext(config: CliConfig, stdout: Output, stderr: Output): Context {
  return { client: createClient({ baseUrl: config.baseUrl, token: config.token.value }), config, stdout, stderr };
}
