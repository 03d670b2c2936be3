/**
 * Running a custom action, over HTTP to the real bot against the sandbox tenant: a published
 * action on /users/{id} runs for a user in the operator's scope (the confirmation shows the exact
 * request; the sandbox holds the change; the audit names the operator, the action and the service
 * account), is refused and audited for a user outside the scope, and cannot run while unpublished
 * or once disabled. The four-eyes lifecycle itself is tested in custom-actions-lifecycle.test.ts.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import { Verbs } from '../../cards';
import { startAppWithSandbox, type AppWithSandbox, type SandboxPerson, type UserChannel } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';
import { schemaErrors } from '../support/adaptive-card-validation';
import { actionNamed, actorOf, auditTrail, cardOf, createServiceAccount, invokeCard, plainUsers, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';

const OPERATOR = HELP_DESK_USERS[0]!;

const SET_EMPLOYEE_ID = `
name: set-employee-id
title: Set employee ID
description: Records the HR system's employee number on the user.
target: user
method: PATCH
path: /users/{id}
body:
  employeeId: "{{employeeId}}"
parameters:
  - name: employeeId
    type: string
    description: The number from the HR system
whoMayRun:
  roles: [tenantAdmin, operator]
  grantIncludes: [user.updateProfile]
risk: low
`;

describe('running a custom action, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let operator: UserChannel;
  let sales: SandboxPerson[];
  let outside: SandboxPerson;

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: { serviceOptions: { serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 }, sessions: { pollIntervalInMs: 20 }, background: { rotationScheduler: false } } },
    });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), {
      operator: OPERATOR.userPrincipalName,
      scope: [{ kind: 'department', value: 'Sales' }],
      actions: ['user.updateProfile'],
    });
    operator = world.as(OPERATOR);
    const [on] = await world.exchange(operator.message('turn on management'));
    expect(textOf(cardOf(on))).toContain('Management ON');
    sales = plainUsers(world, 'Sales');
    outside = plainUsers(world, 'Marketing')[0]!;
  }, 60_000);

  afterAll(async () => {
    await world?.close();
  });

  const say = async (text: string): Promise<{ card: Card; activityId: string }> => {
    const [reply] = await world.exchange(operator.message(text));
    return { card: cardOf(reply), activityId: `sent-${world.bot.connector.calls.indexOf(reply as ConnectorCall) + 1}` };
  };
  const employeeIdOf = (id: string) => world.sandbox.sandbox.state().directory.users.find((user) => user.id === id)!.employeeId ?? null;
  const deniedRecords = async (action: string) => (await auditTrail(world)).filter((r) => r.action === action && r.result.outcome === 'denied' && r.actor.userId === OPERATOR.id);

  it('when the action is only a draft, then running it is refused, audited, and nothing changes', async () => {
    await world.app.services.customActions.createDraft(actorOf(world, GLOBAL_ADMIN), SET_EMPLOYEE_ID);
    const { card } = await say(`run set-employee-id for ${sales[0]!.userPrincipalName} with employeeId=E-100`);
    expect(textOf(card)).toContain("isn't published yet");
    expect(employeeIdOf(sales[0]!.id)).toBeNull();
    expect(await deniedRecords('custom:set-employee-id')).toHaveLength(1);
  });

  it('when it is published after a second admin approved it, then it runs for an in-scope user exactly as the preview showed', async () => {
    const customActions = world.app.services.customActions;
    const submitted = await customActions.submit(actorOf(world, GLOBAL_ADMIN), 'set-employee-id');
    await customActions.approve(actorOf(world, SECOND_GLOBAL_ADMIN), 'set-employee-id', { expected: { version: submitted.version.version, revision: submitted.version.revision } });
    await customActions.publish(actorOf(world, GLOBAL_ADMIN), 'set-employee-id');

    const target = sales[0]!;
    const confirmation = await say(`run set-employee-id for ${target.userPrincipalName} with employeeId=E-100`);
    expect(titleOf(confirmation.card)).toBe(`Set employee ID for ${target.displayName} (${target.userPrincipalName})?`);
    expect(textOf(confirmation.card)).toContain(`PATCH /users/${target.id}`);
    const body = ((confirmation.card['body'] as Array<Record<string, unknown>>)[1]!['facts'] as Array<{ title: string; value: string }>).find((fact) => fact.title === 'Body');
    expect(body?.value).toBe('{"employeeId":"E-100"}');
    expect(schemaErrors(confirmation.card)).toEqual([]);
    expect(employeeIdOf(target.id)).toBeNull();

    const confirm = actionNamed(confirmation.card, 'Run custom action');
    expect(confirm['verb']).toBe(Verbs.customActionRunConfirm);
    // Delivered three times (a redelivered invoke): one change, one audit record.
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(invokeCard(await world.send(operator.invoke(Verbs.customActionRunConfirm, confirm['data'] as Record<string, unknown>, { replyToId: confirmation.activityId, id: 'confirm-custom-1' }))));
    expect(titleOf(answers[0]!)).toBe('Done: Set employee ID');
    expect(employeeIdOf(target.id)).toBe('E-100');

    const records = (await auditTrail(world)).filter((r) => r.action === 'custom:set-employee-id' && r.result.outcome === 'ok');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: { userId: OPERATOR.id }, target: { id: target.id }, details: { employeeId: 'E-100' } });
    const serviceAccount = world.app.services.serviceAccountRepo.get(world.tenantId)!.userPrincipalName;
    expect(JSON.stringify(records[0])).toContain(serviceAccount);
  });

  it('when the user is outside the operator scope, then it is refused, audited, and nothing changes', async () => {
    const before = await deniedRecords('custom:set-employee-id');
    const { card } = await say(`run set-employee-id for ${outside.userPrincipalName} with employeeId=E-200`);
    expect(titleOf(card)).toBe("You can't do that");
    expect(textOf(card)).toMatch(/scope/i);
    expect(employeeIdOf(outside.id)).toBeNull();
    const after = await deniedRecords('custom:set-employee-id');
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)?.result.code).toBe('ACCESS.NOT_IN_SCOPE');
  });

  it('when a value is missing, then the card says which and nothing changes', async () => {
    const { card } = await say(`run set-employee-id for ${sales[1]!.userPrincipalName}`);
    expect(textOf(card)).toContain('employeeId\\" is required');
    expect(employeeIdOf(sales[1]!.id)).toBeNull();
  });

  it('when the action is disabled, then a prepared confirmation and a new run are both refused', async () => {
    const target = sales[2]!;
    const confirmation = await say(`run set-employee-id for ${target.userPrincipalName} with employeeId=E-300`);
    await world.app.services.customActions.disable(actorOf(world, GLOBAL_ADMIN), 'set-employee-id');
    const confirm = actionNamed(confirmation.card, 'Run custom action');
    const late = invokeCard(await world.send(operator.invoke(Verbs.customActionRunConfirm, confirm['data'] as Record<string, unknown>, { replyToId: confirmation.activityId })));
    expect(textOf(late)).toContain('is disabled');
    const fresh = await say(`run set-employee-id for ${target.userPrincipalName} with employeeId=E-300`);
    expect(textOf(fresh.card)).toContain('is disabled');
    expect(employeeIdOf(target.id)).toBeNull();
  });

  it('when an operator whose grant lacks the named action tries, then the door lets them in but the action refuses them', async () => {
    await world.app.services.customActions.enable(actorOf(world, GLOBAL_ADMIN), 'set-employee-id');
    const other = HELP_DESK_USERS[1]!;
    await world.app.services.accessGrants.grantOperator(actorOf(world, GLOBAL_ADMIN), { operator: other.userPrincipalName, scope: [{ kind: 'department', value: 'Sales' }], actions: ['user.blockSignIn'] });
    const [reply] = await world.exchange(world.as(other).message(`run set-employee-id for ${sales[3]!.userPrincipalName} with employeeId=E-400`));
    expect(titleOf(cardOf(reply))).toBe("You can't do that");
    expect(employeeIdOf(sales[3]!.id)).toBeNull();
  });
});
