/**
 * ShownOnceCardsService on SQLite: a card that shows a secret is hidden when its time comes (also
 * by a new service over the same database, as after a restart), at once by its owner, never by
 * someone else, and a refused update is retried, not forgotten. The store holds no secret.
 */
import { SqliteShownOnceCardRepository } from '../../../services/adapters/sqlite/shown-once-card.sqlite';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import type { ShownOnceCard } from '../../../services/actions/shown-once-card.repository.port';
import { ShownOnceCardsService, type ShownOnceCardPublisher } from '../../../services/actions/shown-once-cards.service';
import { ActionError } from '../../../services/actions/action-errors';
import type { Actor } from '../../../services/access/actor';
import { createResetPasswordAction } from '../../../services/actions/reset-password.action';

class RecordingPublisher implements ShownOnceCardPublisher {
  readonly redacted: ShownOnceCard[] = [];
  failNext = 0;
  async redact(card: ShownOnceCard): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw Object.assign(new Error('connector refused'), { code: 'NOTIFY.FAILED' });
    }
    this.redacted.push(card);
  }
}

const TENANT = 'contoso';
const operator: Actor = { tenantId: TENANT, userId: 'u-operator' } as Actor;

describe('shown-once cards', () => {
  let db: SqliteDatabase;
  let now: Date;
  let publisher: RecordingPublisher;
  const service = () =>
    new ShownOnceCardsService({ repository: new SqliteShownOnceCardRepository(db), publisher, clock: { now: () => now }, options: { redactAfterInMs: 10 * 60_000, retryAfterInMs: 30_000, maxAttempts: 2 } });
  const show = (cards: ShownOnceCardsService) =>
    cards.record({ tenantId: TENANT, conversationId: 'a:personal-op', activityId: 'sent-7', actorUserId: operator.userId, pendingActionId: 'p-1', title: 'Reset password', targetUpn: 'alice@contoso.test', targetDisplayName: 'Alice Ng' });

  beforeEach(() => {
    db = openDatabase(':memory:');
    now = new Date('2026-01-05T09:00:00Z');
    publisher = new RecordingPublisher();
  });

  afterEach(() => db.close());

  it('when 10 minutes have not passed, then nothing is hidden; when they have, then a new service over the same database hides the card once', async () => {
    show(service());
    now = new Date('2026-01-05T09:09:59Z');
    expect(await service().runDue()).toBe(0);
    now = new Date('2026-01-05T09:10:00Z');
    const restarted = service();
    expect(await restarted.runDue()).toBe(1);
    expect(await restarted.runDue()).toBe(0);
    expect(publisher.redacted.map((card) => card.activityId)).toEqual(['sent-7']);
  });

  it("when the owner says they copied it, then the card is hidden and the timer leaves it alone; when someone else tries, then it is refused", () => {
    const cards = service();
    const card = show(cards);
    expect(() => cards.redactByOwner({ ...operator, userId: 'u-other' }, card.id)).toThrow(ActionError);
    cards.redactByOwner(operator, card.id);
    now = new Date('2026-01-05T09:30:00Z');
    return expect(cards.runDue()).resolves.toBe(0);
  });

  it('when the connector refuses the update, then it is tried again later and given up after the limit', async () => {
    const cards = service();
    show(cards);
    publisher.failNext = 5;
    now = new Date('2026-01-05T09:10:00Z');
    expect(await cards.runDue()).toBe(0);
    now = new Date('2026-01-05T09:10:29Z');
    expect(await cards.runDue()).toBe(0);
    now = new Date('2026-01-05T09:10:30Z');
    await cards.runDue();
    expect((db.prepare('SELECT state, attempts FROM shown_once_cards').get() as { state: string })).toMatchObject({ state: 'abandoned' });
  });

  it('when a reset runs, then the temporary password is 16 characters of every class and reaches the directory with a forced change, and the stored summary does not hold it', async () => {
    const calls: Array<{ password: string; force: boolean | undefined }> = [];
    const directory = { setPassword: async (_t: string, _u: string, password: string, options?: { forceChangePasswordNextSignIn?: boolean }) => void calls.push({ password, force: options?.forceChangePasswordNextSignIn }) };
    const action = createResetPasswordAction();
    const target = { tenantId: TENANT, userId: 'u-alice', upn: 'alice@contoso.test', displayName: 'Alice Ng', accountEnabled: true };
    const result = await action.run(directory as never, target, {}, {} as never);
    const password = result.shownOnce!.value;
    expect(password).toHaveLength(16);
    for (const kind of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(password).toMatch(kind);
    expect(calls).toEqual([{ password, force: true }]);
    expect(result.summary).not.toContain(password);
    expect(action.showsSecretOnce).toBe(true);
  });
});
