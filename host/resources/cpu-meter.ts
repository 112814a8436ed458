import type { ProcStat } from '../proc';

type Seen = { startTime: string; ppid: number; ticks: number };

/** A process's CPU time, in clock ticks: its own and that of the children it has waited for. */
function ticksOf(stat: ProcStat): number {
  return stat.utime + stat.stime + stat.cutime + stat.cstime;
}

/**
 * The CPU time of one session's process tree, as htop counts it: what its processes used over the
 * interval, divided by the interval. A child that exits is waited for by its parent, whose
 * `cutime`/`cstime` then holds the child's time: summing every process's own and children's time
 * counts each tick once, including those of children too short-lived to be seen. What a process
 * used is lost only when something outside the tree waits for it (the session host for the main
 * process, init for an escapee): its last known time is banked then.
 */
export class CpuMeter {
  private seen = new Map<number, Seen>();
  private banked = 0;
  private last: { ticks: number; at: number } | undefined;

  /** `ticksPerSecond`: the kernel's clock ticks (USER_HZ), the unit of /proc's CPU times. */
  constructor(private readonly ticksPerSecond: number) {}

  /**
   * The tree as it is now (zombies included), at `at` seconds of a monotonic clock. `startedAt`
   * (same clock) is when the tree started: the first figure is its average since.
   */
  update(tree: ProcStat[], at: number, startedAt: number): { cpuPercent: number; cpuSeconds: number } {
    const now = new Map(tree.map((stat) => [stat.pid, { startTime: stat.startTime, ppid: stat.ppid, ticks: ticksOf(stat) }]));
    const stillHere = (pid: number, seen: Seen) => now.get(pid)?.startTime === seen.startTime;
    for (const [pid, seen] of this.seen) {
      if (!stillHere(pid, seen) && !waitedForInside(seen, this.seen, now)) this.banked += seen.ticks;
    }
    this.seen = now;
    let ticks = this.banked;
    for (const seen of now.values()) ticks += seen.ticks;
    const last = this.last ?? { ticks: 0, at: startedAt };
    this.last = { ticks, at };
    const seconds = at - last.at;
    const used = Math.max(0, ticks - last.ticks) / this.ticksPerSecond;
    return { cpuPercent: seconds > 0 ? (used / seconds) * 100 : 0, cpuSeconds: ticks / this.ticksPerSecond };
  }
}

/**
 * Whether a process that has gone was waited for by one of the tree's processes still here (its
 * time is then in that one's children's time): its last known ancestors are looked up, nearest
 * first, as long as they were in the tree.
 */
function waitedForInside(gone: Seen, before: Map<number, Seen>, now: Map<number, Seen>): boolean {
  const visited = new Set<number>();
  for (let pid = gone.ppid; !visited.has(pid); ) {
    visited.add(pid);
    const ancestor = before.get(pid);
    if (!ancestor) return false;
    if (now.get(pid)?.startTime === ancestor.startTime) return true;
    pid = ancestor.ppid;
  }
  return false;
}
