/**
 * Finding the user an action names (issue 12 §5) and judging whether they are privileged
 * (§8), through the real Graph client over HTTPS against the sandbox: Graph `startswith` on the
 * UPN, display name, given name and surname, the resolver's one / none / several answers, and
 * role names as the directory gives them.
 */
import { BREAK_GLASS_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { GraphDirectory } from '../../services/adapters/graph/graph-directory';
import { PrivilegedTargetService } from '../../services/access/privileged-target.service';
import { resolveActionTarget } from '../../services/actions/action-target-resolver';
import type { TenantSettings } from '../../services/ports/tenant-settings.repository.port';
import { startSandboxHarness, type SandboxHarness } from '../support/sandbox-harness';

const ADELE = HELP_DESK_USERS[0]!;

describe('finding an action target in the sandbox directory (HTTPS, real Graph client)', () => {
  let harness: SandboxHarness;
  let tenantId: string;
  let directory: GraphDirectory;

  beforeAll(async () => {
    harness = await startSandboxHarness();
    tenantId = harness.sandbox.tenantId;
    const issuer = harness.tokenIssuer();
    directory = new GraphDirectory({
      baseUrl: harness.sandbox.graphBaseUrl,
      getAccessToken: async (tid) => (await issuer.getAppToken(tid)).token,
      fetch: (url, init) => harness.fetch(url, init as never),
      retry: { maxRetries: 0 },
    });
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it.each<{ typed: string; finds: string[]; by: string }>([
    { typed: 'vance', finds: ['Adele Vance'], by: 'surname, any case' },
    { typed: 'Adele', finds: ['Adele Vance'], by: 'given name' },
    { typed: 'adele.v', finds: ['Adele Vance'], by: 'UPN prefix' },
    { typed: 'Adele Vance', finds: ['Adele Vance'], by: 'display name' },
    { typed: 'wilke', finds: ['Nestor Wilke'], by: 'surname' },
    { typed: "o'brien", finds: ["Liam O'Brien"], by: 'a surname with a quote (OData-escaped)' },
    { typed: 'quinn', finds: ['Nora Quinn', 'Quinn Taylor'], by: 'surname of one, given name of another' },
    { typed: 'zzz-nobody', finds: [], by: 'nothing' },
  ])('when "$typed" is searched, then Graph matches by $by', async ({ typed, finds }) => {
    const users = await directory.findUsers(tenantId, typed, { top: 10 });

    expect(users.map((u) => u.displayName).sort()).toEqual(finds);
  });

  it('when "vance" is named in a command, then the resolver answers Adele Vance', async () => {
    expect(await resolveActionTarget(directory, tenantId, 'vance')).toMatchObject({ id: ADELE.id, userPrincipalName: ADELE.userPrincipalName });
  });

  it('when a name matches several people, then the resolver offers them as candidates', async () => {
    const error = await resolveActionTarget(directory, tenantId, 'whit').catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'ACTION.TARGET_AMBIGUOUS' });
    const candidates = (error as { details: { candidates: Array<{ displayName: string }> } }).details.candidates;
    expect(candidates.map((c) => c.displayName).sort()).toEqual(['Aaron Whitfield', 'Cameron White', 'Dana Whitaker']);
  });

  it('when the name matches nobody, then the resolver says so', async () => {
    await expect(resolveActionTarget(directory, tenantId, 'zzz-nobody')).rejects.toMatchObject({ code: 'ACTION.TARGET_NOT_FOUND' });
  });

  describe('privileged targets', () => {
    const settings: TenantSettings = {
      tenantId: '',
      mode: 'advanced',
      autoEnable: false,
      rotationCron: '0 3 * * 1',
      rotationTimeZone: 'UTC',
      approvalPolicy: 'four-eyes',
      sessionTtlInMinutes: 480,
      updatedAt: new Date(0).toISOString(),
    };
    const rule = () =>
      new PrivilegedTargetService({
        directory,
        settings: { get: (id) => ({ ...settings, tenantId: id, breakGlassAccountIds: [BREAK_GLASS_ADMIN.id] }), update: () => settings },
        audit: { append: async () => undefined } as never,
      });
    const caller = () => ({ tenantId, userId: ADELE.id });

    it('when the target is Megan Bowen, then she holds Global Administrator by name', async () => {
      expect((await rule().assess(caller(), { id: SECOND_GLOBAL_ADMIN.id, userPrincipalName: SECOND_GLOBAL_ADMIN.userPrincipalName })).reasons).toEqual([
        { kind: 'directoryRole', roleNames: ['Global Administrator'] },
      ]);
    });

    it('when the target is the seeded break-glass account listed in settings, then both reasons are named', async () => {
      const reasons = (await rule().assess(caller(), { id: BREAK_GLASS_ADMIN.id, userPrincipalName: BREAK_GLASS_ADMIN.userPrincipalName })).reasons;

      expect(reasons.map((r) => r.kind)).toEqual(['directoryRole', 'breakGlass']);
    });

    it('when the caller names themselves, then it is their own account; another help-desk user is not privileged', async () => {
      expect((await rule().assess(caller(), { id: ADELE.id, userPrincipalName: ADELE.userPrincipalName })).reasons).toEqual([{ kind: 'self' }]);
      const other = HELP_DESK_USERS[1]!;
      expect(await rule().assess(caller(), { id: other.id, userPrincipalName: other.userPrincipalName })).toEqual({ privileged: false, reasons: [] });
    });
  });
});
