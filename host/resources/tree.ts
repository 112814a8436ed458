import { markedSessionId, type ProcStat } from '../proc';

/** A session as the sampler looks for it: its id (the marker's value) and its process group. */
export type SampledSession = { id: string; pgid: number };

/**
 * Each session's processes, found in one reading of the process table however many sessions there
 * are, the way Kill finds them (host/proc.ts): those in its process group, those whose environment
 * carries its marker (escapees that left the group by `setsid` or a double fork), and the
 * descendants of either. A process that belongs to a session directly is never taken by another
 * through its parent.
 */
export function sessionTrees(table: ProcStat[], sessions: SampledSession[]): Map<string, ProcStat[]> {
  const byGroup = new Map(sessions.map((session) => [session.pgid, session.id]));
  const wanted = new Set(sessions.map((session) => session.id));
  const owner = new Map<number, string>();
  for (const stat of table) {
    const marked = markedSessionId(stat);
    const id = byGroup.get(stat.pgrp) ?? (marked !== undefined && wanted.has(marked) ? marked : undefined);
    if (id !== undefined) owner.set(stat.pid, id);
  }
  const children = new Map<number, ProcStat[]>();
  for (const stat of table) {
    const siblings = children.get(stat.ppid);
    if (siblings) siblings.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const pending = [...owner.keys()];
  while (pending.length > 0) {
    const parent = pending.pop() as number;
    for (const child of children.get(parent) ?? []) {
      if (owner.has(child.pid)) continue;
      owner.set(child.pid, owner.get(parent) as string);
      pending.push(child.pid);
    }
  }
  const trees = new Map<string, ProcStat[]>(sessions.map((session) => [session.id, []]));
  for (const stat of table) {
    const id = owner.get(stat.pid);
    if (id !== undefined) trees.get(id)?.push(stat);
  }
  return trees;
}
