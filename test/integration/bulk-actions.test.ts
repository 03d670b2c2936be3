/**
 * Bulk management actions over Graph `$batch`, through the real bot against the sandbox tenant
 * (issue 13 §3): 1,000 seeded users with 10% of their writes throttled; a redelivered confirm;
 * out-of-scope and privileged users listed and skipped.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { batchRequests, messageIdOf, otherGraphRequests, successfulWritesPerUser, throttledItems, throttleTenPercentOfWrites } from '../support/bulk/bulk-world';

const N = 1_000;

describe('bulk actions against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;

  beforeAll(async () => {
    world = await startAppWithSandbox({ logLevel: 'warn' });
    admin = world.as(GLOBAL_ADMIN);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.sandbox.sandbox.addUsers(N, { department: 'Bulk', prefix: 'bulk' });
    await world.sandbox.sandbox.addUsers(5, { department: 'Redelivery', prefix: 'redelivery' });
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: HELP_DESK_USERS[0]!.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn', 'user.unblockSignIn', 'user.revokeSessions'],
    });
    const [on] = await world.exchange(admin.message('turn on management'), 1, 20_000);
    expect(textOf(cardOf(on))).toContain('Management ON');
  }, 120_000);

  afterAll(async () => {
    world?.sandbox.sandbox.faults.clear();
    await world?.close();
  });

  /** Types the command; returns the confirmation card and its Teams message id. */
  async function prepare(channel: UserChannel, text: string): Promise<{ card: Card; messageId: string }> {
    const [reply] = await world.exchange(channel.message(text), 1, 60_000);
    return { card: cardOf(reply), messageId: messageIdOf(world.bot.connector.calls, reply!) };
  }

  function confirmInvoke(channel: UserChannel, card: Card, messageId: string, id?: string): Record<string, unknown> {
    const confirm = actionNamed(card, String(card.actions?.[0]?.['title']));
    return channel.invoke(String(confirm['verb']), confirm['data'] as Record<string, unknown>, { replyToId: messageId, ...(id ? { id } : {}) });
  }

  async function untilFinished(jobId: string, timeoutInMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutInMs;
    while (!world.app.services.bulk.progressOf(world.tenantId, jobId)?.finished) {
      if (Date.now() > deadline) throw new Error('the bulk job did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await world.app.services.backgroundTasks.drain();
  }

  const usersOf = (department: string) => world.sandbox.sandbox.state().directory.users.filter((u) => u.department === department);
  const cardUpdates = (messageId: string) => world.bot.connector.calls.filter((call) => call.kind === 'update' && call.activityId === messageId);

  it('when a tenant admin blocks sign-in for 1,000 users with 10% of the writes throttled, then every user is written exactly once, in ceil(N/20) batches plus the retries, the card advances and the summary matches the sandbox', async () => {
    const { card, messageId } = await prepare(admin, 'block sign-in for department Bulk');
    expect(titleOf(card)).toBe('Block sign-in for 1,000 users?');
    const jobId = String((actionNamed(card, 'Block sign-in')['data'] as Record<string, unknown>)['jobId']);

    world.sandbox.sandbox.traffic.clear();
    throttleTenPercentOfWrites(world.sandbox);
    const startedAt = Date.now();
    const answer = await world.send(confirmInvoke(admin, card, messageId));
    // The turn that starts the job answers at once with the progress card; the job runs on.
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(titleOf(invokeCard(answer))).toMatch(/^Block sign-in: \d+ of 1,000 users done$/);
    expect(actionNamed(invokeCard(answer), 'Cancel')).toMatchObject({ verb: 'bulk.cancel', data: { jobId } });

    await untilFinished(jobId);
    world.sandbox.sandbox.faults.clear();
    const traffic = world.sandbox.sandbox.traffic.entries();

    // Exactly once per user, and every user now blocked.
    const bulkUsers = usersOf('Bulk');
    const writes = successfulWritesPerUser(traffic);
    expect(bulkUsers.map((u) => writes.get(u.id.toLowerCase()) ?? 0)).toEqual(bulkUsers.map(() => 1));
    expect(bulkUsers.filter((u) => u.accountEnabled)).toEqual([]);
    // Only $batch requests reached Graph while the job ran: ceil(N/20), plus the batches the retried items needed.
    const throttled = throttledItems(traffic);
    expect(throttled).toBeGreaterThan(0);
    // Besides the batches, only the start's re-check that the admin still holds the action (one read of the first user).
    expect(otherGraphRequests(traffic).filter((e) => e.method !== 'GET')).toEqual([]);
    expect(otherGraphRequests(traffic).length).toBeLessThanOrEqual(2);
    expect(batchRequests(traffic)).toBeLessThanOrEqual(Math.ceil(N / 20) + Math.ceil(throttled / 20) + 4);

    // The progress card advanced in place and ended on the summary, which matches the sandbox.
    const updates = cardUpdates(messageId).map((call) => cardOf(call));
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(updates.map(titleOf)).size).toBeGreaterThanOrEqual(2);
    const summary = updates[updates.length - 1]!;
    expect(titleOf(summary)).toBe('Done: Block sign-in for department Bulk');
    expect(textOf(summary)).toContain(`${bulkUsers.filter((u) => !u.accountEnabled).length.toLocaleString('en-US')} succeeded`);
    // No Cancel any more; the per-user results, by job id only.
    expect(summary.actions ?? []).toEqual([expect.objectContaining({ type: 'Action.Execute', title: 'Download results (CSV)', verb: 'bulk.export', data: { jobId } })]);

    // Audit: the start, one record per user with the service account as principal, the end.
    const records = (await auditTrail(world)).filter((r) => r.correlationId === world.app.services.bulk.progressOf(world.tenantId, jobId)!.job.correlationId);
    expect(records.filter((r) => r.action === 'bulk.start')).toHaveLength(1);
    expect(records.filter((r) => r.action === 'bulk.finish')).toHaveLength(1);
    const perUser = records.filter((r) => r.action === 'user.blockSignIn');
    expect(perUser).toHaveLength(N);
    expect(new Set(perUser.map((r) => r.target?.id)).size).toBe(N);
    expect(perUser.every((r) => r.result.outcome === 'ok' && r.principal?.upn === world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName)).toBe(true);
  }, 180_000);

  it('when the same confirmation invoke is delivered three times, then one job runs and each user is written once', async () => {
    const { card, messageId } = await prepare(admin, 'block sign-in for department Redelivery');
    const jobId = String((actionNamed(card, 'Block sign-in')['data'] as Record<string, unknown>)['jobId']);
    world.sandbox.sandbox.traffic.clear();
    const invoke = confirmInvoke(admin, card, messageId, 'invoke-redelivered-1');
    const answers = [await world.send(invoke), await world.send(invoke), await world.send(invoke)];
    for (const answer of answers) expect(titleOf(invokeCard(answer))).toMatch(/^(Block sign-in: \d+ of 5 users done|Done: Block sign-in for department Redelivery)$/);
    await untilFinished(jobId);
    const writes = successfulWritesPerUser(world.sandbox.sandbox.traffic.entries());
    expect(usersOf('Redelivery').map((u) => writes.get(u.id.toLowerCase()) ?? 0)).toEqual([1, 1, 1, 1, 1]);
    const correlationId = world.app.services.bulk.progressOf(world.tenantId, jobId)!.job.correlationId;
    expect((await auditTrail(world)).filter((r) => r.action === 'bulk.start' && r.correlationId === correlationId)).toHaveLength(1);
  }, 60_000);

  it('when an operator with a Sales scope lists a Sales user, a Finance user and a Global Administrator, then the card lists the two skipped with why and only the Sales user is blocked', async () => {
    const operator = world.as(HELP_DESK_USERS[0]!);
    const sales: SandboxPerson = plainUsers(world, 'Sales')[0]!;
    const finance: SandboxPerson = plainUsers(world, 'Finance')[0]!;
    const { card, messageId } = await prepare(operator, `block sign-in for users ${sales.userPrincipalName}, ${finance.userPrincipalName}, ${GLOBAL_ADMIN.userPrincipalName}`);
    expect(titleOf(card)).toBe('Block sign-in for 1 user?');
    const text = textOf(card);
    expect(text).toContain(`${finance.displayName} (${finance.userPrincipalName}): out of scope`);
    expect(text).toMatch(new RegExp(`${GLOBAL_ADMIN.userPrincipalName.replace(/[.]/g, '\\.')}\\): (out of scope|privileged)`));
    const jobId = String((actionNamed(card, 'Block sign-in')['data'] as Record<string, unknown>)['jobId']);
    world.sandbox.sandbox.traffic.clear();
    await world.send(confirmInvoke(operator, card, messageId));
    await untilFinished(jobId);
    const writes = successfulWritesPerUser(world.sandbox.sandbox.traffic.entries());
    expect([...writes.keys()]).toEqual([sales.id.toLowerCase()]);
    const directory = world.sandbox.sandbox.state().directory.users;
    expect(directory.find((u) => u.id === finance.id)?.accountEnabled).toBe(true);
    expect(directory.find((u) => u.id === GLOBAL_ADMIN.id)?.accountEnabled).toBe(true);
    const summary = cardUpdates(messageId).map((call) => cardOf(call)).pop()!;
    expect(textOf(summary)).toContain('1 succeeded, 2 skipped');
  }, 60_000);
});
