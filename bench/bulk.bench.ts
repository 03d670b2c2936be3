/**
 * (f) Bulk management actions over Graph `$batch` (issue 13 §3 and §6): "block sign-in for
 * department …" on N generated sandbox users, through the bot's real bulk area
 * (bot/actions/bulk-actions.wiring.ts: BulkActionService → BulkJobRunner → WritePacer →
 * GraphBatchClient over HTTPS to the sandbox) as the Advanced-mode session's account.
 *
 * Each scenario seeds its own department of N users, prepares the bulk (resolve the department,
 * judge every user with authorize() and the privileged-target rule), optionally has the sandbox
 * answer 10% of the per-user PATCH items with 429 and `Retry-After: 1`, confirms it and waits for
 * the job to end. The sandbox's traffic log then says what reached Graph while the job ran:
 * `$batch` POSTs, other Graph requests, throttled items and the successful writes per user.
 *
 * Gates: every user succeeded and was written exactly once (and is blocked in the sandbox), and
 * the job's Graph requests stay within ⌈N/20⌉ + the batches the throttled items needed + a small
 * slack (the same bound as test/integration/bulk-actions.test.ts). Times are reported, not gated.
 *
 * Each scenario builds a fresh bulk area, so its WritePacer starts with a full bucket as on a
 * tenant that made no writes for a while (production defaults: 1,400 writes at once, 10/s after).
 * Only the runner's in-flight grace is shortened (an item of unknown outcome is read back after
 * 2 s instead of 30 s): no such item is expected here, and one should not stall a benchmark.
 * The users are removed from the sandbox afterwards, so later scenarios do not pay for a larger
 * sandbox state file (the sandbox writes its whole state on every write).
 */
import { SqliteBulkJobRepository } from '../services/adapters/sqlite/bulk-job.sqlite';
import { randomUUID } from 'node:crypto';
import { createBulkActions } from '../bot/actions/bulk-actions.wiring';
import type { TrafficEntry } from '../sandbox';
import type { BulkActionService, BulkTaskRunner } from '../services/actions/bulk/bulk-action.service';
import type { BulkJobRunnerOptions } from '../services/actions/bulk/bulk-job.runner';
import { createLogger } from '../services/logger';
import { batchRequests, otherGraphRequests, successfulWritesPerUser, throttledItems } from '../test/support/bulk/bulk-world';
import { performance, round, withTimeout, type BenchmarkResult, type MetricRow } from './lib/stats';
import type { SandboxWorld } from './lib/sandbox-world';

export interface BulkScenario {
  id: string;
  users: number;
  /** Share of the per-user PATCH items the sandbox answers 429 (0..1). */
  throttle: number;
}

export const BULK_SCENARIOS: readonly BulkScenario[] = [
  { id: 'bulk-100', users: 100, throttle: 0 },
  { id: 'bulk-100-429', users: 100, throttle: 0.1 },
  { id: 'bulk-1000', users: 1_000, throttle: 0 },
  { id: 'bulk-1000-429', users: 1_000, throttle: 0.1 },
];

export interface BulkBenchOptions {
  /** Prepare + job of one scenario, at most. */
  budgetMs: number;
  /** The Retry-After the sandbox sends with an injected 429 (whole seconds, as Graph sends). */
  retryAfterInSeconds: number;
  /** Only what a benchmark should not wait for; the rest are the production defaults. */
  runner: BulkJobRunnerOptions;
}

export const BULK_DEFAULTS: BulkBenchOptions = {
  budgetMs: 60_000,
  retryAfterInSeconds: 1,
  runner: { inFlightGraceInMs: 2_000 },
};

const BATCH_SIZE = 20;
/** Graph requests besides the batches: start() re-checks that the admin still holds the action (the test allows 2). */
const START_READS_SLACK = 2;
/** Part batches the retry rounds may add when items are throttled (the integration test's allowance). */
const RETRY_ROUNDS_SLACK = 4;
const ACTION_ID = 'user.blockSignIn';

/** Runs the bulk's background work and lets the benchmark await it (BackgroundTasks does this in the bot). */
class TrackedTasks implements BulkTaskRunner {
  private readonly running = new Set<Promise<void>>();
  readonly errors: string[] = [];

