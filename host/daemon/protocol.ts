import { z } from 'zod';
import { createSessionSchema, MAX_GRACE_MS, MAX_INPUT_BYTES, MAX_INPUT_KEYS, sessionIdSchema, sessionResizeSchema } from '@/core/contract';
import { SESSION_SOURCES } from '@/core/types';

/**
 * What the web server and the session host say to each other over the host's unix socket: one
 * JSON object per line. Every request carries an id that its answer repeats; events carry none.
 * A change that an older peer would misread bumps PROTOCOL.
 */
// 2: launches may ask for a terminal (tty, cols, rows); input, resize and screen.
// 3: a launch may name the session it re-runs (rerunOf), and its env is stored.
export const PROTOCOL = 3;

// The largest request a client may send: a launch with its command and environment fits easily.
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

// A day: longer waits are split by the caller.
const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

export const launchParamsSchema = createSessionSchema.extend({ source: z.enum(SESSION_SOURCES).optional(), rerunOf: sessionIdSchema.optional() });

const requestId = z.number().int().nonnegative();

export const requestSchema = z.discriminatedUnion('method', [
  z.strictObject({ id: requestId, method: z.literal('hello') }),
  z.strictObject({ id: requestId, method: z.literal('launch'), params: launchParamsSchema }),
  z.strictObject({
    id: requestId,
    method: z.literal('kill'),
    params: z.strictObject({ id: sessionIdSchema, graceMs: z.number().int().min(0).max(MAX_GRACE_MS).optional() }),
  }),
  z.strictObject({
    id: requestId,
    method: z.literal('waitForEnd'),
    params: z.strictObject({ id: sessionIdSchema, timeoutMs: z.number().int().min(0).max(MAX_WAIT_MS) }),
  }),
  z.strictObject({
    id: requestId,
    method: z.literal('input'),
    // The bytes of the text and keys, as the web server put them together.
    params: z.strictObject({ id: sessionIdSchema, data: z.string().min(1).max(MAX_INPUT_BYTES + MAX_INPUT_KEYS * 4) }),
  }),
  z.strictObject({ id: requestId, method: z.literal('resize'), params: sessionResizeSchema.extend({ id: sessionIdSchema }) }),
  // The live screen of a terminal session running here, or null: the caller rebuilds it from the output.
  z.strictObject({ id: requestId, method: z.literal('screen'), params: z.strictObject({ id: sessionIdSchema }) }),
  z.strictObject({ id: requestId, method: z.literal('subscribe') }),
  // Honoured only while no session runs: a client of another protocol replaces an idle host.
  z.strictObject({ id: requestId, method: z.literal('exitIfIdle') }),
]);

export type Request = z.infer<typeof requestSchema>;
export type Method = Request['method'];

export type KillOutcome = 'stopping' | 'not_found' | 'not_running' | 'not_owned';

export type Hello = { protocol: number; pid: number; version: string; running: number };

export type ErrorBody = { code: string; message: string };

export type Answer = { id: number | null; ok: true; value: unknown } | { id: number | null; ok: false; error: ErrorBody };

export type OutputEvent = { event: 'output'; id: string };

export const answerSchema = z.union([
  z.object({ id: requestId.nullable(), ok: z.literal(true), value: z.unknown() }),
  z.object({ id: requestId.nullable(), ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
  z.object({ event: z.literal('output'), id: z.string() }),
]);

/**
 * Splits a byte stream into lines and hands each on; a line longer than MAX_LINE_BYTES is refused
 * through `onOverflow` (the sender is not speaking this protocol, or is broken).
 */
export function lineReader(onLine: (line: string) => void, onOverflow: () => void): (data: Buffer) => void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return (data) => {
    let start = 0;
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10, start)) {
      pending.push(data.subarray(start, newline));
      const line = Buffer.concat(pending).toString('utf8');
      pending = [];
      pendingBytes = 0;
      start = newline + 1;
      onLine(line);
    }
    if (start < data.length) {
      pending.push(data.subarray(start));
      pendingBytes += data.length - start;
      if (pendingBytes > MAX_LINE_BYTES) {
        pending = [];
        pendingBytes = 0;
        onOverflow();
      }
    }
  };
}
