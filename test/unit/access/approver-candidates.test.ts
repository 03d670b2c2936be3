/**
 * Who an approval card goes to (issue 12, item 2): every enabled tenant admin Entra lists, by
 * name, whether or not the bot met them; never the requester under four-eyes; and when the
 * directory cannot be read, only the admins the bot already confirmed (nobody guessed in).
 */
import { ApprovalHandlerRegistry } from '../../../services/approvals/approval-handler.registry';
import { ManualClock } from '../../../services/ports/clock.port';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from './support/access-harness';
import { actor, people, seedContoso, targets, TENANT_A } from './support/contoso';

const KIND = 'test.candidates';

describe('approval card recipients', () => {
  let h: AccessHarness;
  let directory: InMemoryDirectory;
  let cleanup: () => void;

  beforeEach(() => {
    const db = tempDatabase();
    cleanup = db.cleanup;
    directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    const handlers = new ApprovalHandlerRegistry();
    handlers.register({ kind: KIND, requestCapability: 'mode.change', onApproved: async () => undefined });
    h = buildHarness({ dbPath: db.dbPath, directory, clock: new ManualClock(new Date('2026-03-01T10:00:00Z')), handlers, roleOptions: { tenantAdminRoster: directory } });
  });
  afterEach(() => {
    h.close();
    cleanup();
  });

  const recipients = async (): Promise<Array<{ userId: string; displayName?: string }>> => {
    const request = await h.approvals.create(actor(TENANT_A, people.ada), { kind: KIND, payload: { n: 1 } });
    return (await h.approvals.eligibleApprovers(TENANT_A, request.id)).map(({ userId, displayName }) => ({ userId, ...(displayName ? { displayName } : {}) }));
  };

  it('when admins hold the role directly or through a group and the bot never met them, then each is a recipient with their name, and the requester is not', async () => {
    await expect(recipients()).resolves.toEqual(
      expect.arrayContaining([
        { userId: people.pria.userId, displayName: people.pria.displayName },
        { userId: targets.gus.id, displayName: targets.gus.displayName },
      ]),
    );
    expect((await recipients()).map((p) => p.userId)).not.toContain(people.ada.userId);
    expect(await recipients()).toHaveLength(2);
  });

  it('when an admin account is disabled, then it gets no card', async () => {
    await directory.updateUser(TENANT_A, targets.gus.id, { accountEnabled: false });
    expect((await recipients()).map((p) => p.userId)).toEqual([people.pria.userId]);
  });

  it('when the roster cannot be read, then only the admins the bot has confirmed are recipients', async () => {
    await h.authorization.authorize(actor(TENANT_A, people.pria), 'settings.view');
    const request = await h.approvals.create(actor(TENANT_A, people.ada), { kind: KIND, payload: { n: 2 } });
    directory.failWith('DIRECTORY.UNAVAILABLE', ['listTenantAdminIds']);
    expect((await h.approvals.eligibleApprovers(TENANT_A, request.id)).map((p) => p.userId)).toEqual([people.pria.userId]);
  });
});
