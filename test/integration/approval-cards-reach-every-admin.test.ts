/**
 * Issue 12, item 2: approval cards reach every tenant admin the directory knows. An admin the bot
 * never talked to gets the bot's Teams app installed through Graph
 * (POST /users/{id}/teamwork/installedApps, against the sandbox over HTTPS) and a 1:1 chat opened
 * through the connector's createConversation (the fake connector plays Teams: it opens a chat only
 * for a user who has the app, as the sandbox recorded it). A disabled admin gets nothing; an admin
 * whose install or chat fails is skipped and the others still get theirs.
 */
import { grantApplicationPermission } from '../../sandbox/directory/model';
import {
  BOT_APP,
  BREAK_GLASS_ADMIN,
  CA_BLOCKED_ADMIN,
  DISABLED_ADMIN,
  GLOBAL_ADMIN,
  MFA_REQUIRED_ADMIN,
  PRIVILEGED_ROLE_ADMIN,
  ROLE_TEMPLATES,
  SECOND_GLOBAL_ADMIN,
  type SeedAccount,
} from '../../sandbox/directory/seed/contoso-ids';
import { SANDBOX_BOT_TEAMS_APP } from '../../sandbox/graph/teamwork.routes';
import { GraphTeamsAppInstaller } from '../../services/adapters/graph/graph-teams-app-installer';
import type { GraphFetch } from '../../services/adapters/graph/graph-client-factory';
import type { Actor } from '../../services/access/actor';
import { sandboxAdapters, startAppWithSandbox, type AppWithSandbox, type SandboxPerson } from '../support/app-harness';
import { createdPersonalChatId } from '../support/fake-connector';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const KIND = 'test.reach-every-admin';
const CARD = 'application/vnd.microsoft.card.adaptive';

interface InstallRequest {
  method: string;
  path: string;
  body: unknown;
  authorized: boolean;
}

