/**
 * The rotation cards (issue 7) as the bot sends them: every notice the services compose, run
 * through the bot's NoticeRenderer, is a valid Adaptive Card 1.5 under 28 KB, says what issue 7
 * asks for, and offers only buttons the verb table and the capability catalogue know.
 */
import { allVerbs } from '../../cards';
import { CommandRouter } from '../../bot/command-router';
import { createCommandTable } from '../../bot/commands';
import { createRotationFeature, rotationNoticeRenderer, type RotationFeatureDependencies } from '../../bot/rotation';
import { createLogger } from '../../services/logger';
import { rowOf } from '../../bot/rotation/rotation-history.command';
import { renderRotationHistoryCard } from '../../cards';
import { capabilityForVerb, findCapability } from '../../services/access/capabilities';
import type { Notice } from '../../services/notifications/notice.types';
import { RotationNoticeComposer } from '../../services/notifications/rotation-notice-composer';
import { ManualClock } from '../../services/ports/clock.port';
import { cardBytes, libraryErrors, MAX_CARD_BYTES, schemaErrors } from '../support/adaptive-card-validation';

const V_OLD = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const V_NEW = 'ffeeddccbbaa99887766554433221100';
const UPN = 'mgmt-bot.admin@contoso.test';
const ZONE = 'Europe/Amsterdam';
const ada = { userId: 'u1', displayName: 'Ada Admin', upn: 'ada@contoso.test' };

const composer = new RotationNoticeComposer(new ManualClock('2026-01-12T02:00:05Z'), () => 'notice-1');

const notices: Record<Notice['kind'], Notice> = {
  'rotation.succeeded': composer.succeeded(
    {
      tenantId: 't',
      accountUpn: UPN,
      trigger: { kind: 'manual', actor: ada },
      settledByRecovery: false,
      result: { rotationId: 'rot-2', tenantId: 't', newVersion: V_NEW, previousVersion: V_OLD, rotatedAt: '2026-07-06T01:00:00.000Z', nextRotationAt: '2026-07-13T01:00:00.000Z', durationInMs: 4_200 },
    },
    ZONE,
  ),
  'rotation.failed': composer.failed(
    {
      tenantId: 't',
      accountUpn: UPN,
      rotationId: 'rot-1',
      trigger: { kind: 'schedule', slot: '2026-01-12T02:00:00.000Z' },
      code: 'ROTATION.ENTRA_UNAVAILABLE',
      failedStep: 'set-in-entra',
      state: { kind: 'unresolved', currentVersion: V_OLD, pendingVersion: V_NEW },
      at: '2026-01-12T02:00:04Z',
    },
    ZONE,
  ),
  'rotation.overdue': composer.overdue({ tenantId: 't', accountUpn: UPN, lastSuccessfulRotationAt: '2026-01-01T02:00:00Z', sinceLastRotationInMs: 9 * 86_400_000 }, ZONE),
  'rotation.headsUp': composer.headsUp({ tenantId: 't', accountUpn: UPN, scheduledAt: '2026-01-19T02:00:00Z' }, ZONE),
  'rotation.lockedOut': composer.lockedOut(
    { tenantId: 't', accountUpn: UPN, secretName: 'mgmt-sa-contoso', state: { kind: 'locked-out', currentVersion: V_OLD, rejectedVersions: [V_OLD, V_NEW] }, detectedAt: '2026-01-12T02:00:04Z', rotationId: 'rot-3' },
    ZONE,
  ),
};

interface CardAction {
  type: string;
  title: string;
  verb: string;
  style?: string;
  data?: Record<string, unknown>;
}

function actionsOf(card: object): CardAction[] {
  return ((card as { actions?: CardAction[] }).actions ?? []);
}

