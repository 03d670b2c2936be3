import { Verbs } from '../../cards';
import { buttonData, people, referenceOf, startWorld, textOf, TENANT, type World } from './access-bot.world';

describe('granting operators and auditors through the bot', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('when a tenant admin grants an operator and confirms, then the operators card shows the grant', async () => {
    const [confirmation] = await world.say(people.ada, 'grant operator alex@contoso.test scope department Sales actions block sign-in, revoke sessions');
    const card = confirmation?.cards[0];
    expect(textOf(card)).toContain('Grant operator access?');
    expect(textOf(card)).toContain('Alex Wilber (alex@contoso.test)');
    expect(textOf(card)).toContain('department \\"Sales\\"');
    expect(textOf(card)).toContain('Block sign-in, Revoke sessions');
    // Nothing is stored before the confirmation.
    expect(await world.harness.app.access.roles.getOperatorGrant(TENANT, people.alex.id)).toBeUndefined();

    const result = await world.click(people.ada, Verbs.grantOperatorConfirm, buttonData(card!, 'Grant'));
    expect(textOf(result)).toContain('Alex Wilber (alex@contoso.test) is now an operator');

    const [list] = await world.say(people.ada, 'operators');
    const operators = textOf(list?.cards[0]);
    expect(operators).toContain('Alex Wilber (alex@contoso.test)');
    expect(operators).toContain('department \\"Sales\\"');
    expect(operators).toContain('Block sign-in, Revoke sessions');
    expect(operators).toContain('Ada Admin (ada@contoso.test)');
    expect(await world.harness.app.access.roles.getOperatorGrant(TENANT, people.alex.id)).toMatchObject({
      allowedActions: ['user.blockSignIn', 'user.revokeSessions'],
      scope: [{ kind: 'department', value: 'Sales' }],
      grantedBy: { userId: people.ada.id },
    });
  });

  it('when the same confirmation is delivered twice, then the grant is made once and both answers show the result', async () => {
    const [confirmation] = await world.say(people.ada, 'grant operator sally@contoso.test scope users mark@contoso.test actions all');
    const data = buttonData(confirmation!.cards[0]!, 'Grant');
    const activityId = `redelivered-${Date.now()}`;
    const first = await world.click(people.ada, Verbs.grantOperatorConfirm, data, { activityId });
    const second = await world.click(people.ada, Verbs.grantOperatorConfirm, data, { activityId });

    expect(textOf(first)).toContain('is now an operator');
    expect(textOf(second)).toContain('is now an operator');
    const grants = (await world.auditRecords()).filter((record) => record.action === 'operator.grant' && record.target?.id === people.sally.id && record.result.outcome === 'ok');
    expect(grants).toHaveLength(1);
    expect(await world.harness.app.access.roles.getOperatorGrant(TENANT, people.sally.id)).toMatchObject({ scope: [{ kind: 'users', userIds: [people.mark.id] }] });
  });

  it('when the admin types only "grant operator", then the dialog asks for each part and ends with the confirmation card', async () => {
    const conversationId = 'a:dialog-grant';
    const ask = async (text: string): Promise<string> => textOf(await world.say(people.ada, text, { conversationId }));

    expect(await ask('grant operator')).toContain('Who should become an operator?');
    expect(await ask('mark@contoso.test')).toContain('Which users may they manage?');
    expect(await ask('department')).toContain("I didn't understand the scope");
    expect(await ask('department Marketing')).toContain('Which actions may they run?');
    const confirmation = await ask('reset password');
    expect(confirmation).toContain('Grant operator access?');
    expect(confirmation).toContain('Mark Marketing (mark@contoso.test)');
    expect(confirmation).toContain('Reset password');
  });

  it('when the admin types "cancel" in the middle of the dialog, then it stops and nothing is prepared', async () => {
    const conversationId = 'a:dialog-cancel';
    await world.say(people.ada, 'grant auditor', { conversationId });
    expect(textOf(await world.say(people.ada, 'cancel', { conversationId }))).toContain('Cancelled. Nothing was changed.');
    // The next message is a command again, not an answer to the old question.
    expect(textOf(await world.say(people.ada, 'aud@contoso.test', { conversationId }))).toContain("I didn't understand");
  });

  it('when an auditor is granted and later revoked, then each change needs a confirmation and the operators card follows', async () => {
    const [grant] = await world.say(people.ada, 'grant auditor aud@contoso.test');
    expect(textOf(await world.click(people.ada, Verbs.grantAuditorConfirm, buttonData(grant!.cards[0]!, 'Grant')))).toContain('is now an auditor');
    expect(textOf((await world.say(people.ada, 'operators'))[0])).toContain('Aud Auditor (aud@contoso.test)');

    const [revoke] = await world.say(people.ada, 'revoke auditor aud@contoso.test');
    expect(textOf(revoke)).toContain('Revoke auditor access?');
    expect(textOf(await world.click(people.ada, Verbs.revokeAuditorConfirm, buttonData(revoke!.cards[0]!, 'Revoke')))).toContain('Auditor access revoked');
    expect(await world.harness.app.access.roles.isAuditor(TENANT, people.aud.id)).toBe(false);
  });

  it('when the admin cancels a revoke, then the operator keeps the grant and the cancellation is audited', async () => {
    const [revoke] = await world.say(people.ada, 'revoke operator alex@contoso.test');
    const result = await world.click(people.ada, Verbs.revokeOperatorConfirm, buttonData(revoke!.cards[0]!, 'Cancel'));
    expect(textOf(result)).toContain('Cancelled');
    expect(await world.harness.app.access.roles.getOperatorGrant(TENANT, people.alex.id)).toBeDefined();
    expect((await world.auditRecords()).some((record) => record.action === 'operator.revoke.cancel' && record.correlationId === referenceOf(result))).toBe(true);
  });

  it('when someone not in the directory is named, then the card says so and nothing is prepared', async () => {
    const [reply] = await world.say(people.ada, 'grant operator nobody@contoso.test scope all users actions block sign-in');
    expect(textOf(reply)).toContain("I couldn't find \\\"nobody@contoso.test\\\"");
    expect(textOf(reply)).not.toContain('Grant operator access?');
  });

  it('when a revoke names someone who is not an operator, then no confirmation is offered', async () => {
    const [reply] = await world.say(people.ada, 'revoke operator uma@contoso.test');
    expect(textOf(reply)).toContain('is not an operator');
    expect(reply?.cards[0]?.actions ?? []).toEqual([]);
  });
});

describe('the grant dialog in a channel', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('when two admins answer in the same channel, then each answer goes to its own dialog and the @mention is ignored', async () => {
    const conversationId = '19:shared-admins@thread.tacv2';
    const say = (who: typeof people.ada, text: string) => world.say(who, `<at>Management Session Bot</at> ${text}`, { kind: 'channel', conversationId });

    expect(textOf(await say(people.ada, 'grant operator'))).toContain('Who should become an operator?');
    expect(textOf(await say(people.adam, 'grant auditor'))).toContain('Who should become an auditor?');
    expect(textOf(await say(people.ada, 'mark@contoso.test.'))).toContain('Which users may they manage?');
    const auditorConfirmation = textOf(await say(people.adam, 'aud@contoso.test'));
    expect(auditorConfirmation).toContain('Grant auditor access?');
    expect(auditorConfirmation).toContain('Aud Auditor (aud@contoso.test)');
  });
});
