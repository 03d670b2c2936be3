import { ManualClock } from '../../services/ports/clock.port';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';
import { actorOf, eventually, people, seedDirectory, startWorld, tempDatabasePath, textOf, TENANT, type World } from './access-bot.world';

const KIND = 'test.restart';
const CHANNEL = '19:admins-restart@thread.tacv2';
const HOUR = 3_600_000;

/**
 * A pending request must survive the bot going away: the same SQLite file, a new app, and the
 * request is still pending, expires on time, and every copy of its card is updated.
 */
describe('approvals across a restart', () => {
  let databasePath: string;
  let cleanup: () => void;
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  const directory = new InMemoryDirectory();
  const worlds: World[] = [];

  const start = async (): Promise<World> => {
    const world = await startWorld({ databasePath, clock, directory });
    world.harness.app.access.approvalHandlers.register({ kind: KIND, requestCapability: 'mode.change' });
    worlds.push(world);
    return world;
  };

  beforeAll(() => {
    ({ databasePath, cleanup } = tempDatabasePath());
    seedDirectory(directory);
  });
  afterAll(async () => {
    for (const world of worlds) await world.close();
    cleanup();
  });

  it('when the bot restarts with a pending request, then it is still pending, expires on time and its cards and requester are updated', async () => {
    const first = await start();
    for (const admin of [people.ada, people.adam]) await first.say(admin, 'operators');
    await first.say(people.ada, 'notify here', { kind: 'channel', conversationId: CHANNEL });
    const { request, sent } = await first.harness.app.access.approvalRequests.request(actorOf(people.ada), { kind: KIND, payload: { setting: 'x' }, expiresInMs: 2 * HOUR });
    expect(sent).toBe(2);
    // The process goes away; its Bot Connector (Teams) stays, as it would.
    await first.harness.app.close();

    const second = await start();
    expect(await second.harness.app.access.approvals.get(TENANT, request.id)).toMatchObject({ state: 'pending', cards: [expect.anything(), expect.anything()] });

    clock.advance(2 * HOUR - 1000);
    await second.harness.app.access.upkeep.runOnce();
    expect((await second.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('pending');

    clock.advance(1000);
    await second.harness.app.access.upkeep.runOnce();
    const expired = await second.harness.app.access.approvals.get(TENANT, request.id);
    expect(expired).toMatchObject({ state: 'expired', decidedAt: request.expiresAt });

    // The copies were sent by the first process; the second updates them in place.
    const updates = first.harness.connector.calls.filter((call) => call.kind === 'update' && textOf(call.activity).includes(request.id));
    expect(updates.map((call) => call.activityId).sort()).toEqual(expired!.cards.map((card) => card.activityId).sort());
    for (const update of updates) expect(textOf(update.activity)).toContain('Nobody decided before');
    const notice = first.harness.connector.calls.filter((call) => call.kind === 'send' && call.conversationId === first.personalChat(people.ada) && textOf(call.activity).includes(request.id));
    expect(textOf(notice)).toContain('Your request expired without a decision');
    expect((await second.auditRecords()).filter((record) => record.action === 'approval.expire' && record.target?.id === request.id)).toHaveLength(1);
  });

  it('when the bot was down past the expiry, then the start-up run expires the request and updates its cards without any tick', async () => {
    const running = worlds.at(-1)!;
    const { request } = await running.harness.app.access.approvalRequests.request(actorOf(people.ada), { kind: KIND, payload: { setting: 'y' }, expiresInMs: HOUR });
    await running.harness.app.close();
    clock.advance(HOUR + 60_000);

    const restarted = await start();
    await eventually(async () => expect((await restarted.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('expired'));
    await restarted.harness.app.access.upkeep.idle();
    await eventually(() => {
      const updates = worlds[0]!.harness.connector.calls.filter((call) => call.kind === 'update' && textOf(call.activity).includes(request.id));
      expect(updates).toHaveLength(2);
    });
  });
});
