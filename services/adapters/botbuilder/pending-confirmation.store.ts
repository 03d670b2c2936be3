/**
 * The pending access confirmations (services/access/pending-confirmation.port.ts), stored as
 * botbuilder state documents (tenant-scoped keys, optimistic eTags), so state changes are
 * compare-and-set: of two concurrent or redelivered confirms exactly one moves the
 * record from `open` to `working`, and a restart keeps every confirmation.
 */
import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { tenantStorageKey } from './tenant-storage-key';
import { isAppError } from '../../errors';
import type { ConfirmationOutcome, ConfirmationState, PendingConfirmation, PendingConfirmations, TransitionResult } from '../../access/pending-confirmation.port';
import type { Clock } from '../../ports/clock.port';

const DEFAULT_TTL_IN_MS = 60 * 60_000;
const ID = /^[0-9a-f-]{36}$/i;

export class PendingConfirmationStore implements PendingConfirmations {
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly ttlInMs: number = DEFAULT_TTL_IN_MS,
  ) {}

  async create(input: Pick<PendingConfirmation, 'tenantId' | 'kind' | 'requesterId' | 'subjectId' | 'payload' | 'facts'>): Promise<PendingConfirmation> {
    const now = this.clock.now().getTime();
    const record: PendingConfirmation = {
      ...input,
      id: randomUUID(),
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.ttlInMs).toISOString(),
      state: 'open',
    };
    await this.storage.write({ [this.key(record.tenantId, record.id)]: { ...record } });
    return record;
  }

  /** The record in the caller's tenant; an id from another tenant is simply not found. */
  async get(tenantId: string, id: string): Promise<(PendingConfirmation & { eTag: string }) | undefined> {
    if (!ID.test(id)) return undefined;
    const key = this.key(tenantId, id);
    const item = (await this.storage.read([key]))[key] as (PendingConfirmation & { eTag: string }) | undefined;
    return item && item.tenantId === tenantId ? item : undefined;
  }

  isExpired(record: Pick<PendingConfirmation, 'expiresAt'>): boolean {
    return this.clock.now().toISOString() >= record.expiresAt;
  }

  /** Moves the record from `from` to `to` only if nobody changed it since it was read. */
  async transition(tenantId: string, id: string, from: ConfirmationState, to: ConfirmationState, outcome?: ConfirmationOutcome): Promise<TransitionResult> {
    const current = await this.get(tenantId, id);
    if (!current) return 'missing';
    if (current.state !== from) return 'conflict';
    const next: PendingConfirmation & { eTag: string } = { ...current, state: to, ...(outcome ? { outcome } : {}) };
    try {
      await this.storage.write({ [this.key(tenantId, id)]: next });
      return 'ok';
    } catch (error) {
      if (isAppError(error) && error.code === 'STORAGE.ETAG_CONFLICT') return 'conflict';
      throw error;
    }
  }

  private key(tenantId: string, id: string): string {
    return tenantStorageKey(tenantId, 'access-confirmations', id);
  }
}
