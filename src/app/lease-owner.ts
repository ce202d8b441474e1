/**
 * This process as a lease owner (host name, pid, start time) and the proof that another owner is
 * dead: only on this host, only when its pid is not running, or runs a process that started at
 * another time (the pid was reused). An owner on another host, or one we cannot check, counts as
 * alive: its lease expires on its own (30 s). Start times come from Linux's /proc (boot time plus
 * the process's start in clock ticks, at the usual 100 ticks per second); without /proc only a
 * pid that is not running proves death.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LeaseOwner } from '../core/store-port.js';
import type { LeaseOwnership } from '../engine/lease.js';

/** Linux's USER_HZ: /proc reports process start in these ticks. */
const TICKS_PER_SECOND = 100;
/** Two start times of one process read apart differ by less than this. */
const START_TOLERANCE_MS = 1000;

/** Epoch ms at which `pid` started, from /proc; null when /proc cannot tell. */
export function processStartMs(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces and parentheses); starttime is field 22
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1];
    if (!Number.isFinite(ticks) || btime === undefined) return null;
    return Number(btime) * 1000 + Math.round((ticks * 1000) / TICKS_PER_SECOND);
  } catch {
    return null;
  }
}

/** True when no process has `pid` (ESRCH); a process we may not signal (EPERM) is running. */
function pidGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The lease ownership of this process. */
export function processLeaseOwnership(): LeaseOwnership {
  const self: LeaseOwner = {
    host: hostname(),
    pid: process.pid,
    startedAtMs: processStartMs('self') ?? Math.round(Date.now() - process.uptime() * 1000),
  };
  return {
    self,
    deadReason(owner) {
      if (owner.host !== self.host || owner.pid <= 0) return null;
      if (owner.pid === self.pid && Math.abs(owner.startedAtMs - self.startedAtMs) < START_TOLERANCE_MS)
        return null;
      if (pidGone(owner.pid)) return `process ${owner.pid} on ${owner.host} is not running`;
      const started = processStartMs(owner.pid);
      if (started !== null && Math.abs(started - owner.startedAtMs) >= START_TOLERANCE_MS) {
        return `pid ${owner.pid} on ${owner.host} now belongs to a process started at ${new Date(started).toISOString()}, not the owner started at ${new Date(owner.startedAtMs).toISOString()}`;
      }
      return null;
    },
  };
}
