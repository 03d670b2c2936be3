import { Verbs } from '../../cards';
import { actorOf, buttonData, OTHER_TENANT, outsider, people, startWorld, textOf, TENANT, type World } from './access-bot.world';

/**
 * Replayed card invokes whose payload was edited: the identity and what is changed come from the
 * activity and from server-side state, never from the card, so each edit is refused, audited,
 * and changes nothing.
 */
describe('replayed and edited card invokes', () => {
  let world: World;
  let grantCard: Record<string, unknown>;

  beforeAll(async () => {
    world = await startWorld();
    world.harness.app.access.approvalHandlers.register({ kind: 'test.replay', requestCapability: 'mode.change' });
    for (const admin of [people.ada, people.adam]) await world.say(admin, 'operators');
    await world.say(outsider, 'help', { tenantId: OTHER_TENANT });
    const [confirmation] = await world.say(people.ada, 'grant operator alex@contoso.test scope department Sales actions block sign-in');
    grantCard = confirmation!.cards[0]!;
  });
  afterAll(async () => {
    await world.close();
  });

  async function nothingGranted(): Promise<void> {
    expect(await world.harness.app.access.grants.listOperators(actorOf(people.ada))).toEqual([]);
    expect(await world.harness.app.access.roles.getOperatorGrant(OTHER_TENANT, people.alex.id)).toBeUndefined();
  }

  async function lastDenial(tenantId = TENANT) {
    const records = await world.auditRecords(tenantId);
    return records.filter((record) => record.result.outcome === 'denied').at(-1);
  }

  it('when the confirmation is replayed naming another target, then it is refused, audited and nothing is granted', async () => {
    const edited = { ...buttonData(grantCard, 'Grant'), subjectId: people.mark.id, operator: people.mark.upn };
    const card = await world.click(people.ada, Verbs.grantOperatorConfirm, edited);

    expect(textOf(card)).toContain("This card's details don't match what was prepared");
    expect(await lastDenial()).toMatchObject({ action: 'operator.grant', actor: { userId: people.ada.id }, result: { code: 'CONFIRMATION.TAMPERED' } });
    await nothingGranted();
  });

  it('when the confirmation is replayed naming another tenant, then it is refused and nothing is granted in either tenant', async () => {
    const card = await world.click(people.ada, Verbs.grantOperatorConfirm, { ...buttonData(grantCard, 'Grant'), tenantId: OTHER_TENANT });
    expect(textOf(card)).toContain('belongs to another organization');
    expect(await lastDenial()).toMatchObject({ result: { code: 'CONFIRMATION.OTHER_TENANT' } });

    // An admin of the other tenant replays the genuine card: the pending id does not exist there.
    const fromOutside = await world.click(outsider, Verbs.grantOperatorConfirm, buttonData(grantCard, 'Grant'), { tenantId: OTHER_TENANT });
    expect(textOf(fromOutside)).toContain('belongs to another organization');
    expect(await lastDenial(OTHER_TENANT)).toMatchObject({ actor: { userId: outsider.id }, result: { code: 'CONFIRMATION.OTHER_TENANT' } });
    const withTheirTenant = await world.click(outsider, Verbs.grantOperatorConfirm, { ...buttonData(grantCard, 'Grant'), tenantId: OTHER_TENANT }, { tenantId: OTHER_TENANT });
    expect(textOf(withTheirTenant)).toContain('This confirmation is no longer valid');
    await nothingGranted();
  });

  it('when another admin replays the confirmation, or names themselves as requester, then it is refused and nothing is granted', async () => {
    const asIs = await world.click(people.adam, Verbs.grantOperatorConfirm, buttonData(grantCard, 'Grant'));
    expect(textOf(asIs)).toContain('Only the admin who asked for this change can confirm it');
    expect(await lastDenial()).toMatchObject({ actor: { userId: people.adam.id }, result: { code: 'CONFIRMATION.NOT_YOURS' } });

    const renamed = await world.click(people.adam, Verbs.grantOperatorConfirm, { ...buttonData(grantCard, 'Grant'), requesterId: people.adam.id });
    expect(textOf(renamed)).toContain('Only the admin who asked for this change can confirm it');

    const byRequesterEdited = await world.click(people.ada, Verbs.grantOperatorConfirm, { ...buttonData(grantCard, 'Grant'), requesterId: people.adam.id });
    expect(textOf(byRequesterEdited)).toContain("This card's details don't match");
    await nothingGranted();
  });

  it('when the untouched confirmation is finally clicked by its requester, then exactly the prepared grant is made', async () => {
    const card = await world.click(people.ada, Verbs.grantOperatorConfirm, buttonData(grantCard, 'Grant'));
    expect(textOf(card)).toContain('Alex Wilber (alex@contoso.test) is now an operator');
    expect(await world.harness.app.access.grants.listOperators(actorOf(people.ada))).toEqual([
      expect.objectContaining({ operator: expect.objectContaining({ userId: people.alex.id }), scope: [{ kind: 'department', value: 'Sales' }], allowedActions: ['user.blockSignIn'] }),
    ]);
  });

  it('when an approval click is replayed with another tenant, another requester or from another tenant, then it is refused and the request stays pending', async () => {
    const { request } = await world.harness.app.access.approvalRequests.request(actorOf(people.ada), { kind: 'test.replay', payload: { change: 'something' } });
    const genuine = { requestId: request.id, tenantId: TENANT, requesterId: people.ada.id };

    const otherTenant = await world.click(people.adam, Verbs.approvalApprove, { ...genuine, tenantId: OTHER_TENANT });
    expect(textOf(otherTenant)).toContain("This card's details don't match the request");
    const otherRequester = await world.click(people.adam, Verbs.approvalApprove, { ...genuine, requesterId: people.adam.id });
    expect(textOf(otherRequester)).toContain("This card's details don't match the request");
    expect(await lastDenial()).toMatchObject({ action: 'approval.approve', actor: { userId: people.adam.id }, result: { code: 'APPROVAL.CARD_MISMATCH' } });

    const fromOutside = await world.click(outsider, Verbs.approvalApprove, { ...genuine, tenantId: OTHER_TENANT }, { tenantId: OTHER_TENANT });
    expect(textOf(fromOutside)).toContain('That request does not exist.');
    expect(await lastDenial(OTHER_TENANT)).toMatchObject({ actor: { userId: outsider.id }, result: { code: 'APPROVAL.NOT_FOUND' } });

    // The requester renaming themselves is still the requester: four-eyes holds.
    const selfApproval = await world.click(people.ada, Verbs.approvalApprove, { ...genuine, requesterId: people.adam.id });
    expect(textOf(selfApproval)).toContain("This card's details don't match the request");

    const stored = await world.harness.app.access.approvals.get(TENANT, request.id);
    expect(stored).toMatchObject({ state: 'pending' });
    expect(stored?.decidedBy).toBeUndefined();
  });
});
