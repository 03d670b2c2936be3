/**
 * Issue 11 through the bot: `grant operator` typed over and over no longer piles up pending
 * confirmations. The 21st open one is refused with a next step; expired ones are deleted.
 */
import { tenantStorageKey } from '../../services/adapters/botbuilder/tenant-storage-key';
import { buttonData, people, startWorld, textOf, TENANT, type World } from './access-bot.world';

const GRANT = 'grant operator alex@contoso.test scope department Sales actions block sign-in';

describe('open confirmations per admin, through the bot', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it('when an admin types "grant operator" a 21st time with 20 confirmations open, then the card says why and what to do, and after they expire there is room again and they are gone', async () => {
    const pendingIds: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const [reply] = await world.say(people.ada, GRANT);
      expect(textOf(reply)).toContain('Grant operator access?');
      pendingIds.push(String(buttonData(reply!.cards[0]!, 'Grant').pendingId));
    }

    const [refused] = await world.say(people.ada, GRANT);
    expect(textOf(refused)).not.toContain('Grant operator access?');
    expect(textOf(refused)).toContain('You already have 20 access changes waiting for your confirmation');
    expect(textOf(refused)).toContain('Confirm or cancel the ones you have, or wait until they expire, then try again.');

    // Another admin is not held back by Ada's open confirmations.
    expect(textOf((await world.say(people.adam, GRANT))[0])).toContain('Grant operator access?');

    world.clock.advance(61 * 60_000);
    expect(textOf((await world.say(people.ada, GRANT))[0])).toContain('Grant operator access?');
    const keys = pendingIds.map((id) => tenantStorageKey(TENANT, 'access-confirmations', id));
    expect(await world.harness.app.storage.read(keys)).toEqual({});
  });
});
