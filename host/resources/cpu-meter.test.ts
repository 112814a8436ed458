import { describe, expect, it } from 'vitest';
import type { ProcStat } from '../proc';
import { CpuMeter } from './cpu-meter';

// Ticks of 1/100 s, as on every Linux.
const meter = () => new CpuMeter(100);

function proc(pid: number, ppid: number, own: number, children = 0): ProcStat {
  return { pid, ppid, pgrp: 10, state: 'S', ttyNr: 0, tpgid: 0, startTime: `${pid}`, exitStatus: 0, utime: own, stime: 0, cutime: children, cstime: 0, rssPages: 0 };
}

describe('the CPU time of a process tree', () => {
  it('is the time used over the interval, the first one counted from the start', () => {
    const cpu = meter();
    expect(cpu.update([proc(10, 1, 100)], 12, 10)).toEqual({ cpuPercent: 50, cpuSeconds: 1 });
    expect(cpu.update([proc(10, 1, 300)], 14, 10)).toEqual({ cpuPercent: 100, cpuSeconds: 3 });
  });

  it('counts a child once when its parent waits for it: its time moves to the children’s time', () => {
    const cpu = meter();
    cpu.update([proc(10, 1, 0), proc(11, 10, 100)], 2, 0);
    const after = cpu.update([proc(10, 1, 0, 150)], 4, 0);
    expect(after).toEqual({ cpuPercent: 25, cpuSeconds: 1.5 });
  });

  it('keeps the time of a process that something outside the tree waited for', () => {
    const cpu = meter();
    // An escapee (its parent is init) and the main process, which the session host waits for.
    cpu.update([proc(10, 1, 100), proc(12, 1, 200)], 2, 0);
    expect(cpu.update([proc(12, 1, 300)], 4, 0)).toEqual({ cpuPercent: 50, cpuSeconds: 4 });
  });

  it('counts once a grandchild waited for by a child that its parent then waited for', () => {
    const cpu = meter();
    cpu.update([proc(10, 1, 0), proc(11, 10, 10), proc(12, 11, 20)], 2, 0);
    expect(cpu.update([proc(10, 1, 0, 60)], 4, 0)).toEqual({ cpuPercent: 15, cpuSeconds: 0.6 });
  });

  it('tells a reused pid from the process it replaced', () => {
    const cpu = meter();
    cpu.update([proc(10, 1, 0), { ...proc(11, 1, 100), startTime: 'old' }], 2, 0);
    expect(cpu.update([proc(10, 1, 0), { ...proc(11, 10, 5), startTime: 'new' }], 4, 0).cpuSeconds).toBe(1.05);
  });
});
