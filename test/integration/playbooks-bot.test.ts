/**
 * Playbooks in chat, over HTTP to the real bot against the sandbox tenant (issue 14): `playbooks`
 * lists Licence hygiene with its policy's mode in words; `run playbook licence hygiene` in alert
 * mode answers at once, and the findings card (to the admin, as no admin channel is registered)
 * lists exactly the sandbox's disabled users that hold licences, changing nothing; the policy
 * switched to "remediate automatically" on the card, the next run removes their licences, once
 * each, audited as the admin; the started card ends on the run's report. In attestation mode the
 * second admin gets the approval card, and their Approve lets the run remediate.
 */
import { GLOBAL_ADMIN, HELP_DESK_USERS, SECOND_GLOBAL_ADMIN } from '../../sandbox/directory/seed/contoso-ids';
import type { SandboxUser } from '../../sandbox/directory/model';
import { Verbs } from '../../cards';
import { startAppWithSandbox, type AppWithSandbox, type UserChannel } from '../support/app-harness';
import { schemaErrors } from '../support/adaptive-card-validation';
import type { ConnectorCall } from '../support/fake-connector';
import { actionTitles, actorOf, auditTrail, cardOf, createServiceAccount, elementsOf, invokeCard, setMode, textOf, titleOf, type Card } from '../support/session-bot-world';
import { eventually as eventuallyWithin } from '../support/eventually';

const eventually = <T>(check: () => T | Promise<T>, timeoutInMs = 20_000): Promise<T> => eventuallyWithin(check, timeoutInMs);

const POLICY = 'Disabled users with licences';
const MODE_INPUT = 'mode.licence-hygiene.disabled-users-with-licences';


/** The users a findings card lists ("- Name (upn): 2 licences"), by sign-in name. */
function listedUpns(card: Card): string[] {
  return elementsOf(card)
    .map((element) => (element['type'] === 'TextBlock' && typeof element['text'] === 'string' ? element['text'] : ''))
    .map((text) => /^- .* \(([^()\s]+@[^()\s]+)\)/.exec(text)?.[1])
    .filter((upn): upn is string => Boolean(upn))
    .sort();
}

