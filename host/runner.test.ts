import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSession } from '@/store/queries';
import { sessionProcessStats } from './proc';
import { launchSession, newSessionId, requestKill, stopAllSessionsSync } from './runner';
import { allChunks, isAlive, textOf, until, useTempDatabase, waitForEnd } from '@/lib/testing/helpers';

/** What a process was started as, its arguments joined by spaces. */
function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

let dir: string;
beforeAll(() => {
  dir = useTempDatabase();
});

describe('a session that runs to its end', () => {
  it('completes with exit code 0 and its output', async () => {
    const session = launchSession({ command: 'echo hello && echo world' });
    expect(session.status).toBe('running');
    expect(session.pid).toBeGreaterThan(0);
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'completed', endReason: 'exited', exitCode: 0, signal: null });
    expect(textOf(session.id, 'stdout')).toBe('hello\nworld\n');
    expect(textOf(session.id, 'system')).toBe('exited with code 0\n');
    expect(ended.outputBytes).toBe(12);
    expect(ended.endedAt!.getTime()).toBeGreaterThanOrEqual(ended.startedAt!.getTime());
  });

  it('fails with the exit code the command returned', async () => {
    const ended = await waitForEnd(launchSession({ command: 'echo partial; exit 3' }).id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'exited', exitCode: 3 });
    expect(textOf(ended.id, 'system')).toBe('exited with code 3\n');
  });

  it('fails when the command is not found', async () => {
    const ended = await waitForEnd(launchSession({ command: 'no-such-command-active-sessions' }).id);
    expect(ended).toMatchObject({ status: 'failed', exitCode: 127 });
    expect(textOf(ended.id, 'stderr')).toMatch(/no-such-command-active-sessions.*not found/);
    expect(textOf(ended.id, 'system')).toBe('exited with code 127 (command not found)\n');
  });

  it('fails to start in a missing cwd, and says so', async () => {
    const cwd = path.join(dir, 'does-not-exist');
    const session = launchSession({ command: 'echo never', cwd });
    expect(session).toMatchObject({ status: 'failed', endReason: 'spawn_error', pid: null });
    expect(session.error).toBe(`cwd does not exist: ${cwd}`);
    expect(textOf(session.id, 'system')).toBe(`failed to start: cwd does not exist: ${cwd}\n`);
  });

  it('fails to start, and says why, when the kernel refuses to spawn it', async () => {
    const session = launchSession({ command: 'echo never', env: { HUGE: 'x'.repeat(200 * 1024) } });
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'spawn_error', pid: null });
    expect(ended.error).toMatch(/E2BIG/);
    expect(textOf(session.id, 'system')).toMatch(/^failed to start: .*E2BIG/);
  });

  it('runs in the given cwd with the given env, through a shell', async () => {
    const ended = await waitForEnd(
      launchSession({ command: 'pwd; echo "$GREETING" | tr a-z A-Z; echo $PYTHONUNBUFFERED', cwd: dir, env: { GREETING: 'hi there' } }).id,
    );
    expect(textOf(ended.id, 'stdout')).toBe(`${dir}\nHI THERE\n1\n`);
  });

  it('gets an id no command line takes for an option', () => {
    const ids = Array.from({ length: 5000 }, newSessionId);
    expect(ids.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]{11}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names a session from its command unless given a name', () => {
    expect(launchSession({ command: 'python3 scripts/migrate.py --batch 5' }).name).toBe('migrate.py');
    expect(launchSession({ command: 'true', name: '  nightly backup ' }).name).toBe('nightly backup');
  });
});

