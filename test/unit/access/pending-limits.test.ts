/**
 * Issue 11, finding 8 (records): one person cannot pile up pending actions or access
 * confirmations without bound, and expired ones are purged.
 */
import { ConfirmationPreparer } from '../../../dialogs/access/confirmation-preparer';
import { MAX_OPEN_CONFIRMATIONS, MAX_OPEN_PENDING_ACTIONS } from '../../../services/access/denial-limits';
import type { PendingConfirmation } from '../../../services/access/pending-confirmation.port';
import { PendingConfirmationStore } from '../../../services/adapters/botbuilder/pending-confirmation.store';
import { tenantStorageKey } from '../../../services/adapters/botbuilder/tenant-storage-key';
import { SqliteStorage } from '../../../services/adapters/sqlite/bot-storage.sqlite';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { actorOf, createSessionCloud, startSessionProcess, type SessionCloud, type SessionProcess } from '../../support/fakes/fake-session-world';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, people, seedContoso, TENANT_A, TENANT_B } from './support/contoso';

const MINUTE = 60_000;

describe('pending actions per person', () => {
  let cloud: SessionCloud;
  let bot: SessionProcess;
  const operator = () => actorOf(cloud.people.operators[0]!);
  const otherOperator = () => actorOf(cloud.people.operators[1]!);
  const pendingRows = (): number => (bot.db.prepare(`SELECT COUNT(*) AS n FROM pending_actions`).get() as { n: number }).n;

  beforeEach(async () => {
    cloud = await createSessionCloud();
    bot = await startSessionProcess(cloud, { mode: 'advanced', autoEnable: true });
  });

  afterEach(() => {
    bot.db.close();
  });

  async function prepareMany(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) ids.push((await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test')).pendingActionId);
    return ids;
  }

  it('when an operator prepares a 21st action while 20 wait for confirmation, then it is refused with a next step and nothing is stored; another operator is not affected', async () => {
    expect(MAX_OPEN_PENDING_ACTIONS).toBe(20);
    await prepareMany(20);

    const error = await bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test').catch((e: unknown) => e);

    expect(error).toMatchObject({
      code: 'ACCESS.TOO_MANY_PENDING',
      userMessage: expect.stringContaining('You already have 20 management actions waiting for your confirmation'),
      nextStep: 'Confirm or cancel the ones you have, or wait until they expire, then try again.',
    });
    expect(pendingRows()).toBe(20);
    await expect(bot.actions.prepare(otherOperator(), 'user.blockSignIn', 'adele@contoso.test')).resolves.toMatchObject({ actionId: 'user.blockSignIn' });
    expect(pendingRows()).toBe(21);
  });

  it('when one of the 20 is confirmed, then there is room for one more', async () => {
    const [first] = await prepareMany(20);
    await bot.actions.execute(operator(), first!);
    await expect(bot.actions.prepare(operator(), 'user.revokeSessions', 'alex@contoso.test')).resolves.toMatchObject({ actionId: 'user.revokeSessions' });
  });

  it('when pending actions expire unconfirmed, then the purge deletes them (and only them) and the operator can prepare again', async () => {
    const [ran, ...waiting] = await prepareMany(20);
    await bot.actions.execute(operator(), ran!);
    cloud.clock.advance(10 * MINUTE);
    const fresh = (await bot.actions.prepare(otherOperator(), 'user.blockSignIn', 'adele@contoso.test')).pendingActionId;
    cloud.clock.advance(6 * MINUTE);

    expect(bot.actions.purgeExpired()).toBe(waiting.length);

    for (const id of waiting) expect(bot.pendingActions.get(id)).toBeUndefined();
    expect(bot.pendingActions.get(ran!)).toMatchObject({ state: 'done' });
    expect(bot.pendingActions.get(fresh)).toMatchObject({ state: 'pending' });
    expect(bot.actions.purgeExpired()).toBe(0);
    await expect(bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test')).resolves.toMatchObject({ actionId: 'user.blockSignIn' });
  });

  it('when prepares race at the limit, then the limit still holds', async () => {
    await prepareMany(18);
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => bot.actions.prepare(operator(), 'user.blockSignIn', 'adele@contoso.test')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(pendingRows()).toBe(20);
  });
});

describe('access confirmations per admin', () => {
  let dbPath: string;
  let cleanup: () => void;
  let clock: ManualClock;
  let h: AccessHarness;
  let store: PendingConfirmationStore;
  const ada = actor(TENANT_A, people.ada);

  beforeEach(() => {
    ({ dbPath, cleanup } = tempDatabase());
    const directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    seedContoso(directory, TENANT_B);
    clock = new ManualClock('2026-03-02T09:00:00Z');
    h = buildHarness({ dbPath, directory, clock });
    store = new PendingConfirmationStore(new SqliteStorage(h.db, () => clock.now()), clock);
  });

  afterEach(() => {
    h.close();
    cleanup();
  });

  const input = (requesterId: string, tenantId = TENANT_A): Parameters<PendingConfirmationStore['create']>[0] => ({
    tenantId,
    kind: 'auditor.grant',
    requesterId,
    subjectId: people.aud.userId,
    payload: { auditorId: people.aud.userId },
    facts: [],
  });

  async function createMany(count: number, requesterId = people.ada.userId): Promise<PendingConfirmation[]> {
    const records: PendingConfirmation[] = [];
    for (let i = 0; i < count; i += 1) records.push(await store.create(input(requesterId)));
    return records;
  }

  const storedKeys = (): string[] => (h.db.prepare(`SELECT storage_key FROM botstate_items WHERE storage_key LIKE '%access-confirmations/%'`).all() as { storage_key: string }[]).map((r) => r.storage_key);

  it('when an admin asks for a 21st confirmation while 20 are open, then it is refused and nothing is stored; other admins and tenants are not affected', async () => {
    expect(MAX_OPEN_CONFIRMATIONS).toBe(20);
    await createMany(20);

    await expect(store.create(input(people.ada.userId))).rejects.toMatchObject({ code: 'ACCESS.TOO_MANY_PENDING', userMessage: expect.stringContaining('20 access changes') });
    await expect(store.requireRoom(TENANT_A, people.ada.userId)).rejects.toMatchObject({ code: 'ACCESS.TOO_MANY_PENDING' });
    expect(storedKeys()).toHaveLength(20);
    await expect(store.create(input(people.pria.userId))).resolves.toMatchObject({ state: 'open' });
    await expect(store.create(input(people.ada.userId, TENANT_B))).resolves.toMatchObject({ state: 'open' });
  });

  it('when one of them is confirmed or cancelled, then it no longer counts as open', async () => {
    const [first, second] = await createMany(20);
    await store.transition(TENANT_A, first!.id, 'open', 'working');
    await store.transition(TENANT_A, first!.id, 'working', 'done', { outcome: 'done', title: 'Auditor access granted', message: 'Aud Auditor can read the audit.' });
    await store.transition(TENANT_A, second!.id, 'open', 'cancelled');
    await createMany(2);
    await expect(store.create(input(people.ada.userId))).rejects.toMatchObject({ code: 'ACCESS.TOO_MANY_PENDING' });
    // The confirmed one is kept until it expires, so a redelivered click still gets its result.
    await expect(store.get(TENANT_A, first!.id)).resolves.toMatchObject({ state: 'done' });
  });

  it('when confirmations expire, then the purge deletes them, a click on one finds nothing, and the admin has room again', async () => {
    const expired = await createMany(20);
    clock.advance(61 * MINUTE);

    await expect(store.purgeExpired()).resolves.toBe(20);

    expect(storedKeys()).toEqual([]);
    for (const record of expired) await expect(store.get(TENANT_A, record.id)).resolves.toBeUndefined();
    await expect(store.purgeExpired()).resolves.toBe(0);
    await expect(store.create(input(people.ada.userId))).resolves.toMatchObject({ state: 'open' });
  });

  it('when an admin creates a confirmation, then the tenant\'s expired ones are deleted on the way (even those left from before a restart)', async () => {
    await createMany(3);
    clock.advance(61 * MINUTE);
    const restarted = new PendingConfirmationStore(new SqliteStorage(h.db, () => clock.now()), clock);
    const fresh = await restarted.create(input(people.pria.userId));
    expect(storedKeys()).toEqual([tenantStorageKey(TENANT_A, 'access-confirmations', fresh.id)]);
  });

  it('when creates race at the limit, then the limit still holds', async () => {
    await createMany(19);
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => store.create(input(people.ada.userId))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(storedKeys()).toHaveLength(20);
  });

  it('when the 21st "grant auditor" is prepared, then the admin gets a card saying why and what to do, and the directory is not asked', async () => {
    const preparer = new ConfirmationPreparer({ authorization: h.authorization, grants: h.grants, directory: h.directory, confirmations: store });
    for (let i = 0; i < 20; i += 1) expect(JSON.stringify(await preparer.prepareAuditorGrant(ada, 'aud@contoso.com', `c-${i}`))).toContain('Grant auditor access?');
    h.directory.failWith('DIRECTORY.UNAVAILABLE');

    const card = JSON.stringify(await preparer.prepareAuditorGrant(ada, 'aud@contoso.com', 'c-21'));

    expect(card).not.toContain('Grant auditor access?');
    expect(card).toContain('You already have 20 access changes waiting for your confirmation');
    expect(card).toContain('Confirm or cancel the ones you have, or wait until they expire, then try again.');
    expect(storedKeys()).toHaveLength(20);
  });
});