describe('playbooks in chat, against the sandbox tenant', () => {
  let world: AppWithSandbox;
  let admin: UserChannel;
  let leavers: SandboxUser[];
  let spare: SandboxUser[];

  const directory = () => world.sandbox.sandbox.state().directory;
  /** What the policy must find: every disabled account that still holds a licence. */
  const disabledWithLicences = () => directory().users.filter((user) => !user.accountEnabled && user.assignedLicenses.length > 0);

  const say = async (text: string): Promise<{ card: Card; activityId: string }> => {
    const [reply] = await world.exchange(admin.message(text), 1, 20_000);
    return { card: cardOf(reply), activityId: `sent-${world.bot.connector.calls.indexOf(reply as ConnectorCall) + 1}` };
  };
  const cardsTo = (conversationId: string, from: number): Card[] =>
    world.bot.connector.calls.slice(from).filter((call) => call.conversationId === conversationId && (call.kind === 'send' || call.kind === 'update') && call.activity?.['attachments']).map((call) => cardOf(call));

  beforeAll(async () => {
    world = await startAppWithSandbox({
      overrides: {
        serviceOptions: {
          serviceAccount: { signInVerifyAttempts: 2, signInVerifyDelayInMs: 50 },
          sessions: { pollIntervalInMs: 20 },
          background: { rotationScheduler: false },
        },
      },
    });
    setMode(world, 'advanced', false);
    await createServiceAccount(world, GLOBAL_ADMIN);
    admin = world.as(GLOBAL_ADMIN);
    expect(textOf((await say('turn on management')).card)).toContain('Management ON');
    // Three leavers whose accounts were blocked but whose licences were forgotten.
    const helpDesk = new Set(HELP_DESK_USERS.map((person) => person.id));
    const admins = new Set(directory().roleAssignments.map((assignment) => assignment.principalId));
    leavers = directory()
      .users.filter((user) => user.accountEnabled && user.assignedLicenses.length > 0 && user.department === 'Marketing' && !admins.has(user.id) && !helpDesk.has(user.id))
      .slice(0, 5);
    expect(leavers).toHaveLength(5);
    spare = leavers.splice(3);
    for (const leaver of leavers) leaver.accountEnabled = false;
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('when a tenant admin types playbooks, then Licence hygiene is listed with its policy in alert mode, Run now and a mode choice', async () => {
    const { card } = await say('playbooks');
    expect(titleOf(card)).toBe('Playbooks');
    expect(textOf(card)).toContain('Licence hygiene');
    expect(textOf(card)).toContain(POLICY);
    expect(textOf(card)).toContain('Mode: Alert only: a card lists what it finds, and nothing changes');
    expect(textOf(card)).toContain('Never run');
    expect(textOf(card)).toContain('"title":"Run now"');
    expect(elementsOf(card).some((element) => element['id'] === MODE_INPUT)).toBe(true);
    expect(schemaErrors(card)).toEqual([]);
  });

  it('when the policy alerts, then the findings card lists exactly the disabled users with licences and nothing changes', async () => {
    const expected = disabledWithLicences();
    expect(expected.map((user) => user.id)).toEqual(expect.arrayContaining(leavers.map((leaver) => leaver.id)));
    const licencesBefore = expected.map((user) => user.assignedLicenses.length);
    const from = world.bot.connector.calls.length;

    const askedAt = Date.now();
    const started = await say('run playbook licence hygiene');
    expect(Date.now() - askedAt).toBeLessThan(5_000);
    expect(titleOf(started.card)).toBe('Licence hygiene: started');
    expect(textOf(started.card)).toContain('no admin channel is registered');

    // No admin channel: the findings come to the admin who ran it.
    const findings = await eventually(() => {
      const card = cardsTo(admin.conversationId, from).find((candidate) => titleOf(candidate).startsWith(`${POLICY}: `) && textOf(candidate).includes('Nothing was changed (alert only).'));
      if (!card) throw new Error('no findings card yet');
      return card;
    });
    expect(titleOf(findings)).toBe(`${POLICY}: ${expected.length} found`);
    expect(listedUpns(findings)).toEqual(expected.map((user) => user.userPrincipalName).sort());
    expect(schemaErrors(findings)).toEqual([]);

    // The started card ends on the report, listing the same users.
    const report = await eventually(() => {
      const card = cardsTo(admin.conversationId, from).filter((candidate) => titleOf(candidate) === 'Licence hygiene: finished').at(-1);
      if (!card) throw new Error('no report yet');
      return card;
    });
    expect(listedUpns(report)).toEqual(expected.map((user) => user.userPrincipalName).sort());
    expect(textOf(report)).toContain('Nothing was changed (alert only).');
    expect(schemaErrors(report)).toEqual([]);
    await world.app.services.backgroundTasks.drain();
    expect(expected.map((user) => user.assignedLicenses.length)).toEqual(licencesBefore);
  }, 60_000);

  it('when the policy is switched to remediate automatically and run again, then those users lose their licences, once each, audited', async () => {
    const expected = disabledWithLicences();
    const { card, activityId } = await say('playbooks');
    const saveMode = elementsOf(card).find((element) => element['type'] === 'Action.Execute' && element['title'] === 'Save mode' && (element['data'] as Record<string, unknown>)['policy'] === 'disabled-users-with-licences')!;
    const saved = invokeCard(await world.send(admin.invoke(Verbs.playbookPolicyMode, { ...(saveMode['data'] as Record<string, unknown>), [MODE_INPUT]: 'action' }, { replyToId: activityId })));
    expect(textOf(saved)).toContain(`${POLICY}: Remediate automatically: it acts on each user it finds.`);
    expect(textOf(saved)).toContain('Mode: Remediate automatically');

    // Run now from the list card: the invoke answers with "started"; the same card ends on the report.
    const runNow = elementsOf(saved).find((element) => element['type'] === 'Action.Execute' && element['title'] === 'Run now')!;
    const from = world.bot.connector.calls.length;
    const answer = invokeCard(await world.send(admin.invoke(String(runNow['verb']), runNow['data'] as Record<string, unknown>, { replyToId: activityId })));
    expect(titleOf(answer)).toBe('Licence hygiene: started');
    const report = await eventually(() => {
      const update = world.bot.connector.calls.slice(from).filter((call) => call.kind === 'update' && call.activityId === activityId).map((call) => cardOf(call)).at(-1);
      if (!update || titleOf(update) !== 'Licence hygiene: finished') throw new Error('no report yet');
      return update;
    }, 30_000);
    expect(textOf(report)).toContain(`${expected.length} users found. Remove all their licences: ${expected.length} done, 0 failed`);
    expect(actionTitles(report)).toEqual(['Refresh', 'Playbooks']);
    await world.app.services.backgroundTasks.drain();

    for (const user of expected) expect(directory().users.find((candidate) => candidate.id === user.id)!.assignedLicenses).toEqual([]);
    expect(disabledWithLicences()).toEqual([]);
    const removals = (await auditTrail(world)).filter((record) => record.action === 'user.removeAllLicenses' && record.result.outcome === 'ok');
    expect(removals.map((record) => record.target?.id).sort()).toEqual(expected.map((user) => user.id).sort());
    expect(removals.every((record) => record.actor.userId === GLOBAL_ADMIN.id)).toBe(true);
    expect((await auditTrail(world)).filter((record) => record.action === 'playbook.policy.set' && record.actor.userId === actorOf(world, GLOBAL_ADMIN).userId)).toHaveLength(1);
  }, 60_000);

  it('when the policy asks for attestation, then the second admin gets the approval card, and their Approve removes the licences', async () => {
    for (const leaver of spare) leaver.accountEnabled = false;
    const expected = disabledWithLicences();
    expect(expected.map((user) => user.id).sort()).toEqual(spare.map((user) => user.id).sort());
    const megan = world.as(SECOND_GLOBAL_ADMIN);
    await world.exchange(megan.message('status'), 1, 20_000);
    const { card, activityId } = await say('playbooks');
    const saveMode = elementsOf(card).find((element) => element['title'] === 'Save mode' && (element['data'] as Record<string, unknown>)['policy'] === 'disabled-users-with-licences')!;
    const saved = invokeCard(await world.send(admin.invoke(Verbs.playbookPolicyMode, { ...(saveMode['data'] as Record<string, unknown>), [MODE_INPUT]: 'attestation' }, { replyToId: activityId })));
    expect(textOf(saved)).toContain('Mode: Attestation: a tenant admin must approve within 24 hours before anything changes');

    const from = world.bot.connector.calls.length;
    await say('run playbook licence hygiene');
    const approvalCall = await eventually(() => {
      const call = world.bot.connector.calls.slice(from).find((candidate) => candidate.kind === 'send' && candidate.conversationId === megan.conversationId && textOf(cardOf(candidate)).includes('Attest a playbook remediation'));
      if (!call) throw new Error('no approval card for Megan yet');
      return call;
    });
    const approvalCard = cardOf(approvalCall);
    expect(textOf(approvalCard)).toContain('remove all their licences');
    expect(textOf(approvalCard)).toContain(`${expected.length} users found`);
    expect(schemaErrors(approvalCard)).toEqual([]);
    await world.app.services.backgroundTasks.drain();
    expect(expected.every((user) => user.assignedLicenses.length > 0)).toBe(true);

    const approve = [...elementsOf(approvalCard), ...(approvalCard.actions ?? [])].find((element) => element['type'] === 'Action.Execute' && element['title'] === 'Approve')!;
    const approved = invokeCard(await world.send(megan.invoke(String(approve['verb']), approve['data'] as Record<string, unknown>, { replyToId: `sent-${world.bot.connector.calls.indexOf(approvalCall) + 1}` })));
    expect(textOf(approved)).toContain('Megan Bowen');
    await eventually(async () => {
      await world.app.services.backgroundTasks.drain();
      if (disabledWithLicences().length > 0) throw new Error('licences still held');
    });
    const removals = (await auditTrail(world)).filter((record) => record.action === 'user.removeAllLicenses' && record.result.outcome === 'ok' && expected.some((user) => user.id === record.target?.id));
    expect(removals).toHaveLength(expected.length);
  }, 60_000);
});
