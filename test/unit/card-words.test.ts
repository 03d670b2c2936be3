/**
 * Every card the bot can send, rendered with realistic view models (the catalog), reads as words:
 * no ISO timestamp, no raw stored value ("advanced", "pending", "mode.change"), no error code as
 * the only explanation, no bare object id where a person is meant, no green or yellow title.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { renderErrorCard, renderGrantResultCard, renderSessionStatusCard } from '../../cards';
import { actionWords, cardDateTime, explainCode, humanizeInstants, modeWords, personWords } from '../../cards/card-words';
import { cardCatalog } from '../support/card-samples';
import { lintCardText, type CardTextRule } from '../support/card-text-lint';
import { payloadFacts } from '../../bot/access/approval-card-views';
import { approvalPolicySaved } from '../../bot/settings/settings.handlers';
import { renderApprovalCard, renderAuditRecordsCard, renderSessionDetailsCard, renderSessionProblemCard, renderSettingsCard } from '../../cards';
import { detailsFacts } from '../../dialogs/sessions/session-views';
import { settingsCardView } from '../../dialogs/settings/settings-view';
import { sessionProblemView } from '../../dialogs/shared/card-for-error';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import { sessionErrors } from '../../services/sessions/session-errors';
import type { SessionStatus } from '../../services/sessions/management-session.service';
import type { SettingsOverview } from '../../services/settings/settings.service';

const CARDS_DIR = path.resolve(__dirname, '../../cards');

type RenderFunction = (...args: unknown[]) => unknown;

/**
 * Every `render…` function exported by a cards/*.card.ts module, wrapped so the catalog run
 * records which ones it reached. The catalog calls them through the same module objects.
 */
function recordRenderers(): { covered: Set<string>; all: string[]; restore: () => void } {
  const covered = new Set<string>();
  const all: string[] = [];
  const restores: Array<() => void> = [];
  for (const file of readdirSync(CARDS_DIR).filter((name) => name.endsWith('.card.ts')).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(CARDS_DIR, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (!/^render[A-Z]/.test(name) || typeof value !== 'function') continue;
      const id = `${file}#${name}`;
      all.push(id);
      const original = value as RenderFunction;
      exports[name] = function recorded(this: unknown, ...args: unknown[]) {
        covered.add(id);
        return original.apply(this, args);
      };
      restores.push(() => {
        exports[name] = original;
      });
    }
  }
  return { covered, all, restore: () => restores.forEach((restore) => restore()) };
}

describe('card words', () => {
  const recording = recordRenderers();
  const rendered = cardCatalog.map((entry) => ({ name: entry.name, card: entry.render() }));
  afterAll(() => recording.restore());

  it('when the catalog is rendered, then it reaches every render function in cards/*.card.ts', () => {
    expect(recording.all.length).toBeGreaterThan(20);
    expect(recording.all.filter((id) => !recording.covered.has(id))).toEqual([]);
  });

  describe.each(rendered)('$name', ({ card }) => {
    it('when its visible text is read, then it shows no timestamp, raw value, bare code or id, and no low-contrast title', () => {
      expect(lintCardText(card)).toEqual([]);
    });
  });
});

