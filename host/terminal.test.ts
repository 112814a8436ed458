import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '@/lib/testing/helpers';
import { ptyInvocation, readsTerminal } from './terminal';

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
});

/** Runs a command on a pseudo-terminal as the host does; its first process on the terminal and that terminal. */
async function onTerminal(command: string) {
  const program = ptyInvocation(command, '/bin/sh', { cols: 100, rows: 30 }, { PATH: process.env.PATH ?? '', TERM: 'xterm-256color', HOME: '/tmp' });
  const child = execa(program.file, program.args, { env: program.env, extendEnv: false, detached: true, stdin: 'pipe', buffer: false, reject: false });
  child.catch(() => undefined);
  child.stdout?.resume();
  started.push(child.pid as number);
  const holder = await until(() => readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0], 10_000, 'the command');
  // Its controlling terminal is set a moment after it appears.
  const ttyNr = await until(() => {
    const stat = readFileSync(`/proc/${holder}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[4]);
  }, 10_000, 'the terminal');
  const pts = `/dev/pts/${(((ttyNr >> 8) & 0xfff) - 136) * 256 + ((ttyNr & 0xff) | ((ttyNr >> 12) & 0xfff00))}`;
  return { pid: Number(holder), pts };
}

const syscall = (pid: number) => readFileSync(`/proc/${pid}/syscall`, 'utf8').trim().split(' ');

describe('readsTerminal: what the kernel says of a program on a terminal', () => {
  it('a read of the terminal is waiting for input', async () => {
    const { pid, pts } = await onTerminal('read x');
    await until(() => readsTerminal(pid, pts), 20_000, 'the shell to be seen reading the terminal');
    expect(syscall(pid)[0]).toBe(process.arch === 'arm64' ? '63' : '0');
  });

  it('top between refreshes waits for a key with a timeout: not waiting for input', async () => {
    const { pid, pts } = await onTerminal('exec top -d 30');
    // pselect6 (x86-64 270, arm64 72) on the terminal, with its timeout.
    await until(() => ['270', '72'].includes(syscall(pid)[0]), 10_000, 'top to wait');
    expect(readsTerminal(pid, pts)).toBe(false);
  });

  it('a program sleeping is not waiting for input', async () => {
    const { pid, pts } = await onTerminal('exec sleep 30');
    await until(() => readFileSync(`/proc/${pid}/stat`, 'utf8').includes('(sleep)'), 10_000, 'sleep to start');
    await until(() => readFileSync(`/proc/${pid}/wchan`, 'utf8') !== '0', 10_000, 'sleep to sleep');
    expect(readsTerminal(pid, pts)).toBe(false);
  });
});
