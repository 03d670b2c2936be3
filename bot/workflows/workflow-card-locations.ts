/**
 * Where each unfinished workflow run's cards are (the preview whose Start began it, a runs list
 * whose Open showed it), kept in the bot's state storage under the tenant's key prefix, so a run
 * a new process resumes still updates the card its requester is looking at. One small document
 * per run; it is deleted when the run ends. This process is the only writer of a run's document
 * while it drives the run, so a write simply replaces it.
 */
import type { Storage } from 'botbuilder';
import { tenantStorageKey } from '../../services/adapters/botbuilder/tenant-storage-key';
import type { WorkflowCardLocation } from '../../dialogs/workflows/workflow-run-follower';

/** Cards that follow one run, at most: the newest places someone looked at it. */
const MAX_CARDS_PER_RUN = 3;

interface LocationsDocument {
  cards: WorkflowCardLocation[];
}

export class WorkflowCardLocations {
  private readonly known = new Map<string, WorkflowCardLocation[]>();

  constructor(private readonly storage: Storage) {}

  async list(tenantId: string, runId: string): Promise<WorkflowCardLocation[]> {
    const cached = this.known.get(runId);
    if (cached) return cached;
    const key = this.key(tenantId, runId);
    const document = (await this.storage.read([key]))[key] as Partial<LocationsDocument> | undefined;
    const cards = Array.isArray(document?.cards) ? document.cards.filter(isLocation) : [];
    // A click may have added one while the read was in flight: that one wins.
    const now = this.known.get(runId) ?? cards;
    this.known.set(runId, now);
    return now;
  }

  /** Adds (or moves to the front) a card; the oldest beyond the limit stops following. Returns whether it is new. */
  async add(tenantId: string, runId: string, card: WorkflowCardLocation): Promise<boolean> {
    const cards = await this.list(tenantId, runId);
    const same = (other: WorkflowCardLocation) => other.conversationId === card.conversationId && other.activityId === card.activityId;
    const isNew = !cards.some(same);
    const next = [card, ...cards.filter((other) => !same(other))].slice(0, MAX_CARDS_PER_RUN);
    await this.save(tenantId, runId, next);
    return isNew;
  }

  /** A card first posted by the bot (no activity id before) now has one. */
  async replace(tenantId: string, runId: string, before: WorkflowCardLocation, after: WorkflowCardLocation): Promise<void> {
    const cards = await this.list(tenantId, runId);
    await this.save(tenantId, runId, cards.map((card) => (card === before || (card.conversationId === before.conversationId && card.activityId === before.activityId) ? after : card)));
  }

  async remove(tenantId: string, runId: string): Promise<void> {
    this.known.delete(runId);
    await this.storage.delete([this.key(tenantId, runId)]);
  }

  private async save(tenantId: string, runId: string, cards: WorkflowCardLocation[]): Promise<void> {
    this.known.set(runId, cards);
    const document: LocationsDocument = { cards };
    await this.storage.write({ [this.key(tenantId, runId)]: document });
  }

  private key(tenantId: string, runId: string): string {
    return tenantStorageKey(tenantId, 'workflowRunCards', runId);
  }
}

function isLocation(value: unknown): value is WorkflowCardLocation {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return typeof record['conversationId'] === 'string' && (record['activityId'] === undefined || typeof record['activityId'] === 'string');
}