/** The raw values the services hand over, through the bot's own view code, as the issue found them on screen. */
describe('cards built from raw service values', () => {
  const adminId = 'b6f1c1de-0000-4000-8000-000000000002';

  it('when an approval carries a mode payload, an unnamed decider and a timestamped message, then the card shows words and local times', () => {
    const request = { payload: { targetMode: 'advanced', fromMode: 'default' } } as unknown as ApprovalRequest;
    const card = renderApprovalCard({
      requestId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
      tenantId: 'contoso',
      requesterId: adminId,
      kindLabel: 'Change management type',
      details: payloadFacts(request),
      requester: adminId,
      createdAt: '2026-12-02T00:08:51.568Z',
      expiresAt: '2026-12-03T00:08:51.568Z',
      state: 'approved',
      decidedBy: 'b6f1c1de-0000-4000-8000-000000000003',
      decidedAt: '2026-12-02T10:00:00.000Z',
      mode: 'status',
      approverIds: [],
      message: 'Already approved by Megan Bowen at 2026-12-02T10:00:00.000Z.',
    });
    expect(lintCardText(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('"value":"Advanced (service account)"');
  });

  it('when the audit holds a refusal by an unnamed user, then the row reads as words with the code as a reference', () => {
    const card = renderAuditRecordsCard({
      records: [
        { sequence: 7, recordedAt: '2026-12-03T00:08:51.568Z', action: 'mode.change', actor: adminId, target: `user ${adminId}`, principal: adminId, outcome: 'denied', code: 'ACCESS.TENANT_ADMIN_REQUIRED' },
        { sequence: 6, recordedAt: '2026-12-03T00:08:50.000Z', action: 'rotation.normalized', actor: 'Adele Vance (adele@contoso.com)', outcome: 'ok' },
      ],
    });
    expect(lintCardText(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Refused: Only a tenant admin can do that. (Reference: ACCESS.TENANT\\\\_ADMIN\\\\_REQUIRED)');
  });

  it('when a never-saved tenant has a changed approval policy, auto-enable in Default mode and an unknown stop code, then settings says so in words', () => {
    const overview: SettingsOverview = {
      tenantId: 'contoso',
      mode: 'default',
      switchableTo: ['advanced'],
      pending: { kind: 'create', checkpoint: 'role.assigning', lastErrorCode: 'SERVICE_ACCOUNT.FAILED', startedAt: '2026-12-03T00:08:51.568Z' },
      autoEnable: true,
      // A break-glass account the directory could not name: never a bare id where a name belongs.
      breakGlassAccountIds: ['dd9b3815-9a47-4601-ae37-36a5413c7c13'],
      rotation: { cron: '*/2 * * * *', timeZone: 'UTC' },
      approvalPolicy: 'self-approve',
      sessionTtlInMinutes: 480,
      actions: ['mode.change.request', 'serviceAccount.retry'],
      updatedAt: new Date(0).toISOString(),
    };
    const card = renderSettingsCard(settingsCardView(overview, { message: { text: approvalPolicySaved('self-approve'), tone: 'good' } }));
    const text = JSON.stringify(card);
    expect(lintCardText(card)).toEqual([]);
    expect(text).not.toContain('nothing was changed yet');
    expect(text).toContain('it applies to Advanced mode only');
  });

  it('when auto-enable is on in Default mode and the session is off, then the refusal says auto-enable applies to Advanced mode only', () => {
    const card = renderSessionProblemCard(sessionProblemView(sessionErrors.notActive({ mode: 'default', autoEnable: true }), { isTenantAdmin: true } as never, 'corr-1'));
    expect(lintCardText(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Auto-enable applies to Advanced mode only');
  });

  it('when the session is turning on and last failed, then the details card names the state and the error in words', () => {
    const status = {
      session: {
        tenantId: 'contoso',
        state: 'ENABLING',
        lastChangeReason: 'turn-on-failed',
        changedAt: '2026-12-03T00:08:51.568Z',
        lastError: { code: 'SESSION.VAULT_UNAVAILABLE', message: 'Key Vault cannot be reached, so the service account cannot sign in. Nothing was run.' },
      },
      configuredMode: 'advanced',
      autoEnable: false,
      sessionTtlInMinutes: 480,
    } as unknown as SessionStatus;
    const card = renderSessionDetailsCard({ facts: detailsFacts(status) });
    expect(lintCardText(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Turning on');
  });
});

describe('card text linter', () => {
  const rulesOf = (card: unknown): CardTextRule[] => [...new Set(lintCardText(card).map((finding) => finding.rule))].sort();

  it.each<[string, () => unknown, CardTextRule[]]>([
    ['an ISO timestamp in a sentence', () => renderErrorCard({ title: 'Expired', message: 'This expired at 2026-12-03T00:08:51.568Z.' }), ['iso-timestamp']],
    [
      'an ISO timestamp as a fact value',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'Expires', value: '2026-12-03T00:08:51Z' }] }] }),
      ['iso-timestamp'],
    ],
    ['a DATE() macro with fractions of a second, which Teams shows raw', () => renderErrorCard({ title: 'Expired', message: 'Since {{DATE(2026-12-03T00:08:51.568Z, SHORT)}}.' }), ['bad-date-macro']],
    ['a raw management type', () => renderSessionStatusCard({ state: 'OFF', tenantId: 'contoso', modeLabel: 'advanced' }), ['raw-value']],
    [
      'a raw state and an approval kind id',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Session ENABLING' }, { type: 'TextBlock', text: '#4 · mode.change · by Adele Vance' }] }),
      ['raw-value'],
    ],
    ['an error code as the only explanation', () => renderGrantResultCard({ outcome: 'failed', title: 'Nothing was granted', message: 'ACCESS.TENANT_ADMIN_REQUIRED' }), ['bare-error-code']],
    [
      'an error code after a bare outcome word',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'denied: ACCESS.TENANT\\_ADMIN\\_REQUIRED' }] }),
      ['bare-error-code', 'raw-value'],
    ],
    [
      'an object id where a person is meant',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FactSet', facts: [{ title: 'Requested by', value: 'b6f1c1de-0000-4000-8000-000000000001' }] }] }),
      ['bare-guid-person'],
    ],
    [
      'an object id as the actor of an audit line',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'b6f1c1de-0000-4000-8000-000000000001 → user Alex Wilber' }] }),
      ['bare-guid-person'],
    ],
    [
      'a yellow title',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Expired: change the management type', color: 'Warning', weight: 'Bolder' }] }),
      ['low-contrast-title'],
    ],
    [
      'a green title',
      () => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Management ON', color: 'Good', style: 'heading' }] }),
      ['low-contrast-title'],
    ],
    [
      'a raw value in an action title and a choice',
      () => ({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [{ type: 'Input.ChoiceSet', id: 'p', choices: [{ title: 'self-approve', value: 'self-approve' }] }],
        actions: [{ type: 'Action.Execute', title: 'Switch to: default', verb: 'x' }],
      }),
      ['raw-value'],
    ],
  ])('when a card shows %s, then the linter reports it', (_what, render, rules) => {
    expect(rulesOf(render())).toEqual(rules);
  });

  it('when a card shows DATE()/TIME() macros, a code as a reference next to a sentence and ids labelled as ids, then the linter accepts it', () => {
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: `Approve it before ${cardDateTime('2026-12-03T00:08:51.568Z')}.` },
        { type: 'TextBlock', text: 'Only a tenant admin can do that. (Reference: ACCESS.TENANT\\_ADMIN\\_REQUIRED)' },
        { type: 'TextBlock', text: 'Tenant 7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69. Reference: 0f8fad5b-d9cb-469f-a165-70867728950e' },
        {
          type: 'FactSet',
          facts: [
            { title: 'Error code', value: 'ROTATION.ENTRA_THROTTLED' },
            { title: 'Account object id', value: '5bc920d8-f970-41ad-b2a9-54e20eb59706' },
            { title: 'Mode', value: 'Advanced (service account)' },
          ],
        },
      ],
      actions: [{ type: 'Action.Execute', title: 'Refresh', verb: 'x', data: { state: 'pending', at: '2026-12-03T00:08:51Z' } }],
    };
    expect(lintCardText(card)).toEqual([]);
  });
});

