/**
 * The cards that follow workflow runs (the engine's WorkflowProgressSink): each card a dialog put
 * on screen (the preview whose Start began the run, a runs list whose Open showed it) is replaced
 * in place through the Notifier as steps finish, at most every 2 s (Teams allows a bot about 7
 * messages a second per conversation), always ending on the summary. Where the cards are is kept
 * in storage (WorkflowCardLocations), so a run a new process resumes updates them too.
 *
 * Two more things a run's progress owes people:
 * - a step that waits for an approval: its approvers get the approval card (once per request),
 *   with Approve and Reject through the one approval service;
 * - a question (a choice step) of a run nobody is looking at (a scheduled run): the card goes to
 *   the requester's personal chat, where they answer it.
 */
import type { Logger } from '../../services/logger';
import type { Notifier } from '../../services/ports/notifier.port';
import { FINAL_RUN_STATES, type WorkflowProgressSink, type WorkflowRunView } from '../../services/workflows/workflow-run.types';
import { CoalescingCardUpdater, type CoalescingCardUpdaterOptions } from '../../dialogs/shared/coalescing-card-updater';
import type { WorkflowBatchLabel, WorkflowCardLocation, WorkflowRunFollower } from '../../dialogs/workflows/workflow-run-follower';
import { batchProgressCard, runCard } from '../../dialogs/workflows/workflow-views';
import type { WorkflowCardLocations } from './workflow-card-locations';

export const WORKFLOW_CARD_INTERVAL_IN_MS = 2_000;
/** Latest views remembered for runs whose card is not known yet (a report may beat the click's answer). */
const MAX_REMEMBERED_VIEWS = 1_000;

export interface WorkflowProgressCardsDependencies {
  notifier: Pick<Notifier, 'send' | 'update'>;
  locations: WorkflowCardLocations;
  /** Sends a pending approval request's cards to its approvers, unless it has them already (a restart asks again). */
  approvalCards: { publishPending(tenantId: string, requestId: string): Promise<void> };
  logger: Logger;
  options?: CoalescingCardUpdaterOptions;
  /** The runs of a batch, for the card that follows it (WorkflowRunService.batchViews). Absent: batch cards are not followed. */
  batchViews?(tenantId: string, batchId: string): WorkflowRunView[];
}

const SETTLED = new Set(['succeeded', 'failed', 'unknown', 'skipped']);

/** Nothing about the run will change any more: final, every step settled, no compensation left. */
function ended(view: WorkflowRunView): boolean {
  return FINAL_RUN_STATES.includes(view.state) && view.steps.every((step) => SETTLED.has(step.status) && step.compensation?.status !== 'pending' && step.compensation?.status !== 'running');
}

/** Where a batch's cards are kept (WorkflowCardLocations keys by run id; a batch is not a run). */
function batchKey(batchId: string): string {
  return `batch:${batchId}`;
}

/** How far a run has come, to tell an older view from a newer one. */
function progressOf(view: WorkflowRunView): number {
  const settled = view.steps.filter((step) => SETTLED.has(step.status)).length;
  return settled * 4 + (view.state.startsWith('waiting') ? 1 : 0) + (FINAL_RUN_STATES.includes(view.state) ? 2 : 0);
}

export class WorkflowProgressCards implements WorkflowProgressSink, WorkflowRunFollower {
  private readonly latest = new Map<string, WorkflowRunView>();
  private readonly updaters = new Map<string, CoalescingCardUpdater>();
  private readonly announced = new Set<string>();
  /** Batches whose card is due to be drawn again. */
  private readonly batchPasses = new Map<string, Promise<void>>();

  constructor(private readonly deps: WorkflowProgressCardsDependencies) {}

  async runChanged(view: WorkflowRunView): Promise<void> {
    if (view.batchId) this.batchChanged(view.tenantId, view.batchId);
    this.remember(view);
    await this.announceApprovals(view);
    const cards = await this.deps.locations.list(view.tenantId, view.id);
    // A manual run's card is the clicked preview (its follow may still be on its way); a scheduled run has none.
    if (cards.length === 0 && view.state === 'waiting-choice' && view.trigger === 'scheduled') {
      await this.postToRequester(view);
      return;
    }
    const card = runCard(view);
    for (const location of cards) this.updaterFor(view, location).push(card);
    if (ended(view)) await this.finish(view);
  }

  /** A card a dialog just answered with follows the run from now on. */
  async follow(view: WorkflowRunView, location: WorkflowCardLocation): Promise<void> {
    if (ended(view)) return;
    await this.deps.locations.add(view.tenantId, view.id, location);
    // A report that came before this card was known is newer than what the click answered with.
    const newer = this.latest.get(view.id);
    if (newer && progressOf(newer) > progressOf(view)) {
      this.updaterFor(newer, location).push(runCard(newer));
      if (ended(newer)) await this.finish(newer);
    }
  }

  /** A batch card follows every run of the batch from now on (also after a restart), until they all end. */
  async followBatch(tenantId: string, batchId: string, card: WorkflowCardLocation & WorkflowBatchLabel): Promise<void> {
    await this.deps.locations.add(tenantId, batchKey(batchId), card);
    this.batchChanged(tenantId, batchId);
  }

