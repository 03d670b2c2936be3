/**
 * The per-tenant rotation lock as the service uses it: a lease in the store with an expiry
 * (a holder that crashed does not block rotation forever), renewed before every step so a
 * holder that lost it stops before it changes anything else.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.port';
import { RotationError } from './rotation-errors';
import type { RotationLeaseStore } from './rotation-store.port';

export class HeldRotationLease {
  constructor(
    private readonly store: RotationLeaseStore,
    private readonly clock: Clock,
    readonly tenantId: string,
    readonly holderId: string,
    private readonly leaseInMs: number,
  ) {}

  /** @throws RotationError ROTATION.LEASE_LOST when the lease expired and another holder took it. */
  renew(): void {
    if (!this.store.renew(this.tenantId, this.holderId, this.clock.now(), this.leaseInMs)) {
      throw new RotationError('ROTATION.LEASE_LOST', 'rotation lease lost', { details: { tenantId: this.tenantId } });
    }
  }

  release(): void {
    this.store.release(this.tenantId, this.holderId);
  }
}

export class RotationLocks {
  constructor(
    private readonly store: RotationLeaseStore,
    private readonly clock: Clock,
    private readonly leaseInMs: number,
    private readonly instanceId: string = randomUUID(),
  ) {}

  /** @throws RotationError ROTATION.IN_PROGRESS (details: expiresAt) when another holder has a live lease. */
  acquire(tenantId: string): HeldRotationLease {
    const holderId = `${this.instanceId}:${randomUUID()}`;
    if (!this.store.tryAcquire(tenantId, holderId, this.clock.now(), this.leaseInMs)) {
      const current = this.store.current(tenantId);
      throw new RotationError('ROTATION.IN_PROGRESS', 'another rotation holds the tenant lease', {
        details: { tenantId, expiresAt: current?.expiresAt },
      });
    }
    return new HeldRotationLease(this.store, this.clock, tenantId, holderId, this.leaseInMs);
  }
}
