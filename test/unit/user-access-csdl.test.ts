/**
 * The Temporary Access Pass, mailbox settings and direct-group requests of GraphUserAdministration,
 * sent as a Global Administrator's delegated token (what a management session holds) to the
 * in-process sandbox: every one resolves in Microsoft's Graph v1.0 metadata, and the sandbox
 * answers them as Graph would (the pass once, a hash kept; one usable pass per user; the
 * lifetime policy; no mailbox without `mail`; a helpdesk user without a role is refused).
 */
import { BOT_APP, GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { verifySecret } from '../../sandbox/directory/model';
import { createInProcessGraph, IN_PROCESS_BASE_URL } from '../../sandbox/graph/in-process';
import { GraphUserAdministration } from '../../services/adapters/graph/graph-user-administration';
import { DirectoryError } from '../../services/ports/directory.port';
import { checkRequest, CsdlModel, jsonPropertyPaths, type RequestToCheck } from '../support/csdl';

const model = CsdlModel.load();

describe('GraphUserAdministration: passes, automatic replies and direct groups against the sandbox', () => {
  const graph = createInProcessGraph();
  const sent: RequestToCheck[] = [];
  let signedIn = GLOBAL_ADMIN.userPrincipalName;
  const users = new GraphUserAdministration({
    baseUrl: `${IN_PROCESS_BASE_URL}/v1.0`,
    getAccessToken: async () => graph.userToken(signedIn, BOT_APP.appId),
    retry: { maxRetries: 0 },
    fetch: async (url: string, init: Record<string, unknown>) => {
      const u = new URL(url);
      const body = typeof init.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : undefined;
      sent.push({ method: String(init.method ?? 'GET'), path: `${u.pathname.replace(/^\/v1\.0/, '')}${decodeURIComponent(u.search)}`, bodyPaths: jsonPropertyPaths(body) });
      return graph.fetch(url, init);
    },
  });
  const tenant = graph.directory().tenantId;
  const [user, other, third] = [HELP_DESK_USERS[0]!, HELP_DESK_USERS[1]!, HELP_DESK_USERS[2]!];
  const sandboxUser = (id: string) => graph.directory().users.find((candidate) => candidate.id === id)!;

  afterEach(() => {
    signedIn = GLOBAL_ADMIN.userPrincipalName;
  });

  it('when every method runs, then each request conforms to the CSDL and the sandbox shows the changes', async () => {
    const created = await users.createTemporaryAccessPass(tenant, user.id, { lifetimeInMinutes: 480, isUsableOnce: true });
    expect(created).toMatchObject({ lifetimeInMinutes: 480, isUsableOnce: true });
    const stored = graph.directory().temporaryAccessPasses!.find((pass) => pass.id === created.id)!;
    expect(verifySecret(stored.passHash, created.pass)).toBe(true);
    expect(JSON.stringify(graph.directory())).not.toContain(created.pass);

    expect(await users.getAutomaticReplies(tenant, user.id)).toMatchObject({ status: 'disabled' });
    await users.setAutomaticReplies(tenant, user.id, { status: 'alwaysEnabled', internalReplyMessage: 'Away', externalReplyMessage: 'Away', externalAudience: 'all' });
    expect(await users.getAutomaticReplies(tenant, user.id)).toEqual({ status: 'alwaysEnabled', internalReplyMessage: 'Away', externalReplyMessage: 'Away', externalAudience: 'all' });
    await users.setAutomaticReplies(tenant, user.id, { status: 'disabled' });
    expect(await users.getAutomaticReplies(tenant, user.id)).toMatchObject({ status: 'disabled', internalReplyMessage: 'Away' });

    const groups = await users.listDirectGroups(tenant, user.id);
    const expected = graph.directory().groups.filter((group) => group.members.includes(user.id)).map((group) => group.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(groups.map((group) => group.id).sort()).toEqual(expected.sort());

    expect(sent.flatMap((request) => checkRequest(model, request))).toEqual([]);
  });

  it('when the user already has a usable pass, then Graph refuses a second one', async () => {
    await users.createTemporaryAccessPass(tenant, other.id, { lifetimeInMinutes: 60, isUsableOnce: true });
    const error = await users.createTemporaryAccessPass(tenant, other.id, { lifetimeInMinutes: 60, isUsableOnce: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DIRECTORY.BAD_REQUEST' });
    expect((error as Error).message).toMatch(/only have one Temporary Access Pass/);
  });

  it('when the lifetime is outside the policy, then Graph refuses and no pass is kept', async () => {
    await expect(users.createTemporaryAccessPass(tenant, third.id, { lifetimeInMinutes: 5, isUsableOnce: true })).rejects.toMatchObject({ code: 'DIRECTORY.BAD_REQUEST' });
    expect((graph.directory().temporaryAccessPasses ?? []).filter((pass) => pass.userId === third.id)).toEqual([]);
  });

  it('when the signed-in user holds no admin role, then the pass and the mailbox settings are refused', async () => {
    signedIn = HELP_DESK_USERS[4]!.userPrincipalName;
    await expect(users.createTemporaryAccessPass(tenant, third.id, { lifetimeInMinutes: 60, isUsableOnce: true })).rejects.toMatchObject({ code: 'DIRECTORY.PERMISSION_DENIED' });
    await expect(users.setAutomaticReplies(tenant, third.id, { status: 'disabled' })).rejects.toBeInstanceOf(DirectoryError);
  });

  it('when a user has no mailbox, then reading automatic replies answers "none"', async () => {
    // No mail address: no Exchange Online mailbox.
    const noMailbox = sandboxUser(HELP_DESK_USERS[3]!.id);
    noMailbox.mail = null;
    expect(await users.getAutomaticReplies(tenant, noMailbox.id)).toBeUndefined();
    expect(sandboxUser(noMailbox.id).automaticRepliesSetting).toBeUndefined();
  });
});
