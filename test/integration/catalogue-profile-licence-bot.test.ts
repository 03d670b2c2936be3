/**
 * The action catalogue (issue 13) over HTTP to the real bot, which calls the sandbox tenant over
 * HTTPS: `actions` per role, a Start button, profile fields (before → after, invalid values,
 * manager) and licences (seats, no seats, no usage location, remove), redelivery and scope.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import { waiveApprovals } from '../support/action-approval-choices';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { schemaErrors } from '../support/adaptive-card-validation';

const E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
const P2 = '84a661c4-e949-4bd2-a560-ed7766fcaf2b';
const E3 = '6fd2c87f-b296-42f0-b197-1e91e994b900';

/** Every Action.Execute on a card, including those inside Action.ShowCard forms. */
function executeActions(node: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) for (const item of node) executeActions(item, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Action.Execute') found.push(record);
    for (const value of Object.values(record)) executeActions(value, found);
  }
  return found;
}

/** The titles of the actions a catalogue card lists (the bold TextBlock of each entry). */
/** The actions the catalogue offers to start (its Start buttons name one each). */
function catalogueTitles(card: Card): string[] {
  return executeActions(card)
    .filter((action) => action['verb'] === 'actions.start')
    .map((action) => String((action['data'] as { actionId: string }).actionId));
}

