/**
 * Who holds a rotation lease, and whether that holder can still be at work. A lease records its
 * owner's process (an instance id drawn once per process start, the pid and the host) and a
 * heartbeat the holder renews every few seconds while it works. A lease can then be taken over
 * long before it expires when its owner is provably gone:
 * - same host, and the owner's pid is no longer running (or is our own pid under another
 *   instance id: a predecessor whose pid we were given after a restart) — at once;
 * - otherwise (another host, or a pid that is running but may have been reused), once the
 *   heartbeat is older than a short grace.
 * A lease of this process's own instance, or one without an owner, is only ever taken over
 * after it expires: the work may be running here, and nothing else can tell.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RotationLease, RotationLeaseOwner } from './rotation-store.port';

/** This process. Drawn once when the module loads, so a restarted bot never mistakes its predecessor's lease for its own. */
export const THIS_PROCESS: Readonly<RotationLeaseOwner> = Object.freeze({ instanceId: randomUUID(), pid: process.pid, hostname: hostname() });

/** True when a process with this pid runs on this host (EPERM: it runs, under another user). */
export type ProcessProbe = (pid: number) => boolean;

export const isProcessRunning: ProcessProbe = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface LeaseOwnerPolicy {
  /** The owner this process writes into the leases it takes. */
  self: RotationLeaseOwner;
  /** A heartbeat older than this marks an owner we cannot probe as gone. */
  staleAfterInMs: number;
  isRunning: ProcessProbe;
}

/** Why the lease's owner cannot be at work any more, or undefined when it may be. */
export type StaleReason = 'owner-process-gone' | 'heartbeat-stale';

export function staleReason(lease: RotationLease, now: Date, policy: LeaseOwnerPolicy): StaleReason | undefined {
  const owner = lease.owner;
  if (!owner || owner.instanceId === policy.self.instanceId) return undefined;
  if (owner.hostname === policy.self.hostname && (owner.pid === policy.self.pid || !policy.isRunning(owner.pid))) return 'owner-process-gone';
  return now.getTime() - Date.parse(lease.heartbeatAt ?? lease.acquiredAt) > policy.staleAfterInMs ? 'heartbeat-stale' : undefined;
}

/**
 * True when waiting may free the lease soon: its owner is another process we cannot probe, so
 * its heartbeat decides. A lease of this process, or one without an owner, only frees on expiry.
 */
export function decidedByHeartbeat(lease: RotationLease, policy: LeaseOwnerPolicy): boolean {
  const owner = lease.owner;
  return owner !== undefined && owner.instanceId !== policy.self.instanceId;
}
