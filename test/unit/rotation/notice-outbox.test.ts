import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../../services/adapters/sqlite/database';
import { SqliteNoticeOutboxStore } from '../../../services/adapters/sqlite/notice-outbox.sqlite';
import { backoffDelayInMs, classifyDeliveryError, nextRoundDelayInMs, parseRetryAfter } from '../../../services/notifications/notice-delivery-policy';
import { NoticeOutbox } from '../../../services/notifications/notice-outbox';
import { RotationNoticeComposer } from '../../../services/notifications/rotation-notice-composer';
import { ManualClock } from '../../../services/ports/clock.port';
import { NotifierError, type NotificationTarget } from '../../../services/ports/notifier.port';
import { FakeRotationNotifier, fakeRotationNoticeRenderer, httpFailure } from '../../support/fakes/fake-rotation-notifier';

const TENANT = 'tenant-a';
const CHANNEL: NotificationTarget = { tenantId: TENANT, kind: 'conversation', id: '19:admins@thread.tacv2' };
const ADA: NotificationTarget = { tenantId: TENANT, kind: 'user', id: 'admin-ada' };

describe('NoticeOutbox', () => {
  let dir: string;
  let db: SqliteDatabase;
  let clock: ManualClock;
  let notifier: FakeRotationNotifier;
  let sleeps: number[];
  let targets: NotificationTarget[];

  const newOutbox = () =>
    new NoticeOutbox({
      store: new SqliteNoticeOutboxStore(db),
      notifier,
      renderer: fakeRotationNoticeRenderer,
      clock,
      targets: { resolve: async () => targets },
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      random: () => 0.5,
    });
  const notice = () =>
    new RotationNoticeComposer(clock).headsUp({ tenantId: TENANT, accountUpn: 'mgmt-bot.admin@contoso.example', scheduledAt: '2026-01-12T02:00:00.000Z' }, 'Europe/Amsterdam');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'msb-outbox-'));
    db = openDatabase(join(dir, 'bot.sqlite'));
    clock = new ManualClock('2026-01-11T02:00:00Z');
    notifier = new FakeRotationNotifier();
    sleeps = [];
    targets = [CHANNEL, ADA];
  });

  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'an HTTP 429 with Retry-After: 2', failure: () => httpFailure(429, 2), wait: 2_000 },
    { name: 'NotifierError NOTIFY.THROTTLED', failure: () => new NotifierError('NOTIFY.THROTTLED', 'throttled'), wait: 750 },
    { name: 'an HTTP 412', failure: () => httpFailure(412), wait: 750 },
    { name: 'an HTTP 502', failure: () => httpFailure(502), wait: 750 },
  ])('when the first send gets $name, then the notice is delivered on the retry in the same round', async ({ failure, wait }) => {
    const outbox = newOutbox();
    outbox.enqueue(TENANT, [CHANNEL], notice());
    notifier.script.push(failure());

    const report = await outbox.deliverPending();

    expect(report).toEqual({ delivered: 1, queued: 0, failures: [] });
    expect(notifier.summariesFor(CHANNEL.id)).toEqual(["The management account's password will be rotated at Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)."]);
    expect(sleeps).toEqual([wait]);
    expect(outbox.listQueued(TENANT)).toEqual([]);
  });

  it('when all three tries fail with 503, then the notice stays queued with its error and a later round delivers it', async () => {
    const outbox = newOutbox();
    outbox.enqueue(TENANT, [CHANNEL], notice());
    notifier.script.push(httpFailure(503), httpFailure(503), httpFailure(503));

    const first = await outbox.deliverPending();

    expect(first).toMatchObject({ delivered: 0, queued: 1, failures: [{ code: 'HTTP.503', status: 503 }] });
    expect(notifier.tries).toHaveLength(3);
    expect(sleeps).toEqual([750, 1_500]);
    const [queued] = outbox.listQueued(TENANT);
    expect(queued).toMatchObject({ attempts: 3, rounds: 1, lastErrorCode: 'HTTP.503', lastStatus: 503 });

    // Not due yet: nothing is sent.
    await expect(outbox.deliverPending()).resolves.toEqual({ delivered: 0, queued: 0, failures: [] });
    clock.advance(60_000);
    await expect(outbox.deliverPending()).resolves.toEqual({ delivered: 1, queued: 0, failures: [] });
    expect(notifier.delivered).toHaveLength(1);
  });

  it('when a send fails with a status that is not retryable, then it is tried once this round and kept for the next', async () => {
    const outbox = newOutbox();
    outbox.enqueue(TENANT, [CHANNEL], notice());
    notifier.script.push(httpFailure(400));

    await expect(outbox.deliverPending()).resolves.toMatchObject({ delivered: 0, queued: 1, failures: [{ code: 'HTTP.400' }] });
    expect(notifier.tries).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('when Retry-After is longer than a round may wait, then the row is rescheduled after it instead of blocking the round', async () => {
    const outbox = newOutbox();
    outbox.enqueue(TENANT, [CHANNEL], notice());
    notifier.script.push(httpFailure(429, 600));

    await outbox.deliverPending();

    expect(sleeps).toEqual([]);
    expect(outbox.listQueued(TENANT)[0]?.nextAttemptAt).toBe('2026-01-11T02:10:00.000Z');
    clock.advance(599_000);
    await expect(outbox.deliverPending()).resolves.toMatchObject({ delivered: 0 });
    clock.advance(1_000);
    await expect(outbox.deliverPending()).resolves.toMatchObject({ delivered: 1 });
  });

  it('when an admin has no conversation reference, then the channel gets the notice and the admin\'s copy stays queued, visibly', async () => {
    const outbox = newOutbox();
    notifier.withoutReference.add(ADA.id);
    outbox.enqueue(TENANT, [CHANNEL, ADA], notice());

    const report = await outbox.deliverPending();

    expect(report).toMatchObject({ delivered: 1, queued: 1, failures: [{ target: ADA, code: 'NOTIFY.NO_REFERENCE' }] });
    expect(outbox.listQueued(TENANT).map((row) => [row.target?.id, row.lastErrorCode])).toEqual([[ADA.id, 'NOTIFY.NO_REFERENCE']]);

    // The admin opens a chat with the bot; a later round delivers their copy, and the channel does not get a second one.
    notifier.withoutReference.clear();
    clock.advance(60 * 60_000);
    await outbox.deliverPending();
    expect(notifier.delivered.map((entry) => entry.target.id)).toEqual([CHANNEL.id, ADA.id]);
  });

  it('when the process restarts with notices queued, then the new process delivers them', async () => {
    newOutbox().enqueue(TENANT, [CHANNEL], notice());

    const restarted = newOutbox();
    await restarted.deliverPending();

    expect(notifier.delivered).toHaveLength(1);
  });

  it('when the same notice is queued twice under one dedupe key, then each target gets it once', async () => {
    const outbox = newOutbox();
    expect(outbox.enqueue(TENANT, [CHANNEL, ADA], notice(), { dedupeKey: 'rotation:r1:succeeded' })).toBe(2);
    expect(outbox.enqueue(TENANT, [CHANNEL, ADA], notice(), { dedupeKey: 'rotation:r1:succeeded' })).toBe(0);

    await outbox.deliverPending();

    expect(notifier.delivered.map((entry) => entry.target.id)).toEqual([CHANNEL.id, ADA.id]);
  });

  it('when no target is known at enqueue time, then the notice waits unaddressed and goes out once targets appear', async () => {
    const outbox = newOutbox();
    targets = [];
    outbox.enqueue(TENANT, [], notice());

    await expect(outbox.deliverPending()).resolves.toMatchObject({ delivered: 0, queued: 1, failures: [{ code: 'NOTIFY.NO_TARGETS' }] });
    expect(outbox.listQueued(TENANT)).toHaveLength(1);

    targets = [CHANNEL];
    clock.advance(60 * 60_000);
    await expect(outbox.deliverPending()).resolves.toMatchObject({ delivered: 1, queued: 0 });
    expect(outbox.listQueued(TENANT)).toEqual([]);
  });

  it('when two rounds run at once, then no row is sent twice', async () => {
    const outbox = newOutbox();
    outbox.enqueue(TENANT, [CHANNEL, ADA], notice());

    await Promise.all([outbox.deliverPending(), outbox.deliverPending(), newOutbox().deliverPending()]);

    expect(notifier.delivered.map((entry) => entry.target.id).sort()).toEqual([ADA.id, CHANNEL.id].sort());
  });

  it('when a notice goes to more admins than one batch holds, then one round reaches them all, several conversations at once, one send at a time per conversation', async () => {
    // Issue 17: "only 50 rows go out per delivery round, so the 51st target always waits a scheduler tick", and one send at a time.
    const many: NotificationTarget[] = Array.from({ length: 130 }, (_, i) => ({ tenantId: TENANT, kind: 'user' as const, id: `admin-${i}` }));
    let inFlight = 0;
    let most = 0;
    const busy = new Set<string>();
    let overlapped = false;
    const sent: string[] = [];
    const slow = {
      send: async (target: NotificationTarget) => {
        if (busy.has(target.id)) overlapped = true;
        busy.add(target.id);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        busy.delete(target.id);
        sent.push(target.id);
        return { target, conversationId: `a:${target.id}`, activityId: `m-${sent.length}` };
      },
      update: async () => undefined,
    };
    const outbox = new NoticeOutbox(
      { store: new SqliteNoticeOutboxStore(db), notifier: slow, renderer: fakeRotationNoticeRenderer, clock, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
      { concurrency: 8 },
    );
    // An earlier notice to the first admin: the same conversation twice in one batch, one after the other, paced.
    outbox.enqueue(TENANT, [many[0]!], { ...notice(), noticeId: 'earlier-notice' });
    outbox.enqueue(TENANT, many, notice());

    const report = await outbox.deliverPending();

    expect(report).toEqual({ delivered: 131, queued: 0, failures: [] });
    expect(new Set(sent).size).toBe(130);
    expect(outbox.listQueued(TENANT)).toEqual([]);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    expect(overlapped).toBe(false);
    expect(sleeps).toContain(250);
  });

  it('when a notice and a target belong to different tenants, then enqueue refuses it', () => {
    expect(() => newOutbox().enqueue(TENANT, [{ ...CHANNEL, tenantId: 'tenant-b' }], notice())).toThrow('one tenant');
  });
});

describe('notice delivery policy', () => {
  it.each([
    { name: 'a 429 with Retry-After', error: httpFailure(429, 3), expected: { retryable: true, code: 'HTTP.429', status: 429, retryAfterInMs: 3_000 } },
    { name: 'a 412', error: httpFailure(412), expected: { retryable: true, code: 'HTTP.412', status: 412 } },
    { name: 'a 504', error: httpFailure(504), expected: { retryable: true, code: 'HTTP.504', status: 504 } },
    { name: 'a 500', error: httpFailure(500), expected: { retryable: false, code: 'HTTP.500', status: 500 } },
    { name: 'a 403', error: httpFailure(403), expected: { retryable: false, code: 'HTTP.403', status: 403 } },
    { name: 'NOTIFY.THROTTLED', error: new NotifierError('NOTIFY.THROTTLED', 'x'), expected: { retryable: true, code: 'NOTIFY.THROTTLED', status: 429 } },
    { name: 'NOTIFY.NO_REFERENCE', error: new NotifierError('NOTIFY.NO_REFERENCE', 'x'), expected: { retryable: false, code: 'NOTIFY.NO_REFERENCE' } },
    {
      name: 'NOTIFY.FAILED exposing a 503',
      error: Object.assign(new NotifierError('NOTIFY.FAILED', 'x'), { statusCode: 503 }),
      expected: { retryable: true, code: 'NOTIFY.FAILED', status: 503 },
    },
    { name: 'an error without a status', error: new TypeError('boom'), expected: { retryable: false, code: 'TypeError' } },
  ])('when a send fails with $name, then it is classified as $expected.code (retryable: $expected.retryable)', ({ error, expected }) => {
    expect(classifyDeliveryError(error)).toEqual(expected);
  });

  it('when backing off, then the delay grows exponentially with jitter, is capped, and never undercuts Retry-After', () => {
    expect([1, 2, 3].map((attempt) => backoffDelayInMs(attempt, () => 0))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((attempt) => backoffDelayInMs(attempt, () => 1))).toEqual([1_000, 2_000, 4_000]);
    expect(backoffDelayInMs(10, () => 1)).toBe(30_000);
    expect(backoffDelayInMs(1, () => 1, undefined, 7_000)).toBe(7_000);
    expect(nextRoundDelayInMs(1, () => 1)).toBe(60_000);
    expect(nextRoundDelayInMs(20, () => 1)).toBe(3_600_000);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('5')).toBe(5_000);
    expect(parseRetryAfter('Sun, 11 Jan 2026 02:00:10 GMT', Date.parse('2026-01-11T02:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
