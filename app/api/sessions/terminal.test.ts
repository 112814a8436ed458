import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { withSessionHost } from '@/lib/testing/host';
import { textOf, until, waitForEnd } from '@/lib/testing/helpers';
import { getSession } from '@/store/queries';
import * as collection from './route';
import * as single from './[id]/route';
import * as input from './[id]/input/route';
import * as resize from './[id]/resize/route';
import * as screen from './[id]/screen/route';
import * as kill from './[id]/kill/route';

withSessionHost();
beforeAll(() => {
  process.env.ACTIVE_SESSIONS_TOKEN = TOKEN;
});

const TOKEN = 'terminal-test-token-0123456789';
const base = 'http://localhost/api/sessions';
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const none = { params: Promise.resolve({}) };

function req(url: string, init: RequestInit = {}) {
  return new Request(url, { ...init, headers: { host: 'localhost', authorization: `Bearer ${TOKEN}`, ...init.headers } });
}

async function create(body: Record<string, unknown>) {
  const response = await collection.POST(req(base, { method: 'POST', body: JSON.stringify(body) }), none);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; tty: boolean; cols: number | null; rows: number | null; waitingForInput: boolean };
}

const send = (id: string, body: unknown) => input.POST(req(`${base}/${id}/input`, { method: 'POST', body: JSON.stringify(body) }), ctx(id));
const sendResize = (id: string, body: unknown) => resize.POST(req(`${base}/${id}/resize`, { method: 'POST', body: JSON.stringify(body) }), ctx(id));
async function screenOf(id: string) {
  const response = await screen.GET(req(`${base}/${id}/screen`), ctx(id));
  expect(response.status).toBe(200);
  return (await response.json()) as { cols: number; rows: number; lines: string[]; cursor: { x: number; y: number } };
}
function marked(pid: string, id: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`ACTIVE_SESSIONS_SESSION_ID=${id}`);
  } catch {
    return false;
  }
}
async function json(id: string) {
  return (await (await single.GET(req(`${base}/${id}`), ctx(id))).json()) as { waitingForInput: boolean; cols: number; rows: number };
}