describe('rotation notices rendered by the bot', () => {
  describe.each(Object.entries(notices))('%s', (_kind, notice) => {
    const rendered = rotationNoticeRenderer.render(notice);

    it('when rendered, then the card is valid Adaptive Card 1.5, fully expanded and under 28 KB, with the summary as preview', () => {
      expect(schemaErrors(rendered.card)).toEqual([]);
      expect(libraryErrors(rendered.card)).toEqual([]);
      expect(JSON.stringify(rendered.card)).not.toContain('${');
      expect(cardBytes(rendered.card)).toBeLessThan(MAX_CARD_BYTES);
      expect(rendered.summary).toBe(notice.summary);
    });

    it('when rendered, then every button is an Action.Execute with a known verb that maps to a tenant-admin or admin-or-auditor capability', () => {
      for (const action of actionsOf(rendered.card)) {
        expect(action.type).toBe('Action.Execute');
        expect(allVerbs).toContain(action.verb);
        const capability = capabilityForVerb(action.verb);
        expect(capability).toBeDefined();
        expect(['tenantAdmin', 'adminOrAuditor']).toContain(findCapability(capability!)?.audience);
      }
    });
  });

  it('when a rotation succeeded, then the card says when, which version and the next rotation, and offers the history', () => {
    const text = JSON.stringify(rotationNoticeRenderer.render(notices['rotation.succeeded']).card);
    expect(text).toContain('Password rotated at Mon, 06 Jul 2026, 03:00 (Europe/Amsterdam), version ffeeddcc, next rotation Mon, 13 Jul 2026, 03:00 (Europe/Amsterdam).');
    expect(text).toContain(V_NEW);
    expect(actionsOf(rotationNoticeRenderer.render(notices['rotation.succeeded']).card).map((a) => [a.title, a.verb])).toEqual([['Rotation history', 'rotation.history']]);
  });

  it('when a rotation failed, then the card says what failed and the account state, and offers Retry rotation carrying only the rotation id', () => {
    const card = rotationNoticeRenderer.render(notices['rotation.failed']).card;
    const text = JSON.stringify(card);
    expect(text).toContain('What failed: setting the new password in Entra ID.');
    expect(text).toContain('Account state: Entra ID holds either the current password');
    expect(actionsOf(card)).toEqual([{ type: 'Action.Execute', title: 'Retry rotation', verb: 'rotation.retry', style: 'positive', data: { rotationId: 'rot-1' } }]);
  });

  it('when the account is locked out, then the guided recovery is numbered steps and the button sets a fresh password', () => {
    const card = rotationNoticeRenderer.render(notices['rotation.lockedOut']).card;
    const text = JSON.stringify(card);
    expect(text).toContain('How to recover');
    expect(text).toContain('**1.** Press \\"Set a fresh password\\"');
    expect(text).toContain('**3.** If it fails again');
    expect(actionsOf(card)).toEqual([expect.objectContaining({ title: 'Set a fresh password', verb: 'rotation.forceReset', style: 'destructive' })]);
  });

  it('when overdue or a heads-up, then the card says so, and only overdue offers a retry', () => {
    expect(JSON.stringify(rotationNoticeRenderer.render(notices['rotation.overdue']).card)).toContain('overdue for rotation: the last successful rotation was 9 days ago');
    expect(actionsOf(rotationNoticeRenderer.render(notices['rotation.overdue']).card).map((a) => a.verb)).toEqual(['rotation.retry', 'rotation.history']);
    expect(JSON.stringify(rotationNoticeRenderer.render(notices['rotation.headsUp']).card)).toContain('will be rotated at Mon, 19 Jan 2026, 03:00 (Europe/Amsterdam)');
    expect(actionsOf(rotationNoticeRenderer.render(notices['rotation.headsUp']).card)).toEqual([]);
  });
});

describe('rotation history card', () => {
  it('when rows are shown, then each has time in the tenant zone, trigger, who, result and duration', () => {
    const card = renderRotationHistoryCard({
      accountUpn: UPN,
      timeZone: ZONE,
      limit: 15,
      rows: [
        rowOf({ rotationId: 'r2', startedAt: '2026-01-12T02:00:00.000Z', trigger: 'schedule', initiatedBy: 'schedule (2026-01-12T02:00:00.000Z)', result: 'failed', errorCode: 'ROTATION.ENTRA_THROTTLED', durationInMs: 3_100, settledByRecovery: false }, ZONE),
        rowOf({ rotationId: 'r1', startedAt: '2026-01-07T10:00:00.000Z', trigger: 'manual', initiatedBy: 'Ada Admin (ada@contoso.test)', actorId: 'u1', result: 'succeeded', durationInMs: 850, newVersion: V_NEW, previousVersion: V_OLD, settledByRecovery: false }, ZONE),
      ],
    });
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
    const text = JSON.stringify(card);
    expect(text).toContain('Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)');
    expect(text).toContain('Scheduled · by the rotation schedule · took 3 s');
    expect(text).toContain('Microsoft Entra ID throttled the password change, so the rotation stopped. (Reference: ROTATION.ENTRA\\\\_THROTTLED)');
    expect(text).toContain('On demand · by Ada Admin (ada@contoso.test) · took 850 ms');
    expect(text).toContain('version ffeeddcc replaced 0a1b2c3d');
    expect(text).toMatch(/"Failed".*"Succeeded"/s);
  });
});

describe('rotation commands', () => {
  // Routing needs only the rows; the services behind them are never called here.
  const feature = createRotationFeature({ logger: createLogger({ level: 'silent' }) } as unknown as RotationFeatureDependencies);
  const router = new CommandRouter(createCommandTable({ features: [feature] }));

  it.each([
    ['rotate password now', 'password.rotateNow'],
    ['Rotate the password now', 'password.rotateNow'],
    ['<at>Management Session Bot</at> rotate password now', 'password.rotateNow'],
    ['please rotate the service account password', 'password.rotateNow'],
    ['rotate the management account password now', 'password.rotateNow'],
    ['retry rotation', 'password.rotateNow'],
    ['force reset', 'password.forceReset'],
    ['force a password reset', 'password.forceReset'],
    ['rotation history', 'rotation.history'],
    ['show me the password rotation history', 'rotation.history'],
    ['rotations', 'rotation.history'],
  ])('when someone types "%s", then it routes to %s', (text, id) => {
    const routed = router.route(text);
    expect(routed.kind === 'intent' ? routed.intent.id : routed.kind).toBe(id);
  });
});