describe('the action catalogue, profile fields and licences, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let operator: UserChannel;
  let sales: SandboxPerson[];
  let finance: SandboxPerson;
  const OPERATOR = HELP_DESK_USERS[0]!;

  const state = () => world.sandbox.sandbox.state().directory;
  const userState = (id: string) => state().users.find((user) => user.id === id)!;
  const sku = (skuId: string) => state().subscribedSkus.find((s) => s.skuId === skuId)!;

  beforeAll(async () => {
    world = await startAppWithSandbox();
    admin = world.as(GLOBAL_ADMIN);
    operator = world.as(OPERATOR);
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn', 'user.updateProfile', 'user.assignLicense', 'user.removeLicense'],
    });
    // This tenant's admins chose no approval for these (the approval path: actions-approval.test.ts).
    waiveApprovals(world, ['user.removeLicense']);
    sales = plainUsers(world, 'Sales');
    finance = plainUsers(world, 'Finance')[0]!;
    await world.exchange(operator.message('turn on management'));
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function say(channel: UserChannel, text: string): Promise<Card> {
    const [reply] = await world.exchange(channel.message(text));
    return cardOf(reply);
  }

  async function click(channel: UserChannel, action: Record<string, unknown>, inputs: Record<string, unknown> = {}): Promise<Card> {
    return invokeCard(await world.send(channel.invoke(String(action['verb']), { ...(action['data'] as Record<string, unknown>), ...inputs })));
  }

  const okRecords = async (action: string, targetId: string) =>
    (await auditTrail(world)).filter((record) => record.action === action && record.target?.id === targetId && record.result.outcome === 'ok');

  describe('actions', () => {
    it('when a tenant admin types "actions", then every action is listed, grouped, with its risk and a Start form asking for the user', async () => {
      const card = await say(admin, 'actions');
      expect(schemaErrors(card)).toEqual([]);
      expect(catalogueTitles(card)).toEqual(expect.arrayContaining(['user.blockSignIn', 'user.unblockSignIn', 'user.revokeSessions', 'user.updateProfile', 'user.assignLicense', 'user.removeLicense']));
      for (const words of ['Sign-in & sessions', 'Profile', 'Groups & licences', 'High risk', 'Low risk', "Operators need a tenant admin's approval", 'updateProfile_user']) expect(textOf(card)).toContain(words);
    });

    it("when an operator types \"actions\", then only their grant's actions are listed", async () => {
      const card = await say(operator, 'actions');
      expect(catalogueTitles(card).sort()).toEqual(['user.assignLicense', 'user.blockSignIn', 'user.removeLicense', 'user.updateProfile']);
      expect(textOf(card)).not.toContain('Revoke sessions');
      // Blocking sign-in can run on many users: the card offers the bulk form too.
      expect(executeActions(card).map((action) => action['title'])).toContain('Many users at once');
    });

    it("when the operator starts \"Update profile fields\" from the catalogue, then the confirmation shows before → after and confirming changes the department", async () => {
      const target = sales[0]!;
      const start = executeActions(await say(operator, 'actions')).find((action) => (action['data'] as { actionId: string }).actionId === 'user.updateProfile')!;
      const confirmation = await click(operator, start, { updateProfile_user: target.userPrincipalName, updateProfile_field: 'department', updateProfile_value: 'Marketing' });
      expect(schemaErrors(confirmation)).toEqual([]);
      expect(titleOf(confirmation)).toBe(`Set the department of ${target.displayName} (${target.userPrincipalName}) to Marketing?`);
      expect(textOf(confirmation)).toContain('Sales → Marketing');
      expect(userState(target.id).department).toBe('Sales');

      const done = await click(operator, actionNamed(confirmation, 'Update profile'));
      expect(titleOf(done)).toBe('Done: Update profile fields');
      expect(userState(target.id).department).toBe('Marketing');
      userState(target.id).department = 'Sales';
    });
  });

  describe('profile fields', () => {
    it('when the same confirmation is delivered 3 times, then the usage location changes once and one change is audited', async () => {
      const target = sales[1]!;
      const confirmation = await say(operator, `set usage location for ${target.userPrincipalName} to de`);
      expect(textOf(confirmation)).toContain('US (United States) → DE (Germany)');
      const confirm = actionNamed(confirmation, 'Update profile');

      expect(titleOf(await click(operator, confirm))).toBe('Done: Update profile fields');
      expect(userState(target.id).usageLocation).toBe('DE');
      // Someone sets it back meanwhile: a second run would change it again.
      userState(target.id).usageLocation = 'US';
      for (const _ of [2, 3]) {
        const again = await click(operator, confirm);
        expect(textOf(again)).toContain('already answered; nothing was run again');
      }
      expect(userState(target.id).usageLocation).toBe('US');
      expect(await okRecords('user.updateProfile', target.id)).toHaveLength(1);
    });

    it.each([
      ['usage location', 'USA', /not a two-letter country code/],
      ['usage location', 'EU', /not a two-letter country code/],
      ['mobile phone', 'call me maybe', /doesn't look like a phone number/],
      ['favourite colour', 'blue', /I can't change \W*favourite colour/],
      ['department', 'x'.repeat(65), /at most 64 characters/],
    ])('when the %s is set to %s, then a friendly message with an example says why and nothing changes', async (field, value, why) => {
      const target = sales[2]!;
      const before = JSON.stringify(userState(target.id));
      const card = await say(operator, `set ${field} for ${target.userPrincipalName} to ${value}`);
      expect(textOf(card)).toMatch(why);
      expect(textOf(card)).toMatch(/Nothing was changed\. Run the command again, for example: set /);
      expect(JSON.stringify(card)).not.toContain('"Update profile"');
      expect(JSON.stringify(userState(target.id))).toBe(before);
    });

    it("when the operator sets a user's manager, then PUT manager/$ref makes it so and the card showed not set → the manager", async () => {
      const target = sales[3]!;
      const manager = sales[4]!;
      const confirmation = await say(operator, `set manager for ${target.userPrincipalName} to ${manager.userPrincipalName}`);
      expect(textOf(confirmation)).toContain(`not set → ${manager.userPrincipalName}`);
      expect(titleOf(await click(operator, actionNamed(confirmation, 'Update profile')))).toBe('Done: Update profile fields');
      expect(userState(target.id).managerId).toBe(manager.id);
      expect(await world.app.services.directory.getUser(world.tenantId, target.id)).toBeDefined();
    });

    it('when the operator targets a user outside their scope, then it is refused, audited, and nothing changes', async () => {
      const card = await say(operator, `set department for ${finance.userPrincipalName} to Sales`);
      expect(textOf(card)).toMatch(/scope/i);
      expect(userState(finance.id).department).toBe('Finance');
      const denials = (await auditTrail(world)).filter((r) => r.actor.userId === OPERATOR.id && r.action === 'user.updateProfile' && r.result.outcome === 'denied');
      expect(denials.length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('licences', () => {
    it('when the operator assigns a licence with free seats, then the card shows the product and seats and confirming assigns it and uses a seat', async () => {
      const target = sales[5]!;
      const used = sku(P2).consumedUnits;
      const confirmation = await say(operator, `assign licence entra id p2 to ${target.userPrincipalName}`);
      expect(schemaErrors(confirmation)).toEqual([]);
      // Card text escapes markdown, so the product code reads AAD\_PREMIUM\_P2 in the JSON.
      expect(titleOf(confirmation)).toContain('Assign Microsoft Entra ID P2 (AAD\\_PREMIUM\\_P2) to');
      expect(textOf(confirmation)).toContain(`${10 - used} of 10 free`);
      expect(titleOf(await click(operator, actionNamed(confirmation, 'Assign licence')))).toBe('Done: Assign licence');
      expect(userState(target.id).assignedLicenses.map((l) => l.skuId)).toContain(P2);
      expect(sku(P2).consumedUnits).toBe(used + 1);
    });

    it('when no seats are left, then it is refused with a clear message and nothing changes', async () => {
      const target = sales[6]!;
      const saved = sku(E5).consumedUnits;
      sku(E5).consumedUnits = sku(E5).prepaidUnits.enabled;
      try {
        const card = await say(operator, `assign licence E5 to ${target.userPrincipalName}`);
        expect(textOf(card)).toMatch(/No Microsoft 365 E5 \(SPE\W*_E5\) seats are left: all 25 are in use/);
        expect(textOf(card)).toContain('Free a seat');
        expect(userState(target.id).assignedLicenses.map((l) => l.skuId)).not.toContain(E5);
      } finally {
        sku(E5).consumedUnits = saved;
      }
    });

    it('when the user has no usage location, then the card says to set it first and nothing changes', async () => {
      const target = sales[7]!;
      userState(target.id).usageLocation = null;
      const card = await say(operator, `assign licence SPE_E5 to ${target.userPrincipalName}`);
      expect(textOf(card)).toContain('has no usage location');
      expect(textOf(card)).toContain(`set usage location for ${target.userPrincipalName} to US`);
      expect(userState(target.id).assignedLicenses.map((l) => l.skuId)).not.toContain(E5);
    });

    it('when Graph refuses for a missing usage location after the card was shown, then the result says to set it first', async () => {
      const target = sales[8]!;
      const confirmation = await say(operator, `assign licence SPE_E5 to ${target.userPrincipalName}`);
      userState(target.id).usageLocation = null;
      const result = await click(operator, actionNamed(confirmation, 'Assign licence'));
      expect(titleOf(result)).toBe('Not done: Assign licence');
      expect(textOf(result)).toContain('no usage location');
      expect(userState(target.id).assignedLicenses.map((l) => l.skuId)).not.toContain(E5);
    });

    it('when the operator removes a licence, then the seat is freed and the user no longer has it', async () => {
      const target = sales[9]!;
      const used = sku(E3).consumedUnits;
      const confirmation = await say(operator, `remove licence ENTERPRISEPACK from ${target.userPrincipalName}`);
      expect(textOf(confirmation)).toContain('Office 365 E3 → not assigned');
      expect(titleOf(await click(operator, actionNamed(confirmation, 'Remove licence')))).toBe('Done: Remove licence');
      expect(userState(target.id).assignedLicenses.map((l) => l.skuId)).not.toContain(E3);
      expect(sku(E3).consumedUnits).toBe(used - 1);
      expect(await okRecords('user.removeLicense', target.id)).toHaveLength(1);
    });
  });
});