describe('terminal mode', () => {
  it('runs the command on a terminal of the size asked for', async () => {
    const session = await create({ command: 'python3 -c "import sys; print(sys.stdout.isatty())"; tput cols; tput lines', tty: true, cols: 90, rows: 20 });
    expect(session).toMatchObject({ tty: true, cols: 90, rows: 20, waitingForInput: false });
    const ended = await waitForEnd(session.id);
    expect(ended.exitCode).toBe(0);
    expect(textOf(session.id, 'stdout')).toBe('True\r\n90\r\n20\r\n');
  });

  it('stays on pipes by default, stdin closed, with no size', async () => {
    const session = await create({ command: 'python3 -c "import sys; print(sys.stdout.isatty())"; cat; echo cat-done' });
    expect(session).toMatchObject({ tty: false, cols: null, rows: null, waitingForInput: false });
    await waitForEnd(session.id);
    expect(textOf(session.id, 'stdout')).toBe('False\ncat-done\n');
    expect((await send(session.id, { text: 'x' })).status).toBe(409);
    expect((await screen.GET(req(`${base}/${session.id}/screen`), ctx(session.id))).status).toBe(409);
  });

  it('shows a prompt, says it waits for input, and reads text and keys', async () => {
    const { id } = await create({ command: 'read -p "continue? " x; echo got $x', tty: true });
    await until(() => getSession(id)?.waitingForInput, 15_000, 'the session to wait for input');
    expect((await json(id)).waitingForInput).toBe(true);
    expect((await screenOf(id)).lines[0]).toBe('continue? ');
    const response = await send(id, { text: 'yes', keys: ['enter'] });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ok: true });
    const ended = await waitForEnd(id);
    expect(ended.exitCode).toBe(0);
    expect(textOf(id, 'stdout')).toContain('got yes');
    expect(ended.waitingForInput).toBe(false);
    // Rebuilt from the output once no emulator watches it.
    expect((await screenOf(id)).lines.slice(0, 2)).toEqual(['continue? yes', 'got yes']);
  });

  it('is not waiting for input when it is merely quiet, as a stalled progress bar is', async () => {
    const stalled = await create({ command: 'printf "downloading 50%%"; sleep 60', tty: true });
    await until(() => textOf(stalled.id).includes('50%'), 10_000, 'the progress line');
    // Quiet for longer than the reader below: judged in the same look at /proc, or before it.
    const reader = await create({ command: 'read x', tty: true });
    await until(() => getSession(reader.id)?.waitingForInput, 15_000, 'the reader to wait for input');
    expect(getSession(stalled.id)?.waitingForInput).toBe(false);
    for (const { id } of [stalled, reader]) expect((await send(id, { keys: ['ctrl-c'] })).status).toBe(202);
    await waitForEnd(stalled.id);
  });

  it('follows a resize: tput cols, the stored size and the screen', async () => {
    const { id } = await create({ command: 'trap "tput cols" WINCH; echo ready; while :; do sleep 0.1; done', tty: true });
    await until(() => textOf(id).includes('ready'), 10_000, 'ready');
    expect((await sendResize(id, { cols: 77, rows: 11 })).status).toBe(202);
    await until(() => textOf(id).includes('77'), 10_000, 'tput cols to say 77');
    expect(await json(id)).toMatchObject({ cols: 77, rows: 11 });
    expect(await screenOf(id)).toMatchObject({ cols: 77, rows: 11 });
    expect((await send(id, { keys: ['ctrl-c'] })).status).toBe(202);
    await waitForEnd(id);
  });

  it('streams a block-buffered program live, and ctrl-c interrupts sleep', async () => {
    const { id } = await create({ command: 'perl -e \'for (1..3) { printf "tick %d\\n", $_; sleep 1 } \'; sleep 100', tty: true });
    // On a pipe perl would hold these until it exits; on a terminal each line comes at once.
    await until(() => textOf(id).includes('tick 1'), 10_000, 'the first tick while perl still runs');
    expect(getSession(id)?.status).toBe('running');
    expect(textOf(id)).not.toContain('tick 3');
    await until(() => textOf(id).includes('tick 3'), 10_000, 'the last tick');
    expect((await send(id, { keys: ['ctrl-c'] })).status).toBe(202);
    const ended = await waitForEnd(id, 10_000);
    expect(ended.status).toBe('failed');
  });

  it('keeps the screen right through a 71 MB firehose', async () => {
    // Past xterm's 50 MB write buffer, which drops what it cannot parse in time (the pipe waits for it).
    const { id } = await create({ command: 'seq 1 8000000; echo done; sleep 60', tty: true, rows: 5 });
    let lines: string[] = [];
    for (const deadline = Date.now() + 90_000; !lines.includes('done') && Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      lines = (await screenOf(id)).lines;
    }
    expect(lines).toEqual(['7999998', '7999999', '8000000', 'done', '']);
    expect((await send(id, { keys: ['ctrl-c'] })).status).toBe(202);
    await waitForEnd(id);
  }, 120_000);

  it('Kill ends every process on the terminal, those in other process groups included', async () => {
    const { id } = await create({ command: 'sleep 100 & sleep 100 & echo started; wait', tty: true });
    await until(() => textOf(id).includes('started'), 10_000, 'the sleeps to start');
    const sleepers = () => readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && marked(pid, id));
    await until(() => sleepers().length >= 4, 10_000, 'script, the shell and two sleeps');
    const before = sleepers();
    expect((await kill.POST(req(`${base}/${id}/kill?graceMs=500`, { method: 'POST' }), ctx(id))).status).toBe(202);
    expect(await waitForEnd(id)).toMatchObject({ status: 'failed', endReason: 'killed' });
    await until(() => before.every((pid) => !existsSync(`/proc/${pid}`) || !marked(pid, id)), 10_000, 'every process to be gone');
  });

  it('refuses bad input with messages that name the field', async () => {
    const { id } = await create({ command: 'sleep 30', tty: true });
    const cases: [unknown, string][] = [
      [{}, 'give text or keys'],
      [{ text: '' }, 'give text or keys'],
      [{ keys: ['f1'] }, 'keys must be among'],
      [{ keys: 'enter' }, 'keys must be an array'],
      [{ text: 5 }, 'text must be a string'],
      [{ text: 'x'.repeat(64 * 1024 + 1) }, 'text must be at most 64 KiB'],
      [{ text: 'a', other: 1 }, 'unknown field(s): other'],
    ];
    for (const [body, message] of cases) {
      const response = await send(id, body);
      expect(response.status, JSON.stringify(body).slice(0, 50)).toBe(400);
      expect((await response.json()).error).toContain(message);
    }
    for (const [body, message] of [
      [{ cols: 10, rows: 10 }, 'cols must be at least 20'],
      [{ cols: 80 }, 'rows is required'],
      [{ cols: 80, rows: 201 }, 'rows must be at most 200'],
    ] as const) {
      const response = await sendResize(id, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toContain(message);
    }
    expect((await send('nosuchsession', { text: 'x' })).status).toBe(404);
    expect((await sendResize('nosuchsession', { cols: 80, rows: 24 })).status).toBe(404);
    expect((await screen.GET(req(`${base}/nosuchsession/screen`), ctx('nosuchsession'))).status).toBe(404);
    const bad = await collection.POST(req(base, { method: 'POST', body: JSON.stringify({ command: 'true', tty: true, cols: 1000 }) }), none);
    expect((await bad.json()).error).toContain('cols must be at most 500');
    expect((await send(id, { keys: ['ctrl-c'] })).status).toBe(202);
    expect(await waitForEnd(id, 30_000)).toMatchObject({ exitCode: 130 });
    expect((await send(id, { text: 'x' })).status).toBe(409);
    expect((await sendResize(id, { cols: 80, rows: 24 })).status).toBe(409);
  });
});