describe('card word helpers', () => {
  it.each([
    ['2026-12-03T00:08:51.568Z', '{{DATE(2026-12-03T00:08:51Z, SHORT)}} {{TIME(2026-12-03T00:08:51Z)}}'],
    ['Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)', 'Mon, 12 Jan 2026, 03:00 (Europe/Amsterdam)'],
  ])('when %s is shown as a time, then it becomes %s', (value, shown) => {
    expect(cardDateTime(value)).toBe(shown);
  });

  it('when a sentence already holds DATE()/TIME() macros, then they are left as they are', () => {
    const shown = `Next run: ${cardDateTime('2026-12-07T05:00:00.000Z')}`;
    expect(humanizeInstants(shown)).toBe(shown);
  });

  it('when a sentence holds an ISO instant, then only the instant becomes a DATE()/TIME() macro', () => {
    expect(humanizeInstants('Already approved by Adele Vance at 2026-01-05T10:00:00.000Z.')).toBe(
      'Already approved by Adele Vance at {{DATE(2026-01-05T10:00:00Z, SHORT)}} {{TIME(2026-01-05T10:00:00Z)}}.',
    );
  });

  it.each([
    ['advanced', 'Advanced (service account)'],
    ['default', 'Default (Global Admin sign-in)'],
    ['none', 'Not chosen'],
    ['Advanced (service account)', 'Advanced (service account)'],
  ])('when the mode %s is shown, then it reads %s', (mode, words) => {
    expect(modeWords(mode)).toBe(words);
  });

  it('when a code is explained, then the catalogue sentence comes first and the code is a reference', () => {
    expect(explainCode('ACCESS.TENANT_ADMIN_REQUIRED')).toBe('Only a tenant admin can do that. (Reference: ACCESS.TENANT_ADMIN_REQUIRED)');
    expect(explainCode('NOPE.UNKNOWN')).toBe('Something went wrong (Reference: NOPE.UNKNOWN).');
  });

  it.each([
    ['operator.grant', 'Operator access granted'],
    ['rotation.normalized', 'Rotation: normalized'],
    ['audit.export.declined', 'Audit: export declined'],
    ['user.blockSignIn', 'Sign-in blocked'],
  ])('when the audit action %s is shown, then it reads %s', (action, words) => {
    expect(actionWords(action)).toBe(words);
  });

  it('when a person is only an object id, then the card says the directory did not name them', () => {
    expect(personWords('b6f1c1de-0000-4000-8000-000000000001')).toBe('a user the directory did not name (object id b6f1c1de-0000-4000-8000-000000000001)');
    expect(personWords('Adele Vance (adele@contoso.com)')).toBe('Adele Vance (adele@contoso.com)');
  });
});
