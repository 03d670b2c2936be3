/**
 * The per-tenant rotation lock as the service uses it: a lease in the store with an expiry, the
 * owner's process identity and a heartbeat. While it is held, a timer renews it every few
 * seconds, and the protocol renews it before every step, so a holder that lost it stops before
 * it changes anything else. A holder that died (crash, kill -9) blocks nobody for long: its
 * lease is taken over as soon as its owner is provably gone (rotation-lease-owner.ts), and in
 * any case once it expires.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import { silentRotationLogger, type RotationLogger, type Sleep } from './rotation-collaborators.port';
import { RotationError, isRotationError } from './rotation-errors';
import { decidedByHeartbeat, isProcessRunning, staleReason, THIS_PROCESS, type LeaseOwnerPolicy, type ProcessProbe } from './rotation-lease-owner';
import type { RotationLeaseOwner, RotationLeaseStore } from './rotation-store.port';

export interface RotationLockOptions {
  /** Expiry of a lease nobody renews; the last resort when the owner cannot be probed at all. */
  leaseInMs: number;
  /** How often a held lease is renewed while its work runs. Default 5 s. */
  heartbeatInMs?: number;
  /** A heartbeat older than this marks an owner that cannot be probed (another host) as gone. Default 15 s. */
  staleAfterInMs?: number;
  /** One per process (THIS_PROCESS, the default); two services in one process must share it. */
  instanceId?: string;
  /** The whole owner identity instead of THIS_PROCESS (tests that play several hosts in one process). */
  owner?: RotationLeaseOwner;
  /** Is a pid running on this host; injected by tests. */
  isProcessRunning?: ProcessProbe;
  logger?: RotationLogger;
}

export class HeldRotationLease {
  private timer: NodeJS.Timeout | undefined;
  private lost = false;

  constructor(
    private readonly store: RotationLeaseStore,
    private readonly clock: Clock,
    readonly tenantId: string,
    readonly holderId: string,
    private readonly leaseInMs: number,
    heartbeatInMs: number,
  ) {
    this.timer = setInterval(() => this.beat(), heartbeatInMs);
    // The work holding the lease keeps the process alive, never its heartbeat.
    this.timer.unref();
  }

  /** @throws RotationError ROTATION.LEASE_LOST when the lease expired or was taken over by another holder. */
  renew(): void {
    if (this.lost || !this.store.renew(this.tenantId, this.holderId, this.clock.now(), this.leaseInMs)) {
      this.lost = true;
      throw new RotationError('ROTATION.LEASE_LOST', 'rotation lease lost', { details: { tenantId: this.tenantId } });
    }
  }

  release(): void {
    this.stopHeartbeat();
    this.store.release(this.tenantId, this.holderId);
  }

  private beat(): void {
    try {
      if (!this.store.renew(this.tenantId, this.holderId, this.clock.now(), this.leaseInMs)) {
        this.lost = true;
        this.stopHeartbeat();
      }
    } catch {
      // The store is gone (the process is stopping): the next step's renew() reports it.
      this.stopHeartbeat();
    }
  }

  private stopHeartbeat(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

export class RotationLocks {
  private readonly policy: LeaseOwnerPolicy;
  private readonly heartbeatInMs: number;
  private readonly logger: RotationLogger;

  constructor(
    private readonly store: RotationLeaseStore,
    private readonly clock: Clock,
    private readonly options: RotationLockOptions,
  ) {
    const self: RotationLeaseOwner = options.owner ?? { ...THIS_PROCESS, ...(options.instanceId ? { instanceId: options.instanceId } : {}) };
    this.policy = { self, staleAfterInMs: options.staleAfterInMs ?? 15_000, isRunning: options.isProcessRunning ?? isProcessRunning };
    this.heartbeatInMs = options.heartbeatInMs ?? 5_000;
    this.logger = options.logger ?? silentRotationLogger;
  }

  /**
   * Takes the tenant's lease: a free or expired one, or one whose owner is gone.
   * @throws RotationError ROTATION.IN_PROGRESS (details: expiresAt) when another holder may still be at work.
   */
  acquire(tenantId: string): HeldRotationLease {
    const holderId = `${this.policy.self.instanceId}:${randomUUID()}`;
    const now = this.clock.now();
    if (this.store.tryAcquire(tenantId, holderId, now, this.options.leaseInMs, this.policy.self)) return this.held(tenantId, holderId);
    const current = this.store.current(tenantId);
    const reason = current ? staleReason(current, now, this.policy) : undefined;
    if (current && reason && this.store.takeOver(tenantId, current.holderId, holderId, now, this.options.leaseInMs, this.policy.self)) {
      this.logger.warn({ tenantId, previousHolderId: current.holderId, reason, previousExpiresAt: current.expiresAt }, 'rotation: took over the lease of a holder that is gone');
      return this.held(tenantId, holderId);
    }
    // Released between the two reads: try once more rather than refuse a free tenant.
    if (!current && this.store.tryAcquire(tenantId, holderId, now, this.options.leaseInMs, this.policy.self)) return this.held(tenantId, holderId);
    throw new RotationError('ROTATION.IN_PROGRESS', 'another rotation holds the tenant lease', {
      details: { tenantId, expiresAt: this.store.current(tenantId)?.expiresAt },
    });
  }

  /**
   * As `acquire`, but when the holder is another process whose liveness only its heartbeat can
   * tell (another host), waits up to `maxWaitInMs` for that heartbeat to go stale or the lease
   * to be released. For the start-up recovery: a predecessor that died a moment ago still looks
   * alive for the heartbeat grace. A holder in this process is never waited for.
   * @throws RotationError ROTATION.IN_PROGRESS
   */
  async acquireWaiting(tenantId: string, maxWaitInMs: number, sleep: Sleep): Promise<HeldRotationLease> {
    const pollInMs = Math.max(1, Math.min(1_000, this.heartbeatInMs));
    for (let waited = 0; ; waited += pollInMs) {
      try {
        return this.acquire(tenantId);
      } catch (error) {
        const current = this.store.current(tenantId);
        const worthWaiting = current === undefined || decidedByHeartbeat(current, this.policy);
        if (!isRotationError(error) || error.code !== 'ROTATION.IN_PROGRESS' || !worthWaiting || waited >= maxWaitInMs) throw error;
      }
      await sleep(pollInMs);
    }
  }

  /** How long the start-up recovery waits for a predecessor's lease at most: its heartbeat grace plus one beat. */
  get startupWaitInMs(): number {
    return this.policy.staleAfterInMs + this.heartbeatInMs;
  }

  private held(tenantId: string, holderId: string): HeldRotationLease {
    return new HeldRotationLease(this.store, this.clock, tenantId, holderId, this.options.leaseInMs, this.heartbeatInMs);
  }
}