  /** Resolves once every queued card update went out (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.batchPasses.values()]);
    await Promise.all([...this.updaters.values()].map((updater) => updater.flush()));
  }

  /**
   * A run of a batch moved: its card is drawn again from every run of the batch, at most once per
   * interval however many runs move (a batch of 500 users reports thousands of step changes).
   */
  private batchChanged(tenantId: string, batchId: string): void {
    if (!this.deps.batchViews || this.batchPasses.has(batchId)) return;
    const pass = new Promise<void>((resolve) => setTimeout(resolve, this.deps.options?.minIntervalInMs ?? WORKFLOW_CARD_INTERVAL_IN_MS).unref?.())
      .then(() => {
        this.batchPasses.delete(batchId);
        return this.drawBatch(tenantId, batchId);
      })
      .catch((error: unknown) => this.deps.logger.warn({ tenantId, batchId, code: (error as { code?: string } | null)?.code }, 'the card of a workflow batch could not be updated'));
    this.batchPasses.set(batchId, pass);
  }

  private async drawBatch(tenantId: string, batchId: string): Promise<void> {
    const cards = (await this.deps.locations.list(tenantId, batchKey(batchId))) as Array<WorkflowCardLocation & Partial<WorkflowBatchLabel>>;
    if (cards.length === 0) return;
    const views = this.deps.batchViews?.(tenantId, batchId) ?? [];
    if (views.length === 0) {
      await this.deps.locations.remove(tenantId, batchKey(batchId));
      return;
    }
    const over = views.every(ended);
    for (const location of cards) {
      const card = batchProgressCard(location.workflowTitle ?? views[0]!.workflowTitle, location.who ?? 'the users chosen', views, location.leftOut ?? []);
      this.updater(batchKey(batchId), tenantId, `${views[0]!.workflowTitle}: ${views.length} runs`, location).push(card);
    }
    if (!over) return;
    const prefix = `${batchKey(batchId)}|`;
    const mine = [...this.updaters.entries()].filter(([key]) => key.startsWith(prefix));
    await Promise.all(mine.map(([, updater]) => updater.flush()));
    for (const [key] of mine) this.updaters.delete(key);
    await this.deps.locations.remove(tenantId, batchKey(batchId));
  }

  private async finish(view: WorkflowRunView): Promise<void> {
    const prefix = `${view.id}|`;
    const mine = [...this.updaters.entries()].filter(([key]) => key.startsWith(prefix));
    await Promise.all(mine.map(([, updater]) => updater.flush()));
    for (const [key] of mine) this.updaters.delete(key);
    this.latest.delete(view.id);
    await this.deps.locations.remove(view.tenantId, view.id).catch((error: unknown) => this.warn(view, error, 'workflow card locations could not be removed'));
  }

  private updaterFor(view: WorkflowRunView, location: WorkflowCardLocation): CoalescingCardUpdater {
    return this.updater(view.id, view.tenantId, `${view.workflowTitle}: ${view.target.displayName}`, location);
  }

  /** The updater of one card; `followed` is the run id (or batch key) its location is stored under. */
  private updater(followed: string, tenantId: string, summary: string, location: WorkflowCardLocation): CoalescingCardUpdater {
    const key = `${followed}|${location.conversationId}|${location.activityId ?? ''}`;
    let updater = this.updaters.get(key);
    if (updater) return updater;
    const target = { tenantId, kind: 'conversation' as const, id: location.conversationId };
    let activityId = location.activityId;
    updater = new CoalescingCardUpdater(
      async (card) => {
        if (activityId) {
          await this.deps.notifier.update({ target, conversationId: location.conversationId, activityId }, { card, summary });
          return;
        }
        // No card to replace was known: post one, and replace that one from now on.
        const sent = await this.deps.notifier.send(target, { card, summary });
        activityId = sent.activityId;
        await this.deps.locations.replace(tenantId, followed, location, { ...location, conversationId: location.conversationId, activityId });
      },
      this.deps.logger,
      { minIntervalInMs: WORKFLOW_CARD_INTERVAL_IN_MS, ...this.deps.options },
    );
    this.updaters.set(key, updater);
    return updater;
  }

  /** A step waiting for an approval: its approvers get the approval card, once per request. */
  private async announceApprovals(view: WorkflowRunView): Promise<void> {
    for (const step of view.steps) {
      const requestId = step.status === 'waiting-approval' ? step.approvalRequestId : undefined;
      if (!requestId || this.announced.has(requestId)) continue;
      if (this.announced.size >= MAX_REMEMBERED_VIEWS * 10) this.announced.clear();
      this.announced.add(requestId);
      try {
        await this.deps.approvalCards.publishPending(view.tenantId, requestId);
      } catch (error) {
        this.warn(view, error, 'the approval cards of a workflow step could not be sent; the approvals list still has it');
      }
    }
  }

  /** A question of a run no card follows (a scheduled run): the requester gets the run's card to answer it. */
  private async postToRequester(view: WorkflowRunView): Promise<void> {
    try {
      const sent = await this.deps.notifier.send({ tenantId: view.tenantId, kind: 'user', id: view.requester.userId }, { card: runCard(view), summary: `${view.workflowTitle}: a question for you` });
      await this.deps.locations.add(view.tenantId, view.id, { conversationId: sent.conversationId, activityId: sent.activityId });
    } catch (error) {
      this.warn(view, error, 'the question of a workflow run could not be sent to its requester');
    }
  }

  private remember(view: WorkflowRunView): void {
    this.latest.delete(view.id);
    this.latest.set(view.id, view);
    if (this.latest.size > MAX_REMEMBERED_VIEWS) {
      const oldest = this.latest.keys().next().value;
      if (oldest !== undefined) this.latest.delete(oldest);
    }
  }

  private warn(view: WorkflowRunView, error: unknown, message: string): void {
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    this.deps.logger.warn({ tenantId: view.tenantId, runId: view.id, code, errorName: error instanceof Error ? error.name : typeof error }, message);
  }
}
