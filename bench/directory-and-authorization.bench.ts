/**
 * (b) Latency and throughput of the two calls every command and card verb makes first:
 * - GraphDirectory.getUser as the bot's app identity (resolving a typed UPN or an object id);
 * - AuthorizationService.authorize for an operator whose scope is an Entra group (transitive
 *   membership and the target's directory roles are read from Graph on every decision, because
 *   DESIGN §6.2 wants authorization re-checked at execution time).
 * The sandbox answers on loopback, so these numbers are the bot's own overhead (SDK client,
 * TLS, JSON, SQLite, audit) plus the sandbox's, not Microsoft Graph's network latency.
 */
import { GROUPS, HELP_DESK_USERS, GLOBAL_ADMIN } from '../sandbox/directory/seed/contoso-ids';
import { roleAssignmentsOf, transitiveUserMembersOf } from '../sandbox/directory/model';
import type { Actor } from '../services/access/actor';
import { latencyRows, performance, round, summarize, timedLoop, type BenchmarkResult } from './lib/stats';
import type { SandboxWorld } from './lib/sandbox-world';

export interface DirectoryBenchOptions {
  getUserRequests: number;
  decisions: number;
  warmup: number;
  budgetMs: number;
}

export const DIRECTORY_DEFAULTS: DirectoryBenchOptions = { getUserRequests: 300, decisions: 200, warmup: 10, budgetMs: 15_000 };

export async function runGetUserBench(world: SandboxWorld, options: DirectoryBenchOptions = DIRECTORY_DEFAULTS): Promise<BenchmarkResult> {
  const users = world.sandbox.state().directory.users.filter((user) => user.accountEnabled);
  // Half by object id, half by UPN: the two ways a command names a user.
  const keys = users.flatMap((user) => [user.id, user.userPrincipalName]);
  const summary = await timedLoop(
    async (index) => {
      const key = keys[Math.abs(index) % keys.length] as string;
      const found = await world.adapters.directory.getUser(world.tenantId, key);
      if (!found) throw new Error(`getUser(${key}) found nothing`);
    },
    { count: options.getUserRequests, warmup: options.warmup, budgetMs: options.budgetMs },
  );
  return {
    id: 'graph-get-user',
    title: '(b) GraphDirectory.getUser (app identity, HTTPS loopback)',
    rows: latencyRows('getUser', summary),
    details: { requests: summary.count, distinctUsers: users.length },
  };
}

export async function runAuthorizeBench(world: SandboxWorld, options: DirectoryBenchOptions = DIRECTORY_DEFAULTS): Promise<BenchmarkResult> {
  const { tenantId, clock } = world;
  const state = world.sandbox.state().directory;
  const operatorSeed = HELP_DESK_USERS[1] as (typeof HELP_DESK_USERS)[number];
  const operator: Actor = { tenantId, userId: operatorSeed.id, upn: operatorSeed.userPrincipalName, displayName: operatorSeed.displayName };
  const now = clock.now().toISOString();
  await world.grants.saveOperatorGrant({
    tenantId,
    operator: { userId: operator.userId, upn: operatorSeed.userPrincipalName, displayName: operatorSeed.displayName },
    scope: [{ kind: 'group', groupId: GROUPS.sales, displayName: 'Sales' }],
    allowedActions: ['user.blockSignIn'],
    includePrivileged: false,
    grantedBy: { userId: GLOBAL_ADMIN.id, upn: GLOBAL_ADMIN.userPrincipalName, displayName: GLOBAL_ADMIN.displayName },
    grantedAt: now,
    updatedAt: now,
  });

  // Expected answers come from the sandbox's own model, so a wrong decision fails the benchmark.
  const inScope = transitiveUserMembersOf(state, GROUPS.sales).filter((user) => roleAssignmentsOf(state, user.id).length === 0);
  const inScopeIds = new Set(inScope.map((user) => user.id));
  const outOfScope = state.users.filter((user) => !inScopeIds.has(user.id) && roleAssignmentsOf(state, user.id).length === 0).slice(0, 10);
  // Three allowed decisions to one denial: most commands are in scope; denials also write the audit.
  const plan = Array.from({ length: options.decisions }, (_, i) =>
    i % 4 === 3 ? { user: outOfScope[i % outOfScope.length], allowed: false } : { user: inScope[i % inScope.length], allowed: true },
  );

  const allowedMs: number[] = [];
  const deniedMs: number[] = [];
  for (let i = 0; i < options.warmup; i += 1) {
    await world.authorization.authorize(operator, 'user.blockSignIn', { userId: (inScope[i % inScope.length] as { id: string }).id });
  }
  const started = performance.now();
  for (const [index, step] of plan.entries()) {
    if (!step.user) throw new Error('the seed has no users for this scope');
    const before = performance.now();
    const decision = await world.authorization.authorize(operator, 'user.blockSignIn', { userId: step.user.userPrincipalName });
    const took = performance.now() - before;
    if (decision.allowed !== step.allowed) {
      throw new Error(`decision ${index} for ${step.user.userPrincipalName}: expected ${step.allowed ? 'allow' : 'deny'}, got ${JSON.stringify(decision)}`);
    }
    (decision.allowed ? allowedMs : deniedMs).push(took);
    if (performance.now() - started > options.budgetMs) throw new Error(`authorize: budget ran out after ${index + 1} decisions`);
  }
  const totalMs = performance.now() - started;
  const all = summarize([...allowedMs, ...deniedMs], totalMs);
  const allowed = summarize(allowedMs, totalMs);
  const denied = summarize(deniedMs, totalMs);
  return {
    id: 'authorize-group-scope',
    title: '(b) AuthorizationService.authorize, operator with a group scope',
    rows: [
      ...latencyRows('decision', all),
      { metric: 'allowed decision p95', value: round(allowed.p95), unit: 'ms' },
      { metric: 'denied decision p95 (audited)', value: round(denied.p95), unit: 'ms' },
    ],
    details: { decisions: all.count, allowed: allowed.count, denied: denied.count, inScopeUsers: inScope.length },
  };
}
