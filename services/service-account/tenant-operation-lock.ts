import { ServiceAccountError } from './service-account.errors';

/**
 * One management-account change at a time per tenant (create, disable, mode switch, and the
 * rotation of issue 7 should share the same instance).
 *
 * A second caller is refused rather than queued: it is almost always a double click or a
 * redelivered invoke, and queueing would run the same change twice. This guards one process;
 * across processes the journal's one-open-operation index is the backstop (SQLite is the
 * single-instance store, DESIGN.md §4).
 */
export class TenantOperationLock {
  private readonly held = new Map<string, string>();

  /** @throws ServiceAccountError SERVICE_ACCOUNT.OPERATION_IN_PROGRESS when the tenant is busy. */
  async run<T>(tenantId: string, operation: string, work: () => Promise<T>): Promise<T> {
    const running = this.held.get(tenantId);
    if (running) {
      throw new ServiceAccountError('SERVICE_ACCOUNT.OPERATION_IN_PROGRESS', `${operation} refused: ${running} is running`, {
        details: { running, requested: operation },
      });
    }
    this.held.set(tenantId, operation);
    try {
      return await work();
    } finally {
      this.held.delete(tenantId);
    }
  }

  isBusy(tenantId: string): boolean {
    return this.held.has(tenantId);
  }
}
