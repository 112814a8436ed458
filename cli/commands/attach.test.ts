import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createClient } from '@/client';
import { SESSION_ROUTES } from '@/app/api/mcp/session-routes';
import { inProcessFetch } from '@/server/in-process-fetch';
import { launchSession } from '@/server/host';
import { withSessionHost } from '@/lib/testing/host';
import { textOf, until, waitForEnd } from '@/lib/testing/helpers';
import { getSession } from '@/store/queries';
import type { Context } from '../context';
import { parse, run } from './attach';
import type { LocalTerminal } from './attach-terminal';

withSessionHost();

/** The CLI's context over the in-process routes; `refuse` answers 500 to the requests it picks. */
function context(refuse: (url: string) => boolean = () => false) {
  const caller = new Request('http://localhost/', { headers: { host: 'localhost' } });
  const stderr = { text: '', write: (text: string) => (stderr.text += text) };
  const routes = inProcessFetch(SESSION_ROUTES, caller);
  const fetch: typeof routes = (input, init) =>
    refuse(String(input)) ? Promise.resolve(Response.json({ error: 'the server broke' }, { status: 500 })) : routes(input, init);
  const value: Context = {
    client: createClient({ baseUrl: 'http://localhost', fetch }),
    config: { baseUrl: 'http://localhost', token: { from: 'the in-process routes' }, version: 'test' },
    stdout: { write: () => true },
    stderr,
  };
  return { context: value, stderr };
}

/** A terminal of 90×25 whose keys the test types and whose screen it reads, raw mode recorded. */
function fakeTerminal(isTTY = true) {
  const rawModes: boolean[] = [];
  const input = Object.assign(new EventEmitter(), { isTTY, setRawMode: (raw: boolean) => rawModes.push(raw), pause: () => undefined });
  const output = Object.assign(new EventEmitter(), { columns: 90, rows: 25, written: '', write: (text: string) => (output.written += text) });
  const terminal: LocalTerminal = { input, output };
  return { terminal, rawModes, output, type: (text: string) => input.emit('data', Buffer.from(text)) };
}

