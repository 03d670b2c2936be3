/**
 * The catalogue's pieces without a tenant: which actions each role is offered and in which group,
 * how profile values are judged, and how typed licence names find a subscription. The same paths
 * run end to end in test/integration/catalogue-profile-licence-bot.test.ts.
 */
import { catalogueGroupsView, startData } from '../../../dialogs/actions/action-catalogue-views';
import { ACTION_CHAT_ROWS } from '../../../dialogs/actions/action-rows';
import type { Actor } from '../../../services/access/actor';
import { ActionCatalogueService } from '../../../services/actions/action-catalogue.service';
import { ActionRegistry } from '../../../services/actions/action-registry';
import { matchSkus, named } from '../../../services/actions/licence-skus';
import { checkFieldValue, countryName, fieldOf } from '../../../services/actions/profile-fields';
import { updateProfileParameters } from '../../../services/actions/update-profile.action';
import { licenceParameters } from '../../../services/actions/licence.actions';

const actor = (userId: string): Actor => ({ tenantId: 'contoso', userId }) as Actor;

describe('ActionCatalogueService', () => {
  /** Capabilities per person, as AuthorizationService.capabilitiesOf would read them. */
  const capabilities: Record<string, string[]> = {
    admin: new ActionRegistry().list().map((action) => action.id),
    operator: ['user.blockSignIn', 'user.updateProfile', 'session.turnOn'],
    auditor: ['audit.view'],
  };
  const catalogue = new ActionCatalogueService(new ActionRegistry(), { capabilitiesOf: async (a) => capabilities[a.userId] ?? [] });

  it('when a tenant admin asks, then every action is offered, in the catalogue groups in order', async () => {
    const groups = await catalogue.listFor(actor('admin'));
    expect(groups.flatMap((group) => group.actions.map((action) => action.id)).sort()).toEqual(new ActionRegistry().list().map((action) => action.id).sort());
    expect(groups.map((group) => group.category)).toEqual(expect.arrayContaining(['Sign-in & sessions', 'Password & access', 'Groups & licences', 'Profile']));
  });

  it("when an operator asks, then only their grant's actions are offered", async () => {
    const groups = await catalogue.listFor(actor('operator'));
    expect(groups.map((group) => [group.category, group.actions.map((action) => action.id)])).toEqual([
      ['Sign-in & sessions', ['user.blockSignIn']],
      ['Profile', ['user.updateProfile']],
    ]);
  });

  it('when someone with no grant asks, or their roles cannot be read, then nothing is offered', async () => {
    expect(await catalogue.listFor(actor('auditor'))).toEqual([]);
    const failing = new ActionCatalogueService(new ActionRegistry(), { capabilitiesOf: () => Promise.reject(new Error('directory down')) });
    expect(await failing.listFor(actor('admin'))).toEqual([]);
  });

  it('when the card is built, then each action has its risk in words and input ids unique on the card, and a Start click maps back to the flow data', async () => {
    const view = catalogueGroupsView(await catalogue.listFor(actor('admin')), ACTION_CHAT_ROWS);
    const actions = view.flatMap((group) => group.actions);
    const ids = actions.flatMap((action) => [action.userInputId, ...action.inputs.map((input) => input.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(actions.find((action) => action.actionId === 'user.removeLicense')).toMatchObject({ riskWords: 'High risk', approvalWords: "Operators need a tenant admin's approval" });
    const row = ACTION_CHAT_ROWS.find((candidate) => candidate.actionId === 'user.updateProfile')!;
    expect(startData(row, { actionId: row.actionId, updateProfile_user: 'adele', updateProfile_field: 'office', updateProfile_value: 'B4', user: 'mallory' })).toEqual({ user: 'adele', field: 'office', value: 'B4' });
  });
});

describe('profile field values', () => {
  it.each([
    ['Job Title', 'jobTitle'],
    ['office', 'officeLocation'],
    ['mobile', 'mobilePhone'],
    ['usage-location', 'usageLocation'],
    ['Manager', 'manager'],
    ['shoe size', undefined],
  ])('when the field is typed "%s", then it is %s', (typed, field) => {
    expect(fieldOf(typed)).toBe(field);
  });

  it.each([
    ['usageLocation', 'gb', { ok: true, value: 'GB' }],
    ['usageLocation', 'USA', { ok: false }],
    ['usageLocation', 'XX', { ok: false }],
    ['usageLocation', 'EU', { ok: false }],
    ['mobilePhone', '+44 20 7946 0958', { ok: true, value: '+44 20 7946 0958' }],
    ['mobilePhone', 'ring me', { ok: false }],
    ['department', '  Sales   Ops ', { ok: true, value: 'Sales Ops' }],
    ['department', ' ', { ok: false }],
    ['jobTitle', 'x'.repeat(129), { ok: false }],
  ] as const)('when %s is set to "%s", then the check says %j', (field, value, expected) => {
    expect(checkFieldValue(field, value)).toMatchObject(expected);
  });

  it('when a country code is named, then the card shows its name', () => {
    expect(countryName('de')).toBe('Germany');
    expect(countryName('ZZ')).toBeUndefined();
  });

  it('when stored parameters are parsed before a run, then only a known field with a value passes', () => {
    expect(updateProfileParameters.safeParse({ field: 'department', value: 'Sales', before: 'not set' }).success).toBe(true);
    expect(updateProfileParameters.safeParse({ field: 'passwordProfile', value: 'x', before: '' }).success).toBe(false);
    expect(licenceParameters.safeParse({ skuId: 'not-a-guid', skuPartNumber: 'X', name: 'X', seats: '' }).success).toBe(false);
  });
});

describe('licence names', () => {
  const skus = [
    { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', skuPartNumber: 'SPE_E5', enabledUnits: 25, consumedUnits: 16 },
    { skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', skuPartNumber: 'ENTERPRISEPACK', enabledUnits: 100, consumedUnits: 100 },
    { skuId: '84a661c4-e949-4bd2-a560-ed7766fcaf2b', skuPartNumber: 'AAD_PREMIUM_P2', enabledUnits: 10, consumedUnits: 12 },
  ].map(named);

  it.each([
    ['E5', 'SPE_E5'],
    ['spe_e5', 'SPE_E5'],
    ['Microsoft 365 E5', 'SPE_E5'],
    ['06ebc4ee-1bb5-47dd-8120-11324bc54e06', 'SPE_E5'],
    ['office 365 e3', 'ENTERPRISEPACK'],
    ['P2', 'AAD_PREMIUM_P2'],
  ])('when "%s" is typed, then it finds %s', (typed, partNumber) => {
    expect(matchSkus(skus, typed).map((sku) => sku.skuPartNumber)).toEqual([partNumber]);
  });

  it('when a name matches nothing or several, then no single licence is picked', () => {
    expect(matchSkus(skus, 'visio')).toEqual([]);
    expect(matchSkus(skus, 'E').length).toBeGreaterThan(1);
  });

  it('when seats are counted, then they are prepaid enabled minus consumed, never below 0', () => {
    expect(skus.map((sku) => sku.available)).toEqual([9, 0, 0]);
  });
});
