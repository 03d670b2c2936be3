import { RotationNoticeComposer } from '../../../services/notifications/rotation-notice-composer';
import { ManualClock } from '../../../services/ports/clock.port';
import { RotationHistory } from '../../../services/rotation/rotation-history';
import type { RotationRun } from '../../../services/rotation/rotation.types';
import { SchedulerTimer } from '../../../services/scheduling/scheduler-timer';

const V_OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const V_NEW = 'ffeeddccbbaa99887766554433221100';

describe('rotation notices', () => {
  const composer = new RotationNoticeComposer(new ManualClock('2026-01-12T02:00:05Z'), () => 'notice-1');

  it('when a scheduled rotation fails at Entra, then the notice says what failed, the account state and offers Retry rotation to tenant admins', () => {
    const notice = composer.failed(
      {
        tenantId: 't',
        accountUpn: 'mgmt-bot.admin@contoso.example',
        rotationId: 'rot-1',
        trigger: { kind: 'schedule', slot: '2026-01-12T02:00:00.000Z' },
        code: 'ROTATION.ENTRA_THROTTLED',
        failedStep: 'set-in-entra',
        state: { kind: 'unchanged', currentVersion: V_OLD },
        at: '2026-01-12T02:00:04Z',
      },
      'Europe/Amsterdam',
      '*/2 * * * *',
    );

    expect(notice).toMatchObject({
      kind: 'rotation.failed',
      severity: 'warning',
      title: 'Password rotation failed',
      summary: 'Password rotation failed while setting the new password in Entra ID. The account still signs in with its current password.',
      actions: [{ verb: 'rotation.retry', title: 'Retry rotation', audience: 'tenantAdmins', data: { rotationId: 'rot-1' } }],
      details: { code: 'ROTATION.ENTRA_THROTTLED', accountState: 'unchanged', currentVersion: V_OLD },
    });
    expect(notice.paragraphs).toEqual([
      'What failed: setting the new password in Entra ID. Microsoft Entra ID throttled the password change, so the rotation stopped.',
      'Account state: unchanged. The management account still signs in with its current password (version 0a1b2c3d); nothing changed in Entra ID.',
      'Next step: Retry the rotation in a few minutes.',
    ]);
    expect(notice.facts).toContainEqual({ title: 'Started by', value: 'the rotation schedule (every 2 minutes)' });
    expect(notice.facts).toContainEqual({ title: 'Failed at', value: 'Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)' });
  });

  it('when a rotation succeeds, then the notice names time, version and next rotation in the tenant zone', () => {
    const notice = composer.succeeded(
      {
        tenantId: 't',
        accountUpn: 'mgmt-bot.admin@contoso.example',
        trigger: { kind: 'manual', actor: { userId: 'u1', displayName: 'Ada Admin', upn: 'ada@contoso.example' } },
        settledByRecovery: false,
        result: { rotationId: 'rot-2', tenantId: 't', newVersion: V_NEW, previousVersion: V_OLD, rotatedAt: '2026-07-06T01:00:00.000Z', nextRotationAt: '2026-07-13T01:00:00.000Z', durationInMs: 4_200 },
      },
      'Europe/Amsterdam',
    );

    expect(notice.summary).toBe('Password rotated at Mon, 06 Jul 2026, 03:00 (Europe/Amsterdam), version ffeeddcc, next rotation Mon, 13 Jul 2026, 03:00 (Europe/Amsterdam).');
    expect(notice.facts).toEqual(
      expect.arrayContaining([
        { title: 'Version', value: V_NEW },
        { title: 'Started by', value: 'Ada Admin (ada@contoso.example)' },
        { title: 'Duration', value: '4 s' },
      ]),
    );
  });
});

describe('RotationHistory', () => {
  const run = (i: number, overrides: Partial<RotationRun> = {}): RotationRun => ({
    rotationId: `r${i}`,
    tenantId: 't',
    trigger: { kind: 'schedule', slot: `2026-01-${String(i).padStart(2, '0')}T02:00:00.000Z` },
    startedAt: `2026-01-${String(i).padStart(2, '0')}T02:00:00.000Z`,
    step: 'promoted',
    status: 'succeeded',
    pendingVersion: `v${i}`,
    previousVersion: `v${i - 1}`,
    finishedAt: `2026-01-${String(i).padStart(2, '0')}T02:00:03.000Z`,
    durationInMs: 3_000,
    settledByRecovery: false,
    ...overrides,
  });

  it('when listed, then entries say when, what started them, the result and how long it took, clamped to 1..100', () => {
    const runs = [run(3, { status: 'failed', errorCode: 'ROTATION.VAULT_UNAVAILABLE', trigger: { kind: 'manual', actor: { userId: 'u1', displayName: 'Ada Admin' } } }), run(2), run(1)];
    const history = new RotationHistory({ list: (_tenant, { limit }) => runs.slice(0, limit) });

    expect(history.list('t', { limit: 2 })).toEqual([
      {
        rotationId: 'r3',
        startedAt: '2026-01-03T02:00:00.000Z',
        finishedAt: '2026-01-03T02:00:03.000Z',
        trigger: 'manual',
        initiatedBy: 'Ada Admin',
        actorId: 'u1',
        result: 'failed',
        errorCode: 'ROTATION.VAULT_UNAVAILABLE',
        durationInMs: 3_000,
        previousVersion: 'v2',
        settledByRecovery: false,
      },
      {
        rotationId: 'r2',
        startedAt: '2026-01-02T02:00:00.000Z',
        finishedAt: '2026-01-02T02:00:03.000Z',
        trigger: 'schedule',
        initiatedBy: 'schedule (2026-01-02T02:00:00.000Z)',
        result: 'succeeded',
        durationInMs: 3_000,
        newVersion: 'v2',
        previousVersion: 'v1',
        settledByRecovery: false,
      },
    ]);
    expect(history.list('t', { limit: 0 })).toHaveLength(1);
    expect(history.list('t', { limit: 10_000 })).toHaveLength(3);
  });
});

describe('SchedulerTimer', () => {
  it('when started, then it runs the start-up pass and then ticks on its cron pattern until stopped', async () => {
    const calls: string[] = [];
    const timer = new SchedulerTimer(
      { start: async () => void calls.push('start'), tick: async () => void calls.push('tick') },
      { pattern: '* * * * * *' },
    );
    try {
      await timer.start();
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    } finally {
      timer.stop();
    }
    const seen = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    expect(calls[0]).toBe('start');
    expect(calls.slice(1).length).toBeGreaterThanOrEqual(1);
    expect(calls.length).toBe(seen);
  });
});
