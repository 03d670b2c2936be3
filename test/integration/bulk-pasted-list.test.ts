/**
 * `bulk action`: one action on many users from a list pasted into a card, over HTTP to the real
 * bot against the sandbox tenant. The form offers only the actions the operator holds; Review
 * prepares exactly as the typed command does (a pasted column header is ignored, users outside the
 * operator's scope are listed and skipped); a form naming a list and a department at once is
 * refused with a next step and changes nothing; Confirm changes exactly the users listed.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { Verbs } from '../../cards';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { schemaErrors } from '../support/adaptive-card-validation';
import { actionNamed, actorOf, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;

function choicesOf(card: Card): string[] {
  const input = (card['body'] as Array<Record<string, unknown>>).find((element) => element['id'] === 'actionId');
  return ((input?.['choices'] as Array<Record<string, unknown>> | undefined) ?? []).map((choice) => String(choice['title']));
}

async function eventually(check: () => void, timeoutInMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('a bulk action from a list pasted into a card, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let channel: UserChannel;

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: { serviceOptions: { serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 }, sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } },
    });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.blockSignIn'],
    });
    channel = world.as(OPERATOR);
    const [on] = await world.exchange(channel.message('turn on management'));
    expect(textOf(cardOf(on))).toContain('Management ON');
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  async function form(): Promise<{ card: Card; activityId: string }> {
    const [reply] = await world.exchange(channel.message('bulk action'));
    return { card: cardOf(reply), activityId: `sent-${world.bot.connector.calls.indexOf(reply as ConnectorCall) + 1}` };
  }

  const review = async (data: Record<string, unknown>, activityId: string): Promise<Card> => invokeCard(await world.send(channel.invoke(Verbs.bulkPrepare, { step: 'prepare', ...data }, { replyToId: activityId })));
  const enabled = (id: string) => world.sandbox.sandbox.state().directory.users.find((user) => user.id === id)!.accountEnabled;

  it('when the operator opens the form, then it offers only the bulk actions their grant holds', async () => {
    const { card } = await form();
    expect(titleOf(card)).toBe('One action, many users');
    expect(choicesOf(card)).toEqual(['Block sign-in']);
    expect(schemaErrors(card)).toEqual([]);
  });

  it('when a column is pasted with its header and an out-of-scope user, then Review lists them and Confirm blocks exactly the in-scope users', async () => {
    const sales = plainUsers(world, 'Sales').slice(0, 3);
    const outside = plainUsers(world, 'Marketing')[0]!;
    const pasted = ['UserPrincipalName', ...sales.map((user) => user.userPrincipalName), outside.userPrincipalName].join('\n');
    const { activityId } = await form();
    const confirmation = await review({ actionId: 'user.blockSignIn', users: pasted }, activityId);
    expect(titleOf(confirmation)).toBe('Block sign-in for 3 users?');
    expect(textOf(confirmation)).toContain(`${outside.displayName} (${outside.userPrincipalName}): out of scope`);
    expect(textOf(confirmation)).not.toContain('UserPrincipalName');
    await invokeCard(await world.send(channel.invoke(Verbs.bulkConfirm, actionNamed(confirmation, 'Block sign-in')['data'] as Record<string, unknown>, { replyToId: activityId })));
    await eventually(() => {
      for (const user of sales) expect(enabled(user.id)).toBe(false);
    });
    expect(enabled(outside.id)).toBe(true);
  });

  it('when the form names a list and a department at once, then it asks for one and nothing is prepared', async () => {
    const target = plainUsers(world, 'Sales')[5]!;
    const { activityId } = await form();
    const refused = await review({ actionId: 'user.blockSignIn', users: target.userPrincipalName, department: 'Sales' }, activityId);
    expect(textOf(refused)).toContain('not more than one');
    expect(enabled(target.id)).toBe(true);
  });

  it('when Review is clicked with nothing filled in, then it says what to give', async () => {
    const { activityId } = await form();
    const refused = await review({ actionId: 'user.blockSignIn' }, activityId);
    expect(textOf(refused)).toContain('Say which users');
  });
});