  start(name: string, work: () => Promise<unknown>): void {
    const task: Promise<void> = work()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.errors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}

/** The Advanced-mode session the bulk runs as: provisioned here unless an earlier benchmark did. */
async function ensureSessionOn(world: SandboxWorld): Promise<void> {
  if (!world.serviceAccounts.get(world.tenantId)) await world.provisionServiceAccount();
  const turnedOn = await world.session.sessions.turnOn(world.admin);
  if (turnedOn.session.state !== 'ON') throw new Error(`the Advanced-mode session did not turn on (state ${turnedOn.session.state})`);
}

function graphRequests(entries: readonly TrafficEntry[]): number {
  return entries.filter((e) => e.kind === 'http' && e.path.startsWith('/v1.0/')).length;
}

async function removeUsers(world: SandboxWorld, ids: ReadonlySet<string>): Promise<void> {
  const users = world.sandbox.state().directory.users;
  const kept = users.filter((u) => !ids.has(u.id));
  users.length = 0;
  users.push(...kept);
  await world.sandbox.persist();
}

export async function runBulkBench(world: SandboxWorld, scenario: BulkScenario, options: BulkBenchOptions = BULK_DEFAULTS): Promise<BenchmarkResult> {
  const { sandbox } = world;
  const n = scenario.users;
  await ensureSessionOn(world);
  const department = `Bench ${scenario.id}`;
  const seeded = await sandbox.addUsers(n, { department, prefix: `${scenario.id}-${randomUUID().slice(0, 8)}` });
  const seededIds = new Set(seeded.map((u) => u.id));

  const tasks = new TrackedTasks();
  let cardUpdates = 0;
  const bulk = createBulkActions({
    jobs: new SqliteBulkJobRepository(world.db),
    adapters: world.adapters,
    tokens: world.session.broker,
    authorizer: world.authorization,
    privilegedTargets: world.session.privilegedTargets,
    isTenantAdmin: (tenantId, userId) => world.roles.isTenantAdmin(tenantId, userId),
    sessions: world.session.guard,
    // The progress card goes nowhere; its updates are counted (the real coalescing, every 2 s at most).
    notifier: {
      update: async () => {
        cardUpdates += 1;
      },
    },
    tasks,
    audit: world.audit,
    clock: world.clock,
    logger: createLogger({ level: 'silent' }),
    options: { runner: options.runner },
  });

  try {
    return await withTimeout(measure(world, bulk.service, tasks, scenario, department, seededIds, options, () => cardUpdates), options.budgetMs, `bulk ${scenario.id}`);
  } finally {
    // A timed-out job stops after its batches in flight; nothing else is left running.
    bulk.runner.stop();
    sandbox.faults.clear();
    await removeUsers(world, seededIds);
  }
}

async function measure(
  world: SandboxWorld,
  service: BulkActionService,
  tasks: TrackedTasks,
  scenario: BulkScenario,
  department: string,
  seededIds: ReadonlySet<string>,
  options: BulkBenchOptions,
  cardUpdates: () => number,
): Promise<BenchmarkResult> {
  const { sandbox, admin, tenantId } = world;
  const n = scenario.users;

  // Prepare: resolve the department and judge every user. No writes.
  sandbox.traffic.clear();
  const prepareStarted = performance.now();
  const preview = await service.prepare(admin, ACTION_ID, { kind: 'department', name: department });
  const prepareMs = performance.now() - prepareStarted;
  const prepareGraphRequests = graphRequests(sandbox.traffic.entries());
  if (preview.toActOn !== n) throw new Error(`prepare found ${preview.toActOn} users to act on, not ${n} (skipped ${preview.skipped.length}, not found ${preview.notFound.length})`);

  if (scenario.throttle > 0) {
    sandbox.faults.configure({
      throttle: [{ match: { area: 'graph', method: 'PATCH', pathPattern: '^/v1\\.0/users/[^/]+$' }, probability: scenario.throttle, retryAfterInSeconds: options.retryAfterInSeconds }],
    });
  }

  // Confirm, then wait for the job (and its final card) to end.
  sandbox.traffic.clear();
  const startedAtEpochMs = Date.now();
  const started = performance.now();
  const answer = await service.start(admin, preview.jobId, {
    idempotencyKey: `bench-${scenario.id}-${randomUUID()}`,
    card: { conversationId: `bench-${scenario.id}`, activityId: 'bench-progress-card' },
  });
  const confirmAnsweredMs = performance.now() - started;
  if (answer.duplicate) throw new Error('the confirm was taken for a duplicate');
  await tasks.drain();
  const untilSummaryMs = performance.now() - started;
  sandbox.faults.clear();
  if (tasks.errors.length > 0) throw new Error(`the bulk job failed: ${tasks.errors.join('; ')}`);

  const progress = service.progressOf(tenantId, preview.jobId);
  if (!progress?.finished || !progress.job.finishedAt) throw new Error(`the bulk job did not finish (state ${progress?.job.state ?? 'unknown'})`);
  // Confirm → last user settled (the job's end is stamped before the final card is flushed).
  const wallMs = Math.max(0, Date.parse(progress.job.finishedAt) - startedAtEpochMs);

  const traffic = [...sandbox.traffic.entries()];
  const batches = batchRequests(traffic);
  const others = otherGraphRequests(traffic).length;
  const total = batches + others;
  const throttled = throttledItems(traffic);
  const writes = successfulWritesPerUser(traffic);
  const seededUsers = sandbox.state().directory.users.filter((u) => seededIds.has(u.id));
  const exactlyOnce = seededUsers.filter((u) => writes.get(u.id.toLowerCase()) === 1).length;
  const blocked = seededUsers.filter((u) => !u.accountEnabled).length;
  const seededLower = new Set([...seededIds].map((id) => id.toLowerCase()));
  const strayWrites = [...writes.keys()].filter((id) => !seededLower.has(id)).length;

  const minimum = Math.ceil(n / BATCH_SIZE);
  const retried = Math.ceil(throttled / BATCH_SIZE);
  const slack = START_READS_SLACK + (throttled > 0 ? RETRY_ROUNDS_SLACK : 0);
  const allowed = minimum + retried + slack;
  const { counts } = progress;

  const rows: MetricRow[] = [
    {
      metric: 'users processed (succeeded)',
      value: counts.succeeded,
      unit: `of ${n}`,
      target: { text: `= ${n}, none failed`, met: counts.succeeded === n && counts.failed === 0 && counts.unknown === 0 },
    },
    {
      metric: 'users written exactly once',
      value: exactlyOnce,
      unit: `of ${n}`,
      target: { text: `= ${n}, all blocked, no other user written`, met: exactlyOnce === n && blocked === n && strayWrites === 0 },
    },
    { metric: 'items throttled (429)', value: throttled, unit: '' },
    { metric: 'Graph $batch requests', value: batches, unit: '' },
    {
      metric: 'Graph HTTP requests (job)',
      value: total,
      unit: '',
      target: { text: `≤ ${allowed} (⌈N/20⌉ ${minimum} + ${retried} retried + ${slack} slack)`, met: total <= allowed },
    },
    { metric: 'wall time, confirm → all settled', value: round(wallMs, 0), unit: 'ms' },
    { metric: 'prepare (resolve + judge N users)', value: round(prepareMs, 0), unit: 'ms' },
  ];
  return {
    id: scenario.id,
    title: `(f) bulk block sign-in, ${n.toLocaleString('en-US')} users, ${Math.round(scenario.throttle * 100)}% 429`,
    rows,
    details: {
      users: n,
      throttle: scenario.throttle,
      retryAfterInSeconds: options.retryAfterInSeconds,
      batchRequests: batches,
      otherGraphRequests: others,
      allowedGraphRequests: allowed,
      throttledItems: throttled,
      succeeded: counts.succeeded,
      failed: counts.failed,
      unknown: counts.unknown,
      skipped: counts.skipped,
      writtenExactlyOnce: exactlyOnce,
      blockedInSandbox: blocked,
      strayWrites,
      wallMs: round(wallMs, 0),
      usersPerSecond: round((n * 1000) / Math.max(1, wallMs), 0),
      confirmAnsweredMs: round(confirmAnsweredMs, 0),
      untilSummaryCardMs: round(untilSummaryMs, 0),
      progressCardUpdates: cardUpdates(),
      prepareMs: round(prepareMs, 0),
      prepareGraphRequests,
      inFlightGraceInMs: options.runner.inFlightGraceInMs ?? 'default',
    },
  };
}