describe('attach', () => {
  it('takes one session id', () => {
    expect(parse(['abc'])).toEqual({ id: 'abc' });
    expect(() => parse([])).toThrow(/a session id is required/);
  });

  it('refuses without a terminal, and for a pipe-mode or ended session, before touching the terminal', async () => {
    const local = fakeTerminal(false);
    const pipe = await launchSession({ command: 'sleep 30' });
    const { context: notTty, stderr: why } = context();
    expect(await run({ id: pipe.id }, notTty, local.terminal)).toBe(1);
    expect(why.text).toMatch(/stdin is not a terminal/);

    const tty = fakeTerminal();
    const { context: onPipe, stderr } = context();
    expect(await run({ id: pipe.id }, onPipe, tty.terminal)).toBe(1);
    expect(stderr.text).toMatch(/runs on pipes, not on a terminal/);

    const ended = await launchSession({ command: 'true', tty: true });
    await waitForEnd(ended.id);
    const { context: late, stderr: lateWhy } = context();
    expect(await run({ id: ended.id }, late, tty.terminal)).toBe(1);
    expect(lateWhy.text).toMatch(/has ended \(completed\)/);
    expect(tty.rawModes).toEqual([]);
  });

  it('draws the screen at its own size, types keys into the session, and Ctrl-] detaches it running', async () => {
    const session = await launchSession({ command: 'echo ready; cat', name: 'echo back', tty: true });
    await until(() => textOf(session.id).includes('ready'), 15_000, 'ready');
    const local = fakeTerminal();
    const { context: attached, stderr } = context();
    const done = run({ id: session.id }, attached, local.terminal);
    await until(() => local.output.written.includes('\x1b[2Jready'), 15_000, 'the screen');
    expect(getSession(session.id)).toMatchObject({ cols: 90, rows: 25 });
    local.type('hello\r');
    // The terminal echoes the line, then cat writes it back.
    await until(() => local.output.written.split('hello').length === 3, 15_000, 'hello, twice');
    local.type('ab\x1dcd');
    expect(await done).toBe(0);
    expect(local.rawModes).toEqual([true, false]);
    expect(local.output.written).toMatch(/\x1b\[\?25h/);
    expect(stderr.text).toBe(`detached from echo back; it keeps running (attach again: active-sessions attach ${session.id})\n`);
    await until(() => textOf(session.id).includes('ab'), 15_000, 'ab');
    expect(textOf(session.id)).not.toContain('cd');
    expect(getSession(session.id)?.status).toBe('running');
  });

  it('draws the screen as the program left it, colours, alternate screen and input modes included, and undoes them on detach', async () => {
    // As a full-screen program sets up before anyone attaches: the alternate screen, application cursor keys, bracketed paste.
    const command = "printf 'shell line\\r\\n\\033[?1049h\\033[?1h\\033[?2004h\\033[H\\033[31mred title\\033[0m'; echo; cat";
    const session = await launchSession({ command, name: 'full screen', tty: true, cols: 90, rows: 25 });
    await until(() => textOf(session.id).includes('red title'), 15_000, 'the title');
    const local = fakeTerminal();
    const { context: attached } = context();
    const done = run({ id: session.id }, attached, local.terminal);
    await until(() => local.output.written.includes('red title'), 15_000, 'the screen');
    const drawn = local.output.written;
    expect(drawn).toContain('\x1b[?1049h');
    expect(drawn).toContain('\x1b[?1h');
    expect(drawn).toContain('\x1b[?2004h');
    expect(drawn).toMatch(/\x1b\[(?:[0-9;]*;)?31m/);
    local.type('\x1d');
    expect(await done).toBe(0);
    const restored = local.output.written.slice(drawn.length);
    expect(restored).toContain('\x1b[?1049l');
    expect(restored).toContain('\x1b[?1l');
    expect(restored).toContain('\x1b[?2004l');
  });

  it('when the session ends while attached, gives the terminal back, says how it ended and exits with its code', async () => {
    const session = await launchSession({ command: 'read -p "continue? " x; echo got $x; exit 3', name: 'prompt', tty: true });
    const local = fakeTerminal();
    const { context: attached, stderr } = context();
    const done = run({ id: session.id }, attached, local.terminal);
    await until(() => local.output.written.includes('continue? '), 15_000, 'the prompt');
    local.type('yes\r');
    expect(await done).toBe(3);
    expect(local.output.written).toContain('got yes');
    expect(local.rawModes).toEqual([true, false]);
    expect(stderr.text).toBe('prompt ended: exited with code 3\n');
  });

  it('gives the terminal back when a signal ends it, or when a request fails', async () => {
    const session = await launchSession({ command: 'cat', name: 'cat', tty: true });
    const listeners = process.listenerCount('SIGTERM');
    const signalled = fakeTerminal();
    const { context: first, stderr } = context();
    const done = run({ id: session.id }, first, signalled.terminal);
    await until(() => signalled.output.written.includes('\x1b[2J'), 15_000, 'the screen');
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(143);
    expect(signalled.rawModes).toEqual([true, false]);
    expect(stderr.text).toBe('detached from cat by SIGTERM; it keeps running\n');
    expect(process.listenerCount('SIGTERM')).toBe(listeners);

    const failing = fakeTerminal();
    const { context: second } = context((url) => url.endsWith('/input'));
    const attached = run({ id: session.id }, second, failing.terminal);
    await until(() => failing.rawModes.length === 1 && failing.output.written.includes('\x1b[2J'), 15_000, 'the screen');
    failing.type('x');
    await expect(attached).rejects.toThrow('the server broke');
    expect(failing.rawModes).toEqual([true, false]);
    expect(failing.output.written).toMatch(/\x1b\[\?25h/);
    expect(getSession(session.id)?.status).toBe('running');
  });
});