describe('approval cards reach every tenant admin the directory knows', () => {
  let sandbox: SandboxHarness;
  let world: AppWithSandbox;
  const installRequests: InstallRequest[] = [];

  const actorOf = (who: SeedAccount): Actor => ({ tenantId: world.tenantId, userId: who.id, upn: who.userPrincipalName, displayName: who.displayName });
  const installedFor = (): string[] => (sandbox.sandbox.state().directory.teamsAppInstallations ?? []).map((installation) => installation.userId).sort();
  const created = () => world.bot.connector.conversationsCreated();
  const cardsIn = (conversationId: string, requestId: string): Array<Record<string, unknown>> =>
    world.bot.connector
      .sent(conversationId)
      .map((call) => (call.activity?.['attachments'] as Array<{ contentType: string; content: Record<string, unknown> }> | undefined)?.find((a) => a.contentType === CARD)?.content)
      .filter((card): card is Record<string, unknown> => card !== undefined && JSON.stringify(card).includes(requestId));
  const hasApprove = (card: Record<string, unknown> | undefined): boolean => JSON.stringify(card ?? {}).includes('"title":"Approve"');

  /** A new Global Administrator, made through Graph as the bot's app (it holds User.ReadWrite.All and RoleManagement.ReadWrite.Directory). */
  async function newAdmin(name: string): Promise<SandboxPerson> {
    const directory = world.app.access.directory;
    const user = await directory.createUser(world.tenantId, {
      userPrincipalName: `${name}@contoso.test`,
      displayName: `New Admin ${name}`,
      mailNickname: name,
      accountEnabled: true,
      password: 'Reach-Every-Admin-Passw0rd!',
      forceChangePasswordNextSignIn: false,
    });
    await directory.createRoleAssignment(world.tenantId, user.id, ROLE_TEMPLATES.globalAdministrator);
    return { id: user.id, userPrincipalName: user.userPrincipalName, displayName: user.displayName };
  }

  beforeAll(async () => {
    sandbox = await startSandboxHarness();
    // The least privileged permission for an app that installs itself.
    grantApplicationPermission(sandbox.sandbox.state().directory, BOT_APP.appId, 'TeamsAppInstallation.ReadWriteSelfForUser.All');
    await sandbox.sandbox.persist();
    const issuer = sandbox.tokenIssuer();
    const recordingFetch: GraphFetch = async (url, init) => {
      const headers = (init['headers'] ?? {}) as Record<string, string>;
      const authorization = Object.entries(headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
      installRequests.push({
        method: String(init['method']),
        path: new URL(url).pathname,
        body: typeof init['body'] === 'string' ? (JSON.parse(init['body']) as unknown) : undefined,
        authorized: typeof authorization === 'string' && authorization.startsWith('Bearer '),
      });
      return (sandbox.fetch as GraphFetch)(url, init);
    };
    const teamsApps = new GraphTeamsAppInstaller({
      baseUrl: sandbox.sandbox.graphBaseUrl,
      getAccessToken: async (tenantId) => (await issuer.getAppToken(tenantId)).token,
      fetch: recordingFetch,
      retry: { maxRetries: 0 },
    });
    world = await startAppWithSandbox({
      sandbox,
      logLevel: 'info',
      env: { TEAMS_APP_ID: SANDBOX_BOT_TEAMS_APP.id },
      overrides: { adapters: { ...sandboxAdapters(sandbox, issuer), teamsApps }, approvalTimerIntervalInMs: 3_600_000 },
    });
    // Teams opens a 1:1 chat only with a user who has the app: here, whoever the sandbox installed it for.
    world.bot.connector.isAppInstalled = (memberId) => installedFor().includes(memberId.toLowerCase());
    world.app.access.approvalHandlers.register({ kind: KIND, requestCapability: 'mode.change', onApproved: async () => undefined });
    // The requester and one other admin have talked to the bot; the rest never did.
    await world.exchange(world.as(GLOBAL_ADMIN).message('help'));
    await world.exchange(world.as(SECOND_GLOBAL_ADMIN).message('help'));
  }, 90_000);

  afterAll(async () => {
    await world?.close();
    await sandbox?.stop();
  });

  afterEach(() => sandbox.sandbox.faults.clear());

  it('when an admin the bot never met is an approver, then the app is installed for them, a 1:1 chat is opened, they get the card, and the disabled admin gets nothing', async () => {
    const neverMet = [BREAK_GLASS_ADMIN, MFA_REQUIRED_ADMIN, CA_BLOCKED_ADMIN, PRIVILEGED_ROLE_ADMIN];

    const { request, reached } = await world.app.access.approvalRequests.request(actorOf(GLOBAL_ADMIN), { kind: KIND, payload: { setting: 'autoEnable' } });

    // Graph: one install per admin the bot never met, in the shape Graph v1.0 documents.
    expect(installedFor()).toEqual(neverMet.map((admin) => admin.id).sort());
    expect(installRequests.map((r) => r.path).sort()).toEqual(neverMet.map((admin) => `/v1.0/users/${admin.id}/teamwork/installedApps`).sort());
    for (const sent of installRequests) {
      expect(sent).toMatchObject({ method: 'POST', authorized: true });
      expect(sent.body).toEqual({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${SANDBOX_BOT_TEAMS_APP.id}` });
    }
    expect(sandbox.sandbox.state().directory.teamsAppInstallations?.every((i) => i.teamsAppId === SANDBOX_BOT_TEAMS_APP.id && i.installedByAppId === BOT_APP.appId)).toBe(true);

    // Connector: a personal conversation per new admin, with them as the one member, in this tenant.
    expect(created().map((call) => (call.activity?.['members'] as Array<{ id: string }>)[0]?.id).sort()).toEqual(neverMet.map((admin) => admin.id).sort());
    for (const call of created()) {
      expect(call.activity).toMatchObject({ isGroup: false, tenantId: world.tenantId, channelData: { tenant: { id: world.tenantId } } });
      expect(call.activity?.['members']).toHaveLength(1);
    }

    // Every enabled admin but the requester got a card with Approve; the new chats are stored for next time.
    for (const admin of neverMet) {
      expect(hasApprove(cardsIn(createdPersonalChatId(admin.id), request.id)[0])).toBe(true);
      await expect(world.app.conversationReferences.findPersonal(world.tenantId, admin.id)).resolves.toMatchObject({ conversationId: createdPersonalChatId(admin.id) });
    }
    expect(hasApprove(cardsIn(world.as(SECOND_GLOBAL_ADMIN).conversationId, request.id)[0])).toBe(true);
    expect(cardsIn(world.as(GLOBAL_ADMIN).conversationId, request.id)).toEqual([]);
    expect(reached.sort()).toEqual([SECOND_GLOBAL_ADMIN, ...neverMet].map((admin) => admin.displayName).sort());
    expect(reached).not.toContain(DISABLED_ADMIN.displayName);
    expect(installedFor()).not.toContain(DISABLED_ADMIN.id);
    expect(created().some((call) => JSON.stringify(call.activity).includes(DISABLED_ADMIN.id))).toBe(false);
    expect((await world.app.access.approvals.get(world.tenantId, request.id))?.cards).toHaveLength(5);

    // The next request finds every chat stored: no install and no new conversation.
    const [installs, conversations] = [installRequests.length, created().length];
    const next = await world.app.access.approvalRequests.request(actorOf(GLOBAL_ADMIN), { kind: KIND, payload: { setting: 'again' } });
    expect(next.reached).toHaveLength(5);
    expect([installRequests.length, created().length]).toEqual([installs, conversations]);
  });

  it('when the install fails for one new admin and the chat cannot be opened for another, then only those two are skipped, logged without secrets, and the others get their cards', async () => {
    const [refusedInstall, noChat, reachable] = [await newAdmin('refused.install'), await newAdmin('no.chat'), await newAdmin('reachable')];
    // Graph refuses this one install, as it does without the permission; Teams refuses the other chat, as the Playground does for a user it does not host.
    sandbox.sandbox.faults.configure({ serverErrors: [{ match: { method: 'POST', pathPattern: `^/v1\\.0/users/${refusedInstall.id}/teamwork/installedApps$` }, status: 403 }] });
    world.bot.connector.failCreateConversation({ status: 403, memberId: noChat.id });
    const logLinesBefore = world.log.entries().length;

    const { request, reached } = await world.app.access.approvalRequests.request(actorOf(GLOBAL_ADMIN), { kind: KIND, payload: { setting: 'partial' } });

    expect(hasApprove(cardsIn(createdPersonalChatId(reachable.id), request.id)[0])).toBe(true);
    expect(reached).toContain(reachable.displayName);
    expect(reached).toContain(PRIVILEGED_ROLE_ADMIN.displayName);
    expect(reached).not.toContain(refusedInstall.displayName);
    expect(reached).not.toContain(noChat.displayName);
    expect(installedFor()).not.toContain(refusedInstall.id);
    expect(world.bot.connector.sent(createdPersonalChatId(noChat.id))).toEqual([]);
    await expect(world.app.conversationReferences.findPersonal(world.tenantId, refusedInstall.id)).resolves.toBeUndefined();
    await expect(world.app.conversationReferences.findPersonal(world.tenantId, noChat.id)).resolves.toBeUndefined();

    const skipped = world.log
      .entries()
      .slice(logLinesBefore)
      .filter((entry) => entry['msg'] === 'approval card not delivered');
    expect(skipped.map((entry) => [entry['userId'], entry['step']]).sort()).toEqual(
      [
        [refusedInstall.id, 'install'],
        [noChat.id, 'createConversation'],
      ].sort(),
    );
    const logged = JSON.stringify(world.log.entries().slice(logLinesBefore));
    expect(logged).not.toMatch(/Bearer |eyJ[A-Za-z0-9_-]{10,}|odata\.bind/);
  });
});
