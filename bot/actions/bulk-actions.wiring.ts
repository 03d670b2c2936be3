/**
 * Builds the bulk-action area (job store, write pacer, runner, progress cards, service) for the
 * composition root, which calls it once and hands it the job store; like createSessionServices,
 * it constructs no adapter.
 */
import type { BulkJobRepository } from '../../services/actions/bulk/bulk-job.repository.port';
import { ActionRegistry } from '../../services/actions/action-registry';
import { BulkActionService, type BulkActionDependencies, type BulkActionOptions, type BulkTaskRunner } from '../../services/actions/bulk/bulk-action.service';
import { BulkJobRunner, type BulkJobRunnerOptions } from '../../services/actions/bulk/bulk-job.runner';
import { WritePacer, type WritePacerOptions } from '../../services/actions/bulk/write-pacer';
import type { ActionAuthorizer, PrivilegedTargetAssessor, SessionGuard } from '../../services/actions/management-action.service';
import type { Logger } from '../../services/logger';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { Clock } from '../../services/ports/clock.port';
import { DirectoryError } from '../../services/ports/directory.port';
import type { GraphBatch } from '../../services/ports/graph-batch.port';
import type { Notifier } from '../../services/ports/notifier.port';
import type { TokenBroker } from '../../services/sessions/token-broker';
import { BulkProgressCards } from '../../dialogs/actions/bulk-progress-cards';
import type { CoalescingCardUpdaterOptions } from '../../dialogs/shared/coalescing-card-updater';
import type { BotAdapters } from '../adapters';
import { UNAVAILABLE_BULK_DIRECTORY } from '../unconfigured-adapters';

export interface BulkWiringOptions {
  service?: BulkActionOptions;
  runner?: BulkJobRunnerOptions;
  pacer?: WritePacerOptions;
  cardUpdates?: CoalescingCardUpdaterOptions;
}

export interface BulkWiringDependencies {
  /** The job store (SQLite: SqliteBulkJobRepository). */
  jobs: BulkJobRepository;
  adapters: Pick<BotAdapters, 'directory' | 'bulkDirectory' | 'batchForToken'>;
  tokens: Pick<TokenBroker, 'getToken'>;
  authorizer: ActionAuthorizer;
  privilegedTargets: PrivilegedTargetAssessor;
  isTenantAdmin(tenantId: string, userId: string): Promise<boolean>;
  sessions: SessionGuard;
  notifier: Pick<Notifier, 'update'>;
  tasks: BulkTaskRunner;
  audit: AuditWriter;
  clock: Clock;
  logger: Logger;
  options?: BulkWiringOptions;
  /** The tenant's bulk approval size and the approval service (an operator's bulk above the size asks a tenant admin). */
  approvals?: Pick<BulkActionDependencies, 'approvalRules' | 'approvals'>;
}

const unavailable = (what: string) => () => Promise.reject(new DirectoryError('DIRECTORY.UNAVAILABLE', `${what} is not configured.`));
const NO_BATCH: GraphBatch = { send: unavailable('Graph batching') };


export function createBulkActions(deps: BulkWiringDependencies): { service: BulkActionService; runner: BulkJobRunner; cards: BulkProgressCards } {
  const { jobs } = deps;
  const registry = new ActionRegistry();
  const cards = new BulkProgressCards(deps.notifier, deps.logger, deps.options?.cardUpdates);
  const batches = new Map<string, GraphBatch>();
  const batchFor = (tenantId: string): GraphBatch => {
    if (!deps.adapters.batchForToken) return NO_BATCH;
    let batch = batches.get(tenantId);
    if (!batch) {
      // The session's account token, from the broker (cached per account, re-read after a rotation).
      batch = deps.adapters.batchForToken(async (t) => (await deps.tokens.getToken(t)).token);
      batches.set(tenantId, batch);
    }
    return batch;
  };
  const runner = new BulkJobRunner({
    jobs,
    registry,
    batchFor,
    pacer: new WritePacer(deps.options?.pacer),
    audit: deps.audit,
    clock: deps.clock,
    progress: cards,
    logger: deps.logger,
    ...(deps.options?.runner ? { options: deps.options.runner } : {}),
  });
  const service = new BulkActionService({
    appDirectory: deps.adapters.directory,
    bulkDirectory: deps.adapters.bulkDirectory ?? UNAVAILABLE_BULK_DIRECTORY,
    authorizer: deps.authorizer,
    privilegedTargets: deps.privilegedTargets,
    registry,
    jobs,
    runner,
    sessions: deps.sessions,
    isTenantAdmin: deps.isTenantAdmin,
    tasks: deps.tasks,
    audit: deps.audit,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.options?.service ? { options: deps.options.service } : {}),
    ...(deps.approvals?.approvalRules ? { approvalRules: deps.approvals.approvalRules } : {}),
    ...(deps.approvals?.approvals ? { approvals: deps.approvals.approvals } : {}),
  });
  return { service, runner, cards };
}
