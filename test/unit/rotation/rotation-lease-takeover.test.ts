/**
 * Finding 7 of issue 11 at the lease level: a rotation lease names its owner's process and
 * carries a heartbeat, so a successor takes over from a dead owner within seconds instead of
 * waiting out the 5-minute expiry, while a holder that is still at work keeps its lease. The
 * real SQLite store on a temporary file; "other hosts" are owners with another hostname.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteRotationLeaseStore } from '../../../services/adapters/sqlite/rotation-lease.sqlite';
import { ManualClock } from '../../../services/ports/clock.port';
import { RotationLocks, type HeldRotationLease } from '../../../services/rotation/rotation-lease';
import { THIS_PROCESS } from '../../../services/rotation/rotation-lease-owner';
import type { RotationLeaseOwner } from '../../../services/rotation/rotation-store.port';

const TENANT = 'tenant-lease';
const LEASE_IN_MS = 5 * 60_000;
const NEVER_BEATS = 3_600_000;
const SECOND = 1_000;

/** The pid of a process that ran on this host and has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined || child.status !== 0) throw new Error('could not run a short-lived process');
  return child.pid;
}

describe('rotation lease take-over', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteRotationLeaseStore;
  let clock: ManualClock;
  const held: HeldRotationLease[] = [];

  const onHost = (hostname: string, instanceId: string, pid = 4242): RotationLeaseOwner => ({ instanceId, pid, hostname });
  const locksOf = (owner: RotationLeaseOwner | undefined, heartbeatInMs = NEVER_BEATS): RotationLocks =>
    new RotationLocks(store, clock, { leaseInMs: LEASE_IN_MS, heartbeatInMs, staleAfterInMs: 15 * SECOND, ...(owner ? { owner } : {}) });
  const take = (locks: RotationLocks): HeldRotationLease => {
    const lease = locks.acquire(TENANT);
    held.push(lease);
    return lease;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rotation-lease-'));
    db = openDatabase(join(dir, 'bot.db'));
    store = new SqliteRotationLeaseStore(db);
    clock = new ManualClock('2026-03-02T09:00:00Z');
  });

  afterEach(() => {
    // Stops every heartbeat timer before the database goes.
    for (const lease of held.splice(0)) lease.release();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the holder was a process on this host that has exited, then the next process takes the lease over at once, minutes before it expires', () => {
    const dead = onHost(THIS_PROCESS.hostname, 'dead-instance', deadPid());
    expect(store.tryAcquire(TENANT, 'dead-instance:run-1', clock.now(), LEASE_IN_MS, dead)).toBe(true);
    clock.advance(2 * SECOND);

    const lease = take(locksOf(undefined));

    expect(store.current(TENANT)).toMatchObject({ holderId: lease.holderId, owner: { instanceId: THIS_PROCESS.instanceId, pid: process.pid } });
    expect(Date.parse(store.current(TENANT)!.expiresAt)).toBe(clock.now().getTime() + LEASE_IN_MS);
  });

  it('when the holder had our own pid under another instance id (the process before a restart), then its lease is taken over at once', () => {
    const predecessor = onHost(THIS_PROCESS.hostname, 'previous-start', process.pid);
    expect(store.tryAcquire(TENANT, 'previous-start:run-1', clock.now(), LEASE_IN_MS, predecessor)).toBe(true);

    const lease = take(locksOf(undefined));

    expect(store.current(TENANT)?.holderId).toBe(lease.holderId);
  });

  it('when the holder is on another host, then it keeps the lease for the heartbeat grace, and loses it once its heartbeat is older; the old holder then stops at its next step', () => {
    const first = take(locksOf(onHost('bot-vm-1', 'instance-1')));
    const successor = locksOf(onHost('bot-vm-2', 'instance-2'));

    clock.advance(14 * SECOND);
    expect(() => successor.acquire(TENANT)).toThrow(expect.objectContaining({ code: 'ROTATION.IN_PROGRESS' }));

    clock.advance(2 * SECOND);
    const second = successor.acquire(TENANT);
    held.push(second);

    expect(store.current(TENANT)?.holderId).toBe(second.holderId);
    expect(() => first.renew()).toThrow(expect.objectContaining({ code: 'ROTATION.LEASE_LOST' }));
    expect(store.current(TENANT)?.holderId).toBe(second.holderId);
  });

  it('when the holder on another host is at work, then its heartbeat keeps the lease past the grace', async () => {
    take(locksOf(onHost('bot-vm-1', 'instance-1'), 10));
    const successor = locksOf(onHost('bot-vm-2', 'instance-2'));

    clock.advance(60 * SECOND);
    // The holder's heartbeat (every 10 ms here) renews the lease at the clock's new time.
    const deadline = Date.now() + 5_000;
    while (Date.parse(store.current(TENANT)!.heartbeatAt!) !== clock.now().getTime()) {
      if (Date.now() > deadline) throw new Error('the heartbeat did not renew the lease');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    expect(() => successor.acquire(TENANT)).toThrow(expect.objectContaining({ code: 'ROTATION.IN_PROGRESS' }));
    expect(Date.parse(store.current(TENANT)!.expiresAt)).toBe(clock.now().getTime() + LEASE_IN_MS);
  });

  it('when the holder is this same process, or wrote no owner, then only expiry frees the lease', () => {
    take(locksOf(undefined));
    const again = locksOf(undefined);
    clock.advance(4 * 60 * SECOND);
    expect(() => again.acquire(TENANT)).toThrow(expect.objectContaining({ code: 'ROTATION.IN_PROGRESS' }));
    clock.advance(61 * SECOND);
    held.push(again.acquire(TENANT));

    for (const lease of held.splice(0)) lease.release();
    expect(store.tryAcquire(TENANT, 'a-tool-without-owner', clock.now(), LEASE_IN_MS)).toBe(true);
    clock.advance(4 * 60 * SECOND);
    expect(() => locksOf(onHost('bot-vm-2', 'instance-2')).acquire(TENANT)).toThrow(expect.objectContaining({ code: 'ROTATION.IN_PROGRESS' }));
  });

  it('when a predecessor on another host died a moment ago, then the start-up acquisition waits out its heartbeat grace and takes over; a holder in this process is not waited for', async () => {
    expect(store.tryAcquire(TENANT, 'instance-1:run-1', clock.now(), LEASE_IN_MS, onHost('bot-vm-1', 'instance-1'))).toBe(true);
    const restarted = locksOf(onHost('bot-vm-2', 'instance-2'));
    const waits: number[] = [];
    const sleep = async (ms: number): Promise<void> => {
      waits.push(ms);
      clock.advance(ms);
    };

    held.push(await restarted.acquireWaiting(TENANT, restarted.startupWaitInMs, sleep));

    const waited = waits.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThan(15 * SECOND);
    expect(waited).toBeLessThanOrEqual(restarted.startupWaitInMs);
    expect(store.current(TENANT)?.owner).toMatchObject({ hostname: 'bot-vm-2' });

    for (const lease of held.splice(0)) lease.release();
    take(locksOf(undefined));
    waits.length = 0;
    await expect(locksOf(undefined).acquireWaiting(TENANT, 20 * SECOND, sleep)).rejects.toMatchObject({ code: 'ROTATION.IN_PROGRESS' });
    expect(waits).toEqual([]);
  });
});
