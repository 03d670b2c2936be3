/**
 * The pending access confirmations (services/access/pending-confirmation.port.ts), stored as
 * botbuilder state documents (tenant-scoped keys, optimistic eTags), so state changes are
 * compare-and-set: of two concurrent or redelivered confirms exactly one moves the
 * record from `open` to `working`, and a restart keeps every confirmation.
 *
 * Storage can only read keys it is given, so each tenant has one index document listing its
 * unexpired confirmations (id, requester, expiry). Through it `create` enforces the per-requester
 * limit and deletes the tenant's expired confirmations, and `purgeExpired` does the same for
 * every tenant this process has created confirmations in. The index is written with its eTag,
 * so two concurrent creates cannot lose each other's entry: the second retries.
 */
import { randomUUID } from 'node:crypto';
import type { Storage } from 'botbuilder';
import { tenantStorageKey } from './tenant-storage-key';
import { isAppError } from '../../errors';
import { MAX_OPEN_CONFIRMATIONS, TooManyPendingError } from '../../access/denial-limits';
import type { ConfirmationOutcome, ConfirmationState, PendingConfirmation, PendingConfirmations, TransitionResult } from '../../access/pending-confirmation.port';
import type { Clock } from '../../ports/clock.port';

const DEFAULT_TTL_IN_MS = 60 * 60_000;
const ID = /^[0-9a-f-]{36}$/i;
/** Confirmations a requester may hold unexpired in any state (confirmed ones are kept to answer redeliveries), as a multiple of the open limit. */
const HELD_PER_OPEN = 5;
const MAX_INDEX_WRITE_ATTEMPTS = 5;
/** Written as the eTag of a new index: creating it then conflicts with a concurrent creation instead of overwriting it. */
const NEW_DOCUMENT_ETAG = 'new';

export interface PendingConfirmationStoreOptions {
  /** Open (or being confirmed) confirmations per requester and tenant. Default 20. */
  maxOpenPerRequester?: number;
}

interface IndexEntry {
  id: string;
  requesterId: string;
  expiresAt: string;
}

interface TenantIndex {
  entries: IndexEntry[];
  eTag?: string;
}

export class PendingConfirmationStore implements PendingConfirmations {
  private readonly maxOpen: number;
  /** Tenants whose index `purgeExpired` walks; a tenant unseen since start is purged by its next `create`. */
  private readonly tenants = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly ttlInMs: number = DEFAULT_TTL_IN_MS,
    options: PendingConfirmationStoreOptions = {},
  ) {
    this.maxOpen = options.maxOpenPerRequester ?? MAX_OPEN_CONFIRMATIONS;
  }

  async create(input: Pick<PendingConfirmation, 'tenantId' | 'kind' | 'requesterId' | 'subjectId' | 'payload' | 'facts'>): Promise<PendingConfirmation> {
    for (let attempt = 1; ; attempt += 1) {
      const now = this.clock.now().getTime();
      const index = await this.readIndex(input.tenantId);
      const { live, expired } = splitByExpiry(index.entries, new Date(now).toISOString());
      await this.requireRoomAmong(input.tenantId, input.requesterId, live);
      const record: PendingConfirmation = {
        ...input,
        id: randomUUID(),
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + this.ttlInMs).toISOString(),
        state: 'open',
      };
      const entries = [...live, { id: record.id, requesterId: record.requesterId, expiresAt: record.expiresAt }];
      try {
        // The index first: with storage that writes a batch item by item, a conflict stops before the record.
        await this.storage.write({
          [this.indexKey(input.tenantId)]: { entries, eTag: index.eTag ?? NEW_DOCUMENT_ETAG },
          [this.key(record.tenantId, record.id)]: { ...record },
        });
      } catch (error) {
        if (isEtagConflict(error) && attempt < MAX_INDEX_WRITE_ATTEMPTS) continue;
        throw error;
      }
      this.tenants.add(input.tenantId);
      if (expired.length > 0) await this.storage.delete(expired.map((entry) => this.key(input.tenantId, entry.id)));
      return record;
    }
  }

  async requireRoom(tenantId: string, requesterId: string): Promise<void> {
    const index = await this.readIndex(tenantId);
    await this.requireRoomAmong(tenantId, requesterId, splitByExpiry(index.entries, this.clock.now().toISOString()).live);
  }

  async purgeExpired(now: Date = this.clock.now()): Promise<number> {
    let purged = 0;
    for (const tenantId of this.tenants) purged += await this.purgeTenant(tenantId, now.toISOString());
    return purged;
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

  private indexKey(tenantId: string): string {
    return tenantStorageKey(tenantId, 'access-confirmations-index');
  }

  private async readIndex(tenantId: string): Promise<TenantIndex> {
    const key = this.indexKey(tenantId);
    const item = (await this.storage.read([key]))[key] as Partial<TenantIndex> | undefined;
    return { entries: Array.isArray(item?.entries) ? item.entries : [], ...(item?.eTag ? { eTag: item.eTag } : {}) };
  }

  /** Counts the requester's unexpired confirmations that are still open or being confirmed. */
  private async requireRoomAmong(tenantId: string, requesterId: string, live: readonly IndexEntry[]): Promise<void> {
    const theirs = live.filter((entry) => entry.requesterId === requesterId);
    if (theirs.length < this.maxOpen) return;
    if (theirs.length >= this.maxOpen * HELD_PER_OPEN) throw new TooManyPendingError('confirmations', this.maxOpen);
    const keys = theirs.map((entry) => this.key(tenantId, entry.id));
    const records = Object.values(await this.storage.read(keys)) as PendingConfirmation[];
    const open = records.filter((record) => record.state === 'open' || record.state === 'working').length;
    if (open >= this.maxOpen) throw new TooManyPendingError('confirmations', this.maxOpen);
  }

  private async purgeTenant(tenantId: string, nowIso: string): Promise<number> {
    for (let attempt = 1; ; attempt += 1) {
      const index = await this.readIndex(tenantId);
      const { live, expired } = splitByExpiry(index.entries, nowIso);
      if (expired.length === 0) return 0;
      try {
        await this.storage.write({ [this.indexKey(tenantId)]: { entries: live, eTag: index.eTag ?? NEW_DOCUMENT_ETAG } });
      } catch (error) {
        if (isEtagConflict(error) && attempt < MAX_INDEX_WRITE_ATTEMPTS) continue;
        throw error;
      }
      await this.storage.delete(expired.map((entry) => this.key(tenantId, entry.id)));
      return expired.length;
    }
  }
}

function splitByExpiry(entries: readonly IndexEntry[], nowIso: string): { live: IndexEntry[]; expired: IndexEntry[] } {
  const live: IndexEntry[] = [];
  const expired: IndexEntry[] = [];
  for (const entry of entries) (entry.expiresAt > nowIso ? live : expired).push(entry);
  return { live, expired };
}

/** SqliteStorage throws STORAGE.ETAG_CONFLICT; botbuilder's MemoryStorage a plain Error saying so. */
function isEtagConflict(error: unknown): boolean {
  if (isAppError(error)) return error.code === 'STORAGE.ETAG_CONFLICT';
  return error instanceof Error && /etag conflict/i.test(error.message);
}
