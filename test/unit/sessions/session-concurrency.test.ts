import { SessionError } from '../../../services/sessions/session-errors';
import { actorOf, auditRecords, createSessionCloud, startSessionProcess, TENANT_ID } from '../../support/fakes/fake-session-world';

describe('ManagementSessionService — concurrency', () => {
  it('when 20 operators turn it on at the same moment, then there is one session, one sign-in and twenty consistent answers', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    const operators = cloud.people.operators;

    const results = await Promise.all(operators.map((operator) => bot.sessions.turnOn(actorOf(operator))));

    const winners = results.filter((r) => r.outcome === 'turned-on');
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.outcome === 'joined')).toHaveLength(19);
    const winner = winners[0]!.session;
    for (const result of results) {
      expect(result.session).toMatchObject({ state: 'ON', version: winner.version, enabledBy: winner.enabledBy, enabledAt: winner.enabledAt, principal: winner.principal });
    }
    expect(cloud.issuer.passwordGrants).toBe(1);
    expect(cloud.vault.reads).toBe(1);
    const turnOns = (await auditRecords(bot)).filter((r) => r.action === 'session.turnOn');
    expect(turnOns).toHaveLength(1);
    expect(turnOns[0]!.actor.userId).toBe(winner.enabledBy?.userId);
  });

  it('when the attempt fails, then everyone who joined it gets the same error naming who was turning it on', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    cloud.vault.unavailable = true;

    const settled = await Promise.allSettled(cloud.people.operators.slice(0, 10).map((operator) => bot.sessions.turnOn(actorOf(operator))));

    const errors = settled.map((s) => (s.status === 'rejected' ? (s.reason as SessionError) : undefined));
    expect(errors.every((e) => e instanceof SessionError && e.code === 'SESSION.VAULT_UNAVAILABLE')).toBe(true);
    const joined = errors.filter((e) => e?.details.attemptBy);
    expect(joined).toHaveLength(9);
    expect(new Set(joined.map((e) => e?.details.attemptBy?.userId)).size).toBe(1);
    expect(cloud.vault.reads).toBe(1);
    expect((await auditRecords(bot)).filter((r) => r.result.outcome === 'failed')).toHaveLength(1);
  });

  it('when someone turns it off while it is being turned on, then the turn-off waits and the session ends OFF', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    const release = cloud.issuer.hold();

    const turningOn = bot.sessions.turnOn(actorOf(cloud.people.operators[0]!));
    await waitFor(async () => (await bot.sessions.getStatus(TENANT_ID)).session.state === 'ENABLING');
    const turningOff = bot.sessions.turnOff(actorOf(cloud.people.ada));
    release();

    expect((await turningOn).outcome).toBe('turned-on');
    expect((await turningOff).outcome).toBe('turned-off');
    expect((await bot.sessions.getStatus(TENANT_ID)).session.state).toBe('OFF');
  });

  it('when the status is read while turning on, then it says who is turning it on', async () => {
    const cloud = await createSessionCloud();
    const bot = await startSessionProcess(cloud, { mode: 'advanced' });
    const release = cloud.issuer.hold();
    const operator = cloud.people.operators[4]!;

    const turningOn = bot.sessions.turnOn(actorOf(operator));
    await waitFor(async () => (await bot.sessions.getStatus(TENANT_ID)).session.state === 'ENABLING');
    expect((await bot.sessions.getStatus(TENANT_ID)).session.enabledBy).toMatchObject({ userId: operator.id, upn: operator.userPrincipalName });
    release();
    await turningOn;
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('condition not reached');
}