describe('output capture', () => {
  it('keeps stdout and stderr apart, tagged, in the order they came', async () => {
    // Each write waits until the one before it is stored: on a loaded machine a sleep between them
    // could still let both pipes be read in the same turn, in either order.
    const gate = (n: number) => path.join(dir, `order-gate-${n}`);
    const waitFor = (n: number) => `while [ ! -e ${gate(n)} ]; do sleep 0.01; done`;
    const command = `echo out1; ${waitFor(1)}; echo err1 >&2; ${waitFor(2)}; echo out2; ${waitFor(3)}; echo err2 >&2`;
    const session = launchSession({ command });
    const steps = ['out1\n', 'out1\nerr1\n', 'out1\nerr1\nout2\n'];
    for (const [i, text] of steps.entries()) {
      await until(() => textOf(session.id) === text, 10_000, `output ${JSON.stringify(text)}`);
      writeFileSync(gate(i + 1), '');
    }
    const ended = await waitForEnd(session.id);
    const chunks = allChunks(ended.id).map(({ stream, text }) => [stream, text]);
    expect(chunks).toEqual([
      ['stdout', 'out1\n'],
      ['stderr', 'err1\n'],
      ['stdout', 'out2\n'],
      ['stderr', 'err2\n'],
      ['system', 'exited with code 0\n'],
    ]);
    const seqs = allChunks(ended.id).map((chunk) => chunk.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('decodes a UTF-8 character split across two reads', async () => {
    // "€" is E2 82 AC: the first two bytes arrive, and are written, well before the last one.
    const ended = await waitForEnd(launchSession({ command: "printf '\\342\\202'; sleep 0.3; printf '\\254\\n'" }).id);
    expect(allChunks(ended.id).filter((c) => c.stream === 'stdout').length).toBeGreaterThanOrEqual(1);
    expect(textOf(ended.id, 'stdout')).toBe('€\n');
  });

  it('turns invalid bytes into U+FFFD', async () => {
    const ended = await waitForEnd(launchSession({ command: "printf 'a\\377b\\n'; printf '\\342\\202'" }).id);
    expect(ended.status).toBe('completed');
    expect(textOf(ended.id, 'stdout')).toBe('a\uFFFDb\n\uFFFD');
  });

  it('captures a 10 MB line with no newline, in bounded chunks', async () => {
    const ended = await waitForEnd(launchSession({ command: "head -c 10000000 /dev/zero | tr '\\0' y" }).id, 30_000);
    expect(ended.outputBytes).toBe(10_000_000);
    const chunks = allChunks(ended.id).filter((c) => c.stream === 'stdout');
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(256 * 1024);
    const text = chunks.map((c) => c.text).join('');
    expect(text.length).toBe(10_000_000);
    expect(/^y+$/.test(text)).toBe(true);
  });

  it('captures 50 MB of output with flat memory', async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const line = 'INFO 2026-11-24T04:00:00Z worker-3 processed batch 1234 of 9999 in 12ms';
    const session = launchSession({ command: `yes "${line}" | head -c 50000000` });
    const ended = await waitForEnd(session.id, 60_000);
    clearInterval(sampler);
    expect(ended.status).toBe('completed');
    expect(ended.outputBytes).toBe(50_000_000);
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
  });
});

describe('kill', () => {
  it('kills the whole tree, a child that traps SIGTERM included, within grace + 1 s', async () => {
    const pidFile = path.join(dir, 'tree-pids');
    const command = [
      `sh -c 'trap "" TERM; echo $$ >> ${pidFile}; while :; do sleep 0.05; done' &`,
      `sh -c 'echo $$ >> ${pidFile}; sleep 100' &`,
      'echo started; wait',
    ].join(' ');
    const session = launchSession({ command });
    const pids = await until(() => {
      try {
        const lines = readFileSync(pidFile, 'utf8').trim().split('\n');
        return lines.length === 2 ? lines.map(Number) : undefined;
      } catch {
        return undefined;
      }
    });
    pids.push(session.pid!);
    const graceMs = 1000;
    expect(requestKill(session.id, graceMs)).toBe('stopping');
    expect(requestKill(session.id, graceMs)).toBe('stopping');
    const ended = await waitForEnd(session.id, graceMs + 3000);
    // SIGKILL follows the grace period: the bound only says "not never", with room for a loaded machine.
    await until(() => pids.every((pid) => !isAlive(pid)), graceMs + 5000, 'all pids to die');
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed' });
    expect(textOf(session.id, 'system')).toBe('killed by user (still running 1s after SIGTERM, sent SIGKILL)\n');
  });

  it('records SIGTERM when that was enough, and never reports a kill as success', async () => {
    const session = launchSession({ command: 'sleep 100' });
    requestKill(session.id);
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed', signal: 'SIGTERM' });
    expect(textOf(session.id, 'system')).toBe('killed by user (SIGTERM)\n');
  });

  it('marks a kill as killed even when the command exits 0 on SIGTERM', async () => {
    const session = launchSession({ command: "trap 'echo bye; exit 0' TERM; echo ready; while :; do sleep 0.05; done" });
    await until(() => textOf(session.id, 'stdout').includes('ready'));
    requestKill(session.id);
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed', exitCode: 0 });
  });

  it('reaches processes that left the process group and the parent chain (setsid, double fork)', async () => {
    const session = launchSession({ command: '(setsid sleep 611 &); (sleep 612 &) ; echo forked; sleep 613' });
    await until(() => textOf(session.id, 'stdout').includes('forked'));
    const escaped = await until(() => {
      const pids = sessionProcessStats([], [session.id]).filter((stat) => readCmdline(stat.pid).startsWith('sleep 61'));
      return pids.length === 3 && pids.map((stat) => stat.pid);
    });
    requestKill(session.id, 2000);
    const ended = await waitForEnd(session.id);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed' });
    expect(textOf(session.id, 'system')).toBe('killed by user (SIGTERM)\n');
    for (const pid of escaped) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  });

  it('kills a session that outlives its timeout, and says so', async () => {
    const session = launchSession({ command: 'echo started; sleep 100', timeout: 1 });
    const ended = await waitForEnd(session.id, 15_000);
    expect(ended).toMatchObject({ status: 'failed', endReason: 'killed', error: 'timed out after 1s', timeoutSeconds: 1 });
    expect(textOf(session.id)).toBe('started\ntimed out after 1s (SIGTERM)\n');
  });

  it('changes nothing for a finished session, and says so', async () => {
    const ended = await waitForEnd(launchSession({ command: 'true' }).id);
    expect(requestKill(ended.id)).toBe('not_running');
    expect(getSession(ended.id)).toEqual(ended);
    expect(requestKill('no-such-id')).toBe('not_found');
  });
});

describe('ending', () => {
  it('ends when the main process exits, even if a background child keeps the pipe open', async () => {
    const started = Date.now();
    const session = launchSession({ command: 'sleep 30 & echo main done' });
    const ended = await waitForEnd(session.id, 5000);
    // Not the 30 s the background child lives: the end follows the main process.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(ended).toMatchObject({ status: 'completed', exitCode: 0 });
    const system = textOf(session.id, 'system');
    expect(system).toMatch(/^exited with code 0\nbackground processes still hold the output open \(pids \d+\)/);
    const orphan = Number(/pids (\d+)/.exec(system)![1]);
    process.kill(orphan, 'SIGKILL');
  });

  it('stops every running session when the server stops, and records why', async () => {
    const a = launchSession({ command: 'sleep 100' });
    const b = launchSession({ command: "trap '' TERM; echo ready; while :; do sleep 0.05; done" });
    // Not just started: a SIGTERM before the trap is set would end it at once.
    await until(() => textOf(b.id, 'stdout').includes('ready'));
    expect(stopAllSessionsSync(500)).toBe(2);
    for (const id of [a.id, b.id]) {
      const session = getSession(id)!;
      expect(session).toMatchObject({ status: 'failed', endReason: 'interrupted', error: 'interrupted: the session host was stopped' });
      expect(isAlive(session.pid!)).toBe(false);
    }
    expect(textOf(b.id, 'system')).toMatch(/^interrupted: the session host was stopped \(still running 0.5s after SIGTERM, sent SIGKILL\)/);
    // Each is judged on its own: the one that died on SIGTERM did not need SIGKILL.
    expect(textOf(a.id, 'system')).toBe('interrupted: the session host was stopped (SIGTERM)\n');
    expect(getSession(b.id)).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('keeps what a command prints on its way out when the server stops, and how it exited', async () => {
    // One fork, before "started": a SIGTERM that lands in a child forked but not yet exec'd would run
    // the trap there too.
    const session = launchSession({ command: 'trap \'echo "saving state before exit"; exit 3\' TERM; sleep 100 & echo started; wait' });
    await until(() => textOf(session.id, 'stdout').includes('started'));
    expect(stopAllSessionsSync(2000)).toBe(1);
    const ended = getSession(session.id)!;
    expect(ended).toMatchObject({ status: 'failed', endReason: 'interrupted', exitCode: 3 });
    expect(textOf(session.id, 'stdout')).toBe('started\nsaving state before exit\n');
    expect(textOf(session.id, 'system')).toMatch(/^interrupted: the session host was stopped \(SIGTERM\)/);
  });
});

afterAll(() => stopAllSessionsSync(100));
