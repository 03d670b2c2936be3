import { Verbs } from '../../../cards';
import { TurnOnManagementDialog } from '../../../dialogs/sessions/turn-on-management.dialog';
import { SessionStatusCards } from '../../../dialogs/sessions/session-status-card';
import type { FlowViewer } from '../../../dialogs/flow-turn';
import { AccessDeniedError } from '../../../services/access/access-errors';
import type { Actor } from '../../../services/access/actor';
import { createLogger } from '../../../services/logger';
import type { ManagementMode } from '../../../services/ports/tenant-settings.repository.port';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import type { SessionErrorCode } from '../../../services/sessions/session-errors';
import {
  ADA,
  ADMIN_VIEWER,
  buttonsOf,
  cardOf,
  cardText,
  clickCard,
  correlationIdOf,
  expectValidCard,
  gate,
  inputIdsOf,
  NORA,
  OLGA,
  OPERATOR_VIEWER,
  PLAIN_VIEWER,
  typeCommand,
} from '../../support/dialog-test';
import { FakeManagementSessions, SERVICE_ACCOUNT_UPN, sessionError } from './support/fake-sessions';

const ADA_PASSWORD = 'Ada-Right-Horse-Battery-71!';
const MFA_PASSWORD = 'Mfa-Admin-Password-52#';
const WRONG_PASSWORD = 'Definitely-Wrong-Password-64@';

describe('TurnOnManagementDialog', () => {
  let sessions: FakeManagementSessions;
  let tasks: BackgroundTasks;
  let dialog: TurnOnManagementDialog;

  function build(budgetInMs?: number): TurnOnManagementDialog {
    return new TurnOnManagementDialog({
      sessions,
      statusCards: new SessionStatusCards(sessions),
      budget: { tasks, botAppId: '', ...(budgetInMs !== undefined ? { budgetInMs } : {}) },
    });
  }

  beforeEach(() => {
    sessions = new FakeManagementSessions();
    sessions.addGlobalAdmin('ada@contoso.test', ADA_PASSWORD);
    sessions.addGlobalAdmin('mfa.admin@contoso.test', MFA_PASSWORD, 'SESSION.MFA_REQUIRED');
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
    dialog = build();
  });

  afterEach(async () => {
    await tasks.drain();
  });

  it('when the steps are listed, then they are turnOn then signIn', () => {
    expect(dialog.stepNames()).toEqual(['turnOn', 'signIn']);
  });

  describe('the turnOn step', () => {
    it.each<{ name: string; mode: ManagementMode; alreadyOn: boolean; title: string; says: string[]; inputs: string[]; sessionAfter: string }>([
      {
        name: 'Advanced mode, session off',
        mode: 'advanced',
        alreadyOn: false,
        title: 'Management ON',
        says: [SERVICE_ACCOUNT_UPN, 'Ada Admin (ada@contoso.test)', 'Turn off management session'],
        inputs: [],
        sessionAfter: 'ON',
      },
      { name: 'Advanced mode, session already on', mode: 'advanced', alreadyOn: true, title: 'Management ON', says: ['The management session was already on.'], inputs: [], sessionAfter: 'ON' },
      {
        name: 'Default mode',
        mode: 'default',
        alreadyOn: false,
        title: 'Turn on management (Default mode)',
        says: ['ada@contoso.test', 'Sign in and turn on', '"step":"signIn"'],
        inputs: ['username', 'password'],
        sessionAfter: 'OFF',
      },
      // Issue 12: the dead end became the seed's two first-run options.
      {
        name: 'no mode chosen',
        mode: 'none',
        alreadyOn: false,
        title: 'No management type chosen yet',
        says: ['Use management service account', 'Use Global Admin credentials'],
        inputs: [],
        sessionAfter: 'OFF',
      },
    ])('when "turn on management" is typed in $name, then the answer is "$title" and the session is $sessionAfter', async ({ mode, alreadyOn, title, says, inputs, sessionAfter }) => {
      sessions.configuredMode = mode;
      if (alreadyOn) await sessions.turnOn(ADA);

      const { answer } = await typeCommand(dialog, 'turn on management');

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      for (const words of says) expect(cardText(card)).toContain(words);
      expect(inputIdsOf(card)).toEqual(inputs);
      expect(sessions.session.state).toBe(sessionAfter);
    });

    it('when the green button is clicked in Advanced mode, then the clicked card becomes "Management ON", enabled by the clicker', async () => {
      const { answer } = await clickCard(dialog, Verbs.sessionTurnOn, {}, { actor: OLGA, viewer: OPERATOR_VIEWER });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Management ON');
      expect(sessions.session.enabledBy).toEqual({ userId: OLGA.userId, upn: OLGA.upn, displayName: OLGA.displayName });
    });

    it.each<{ name: string; error: () => unknown; actor?: Actor; viewer: FlowViewer; title: string; buttons: string[] }>([
      { name: 'MFA is required, seen by a tenant admin', error: () => sessionError('SESSION.MFA_REQUIRED'), viewer: ADMIN_VIEWER, title: 'This account requires MFA', buttons: ['Try again', 'Configure allowed IPs', 'Check policies'] },
      { name: 'MFA is required, seen by an operator', error: () => sessionError('SESSION.MFA_REQUIRED'), viewer: OPERATOR_VIEWER, title: 'This account requires MFA', buttons: ['Try again'] },
      { name: 'Key Vault is down', error: () => sessionError('SESSION.VAULT_UNAVAILABLE'), viewer: ADMIN_VIEWER, title: 'Key Vault is unavailable', buttons: ['Try again'] },
      {
        name: 'conditional access blocks the account',
        error: () => sessionError('SESSION.BLOCKED_BY_CONDITIONAL_ACCESS', { blockingPolicies: ['Block sign-ins outside HQ'] }),
        viewer: ADMIN_VIEWER,
        title: 'Blocked by conditional access',
        buttons: ['Try again', 'Configure allowed IPs', 'Check policies'],
      },
      {
        name: 'there is no service account (tenant admin)',
        error: () => sessionError('SESSION.NO_SERVICE_ACCOUNT', { actorIsTenantAdmin: true }),
        viewer: ADMIN_VIEWER,
        title: 'No management service account yet',
        buttons: ['Create service account', 'Open settings'],
      },
      { name: 'the session is changing', error: () => sessionError('SESSION.BUSY'), viewer: ADMIN_VIEWER, title: 'The management session is changing right now', buttons: ['Try again'] },
      { name: 'a user without a role asks', error: () => undefined, actor: NORA, viewer: PLAIN_VIEWER, title: "You can't do that", buttons: [] },
      {
        name: 'the access policy denies it',
        error: () => new AccessDeniedError('ACCESS.ADMIN_OR_OPERATOR_REQUIRED', 'Only tenant admins and operators can do this.', ['Ada Admin']),
        viewer: ADMIN_VIEWER,
        title: "You can't do that",
        buttons: ['Show help'],
      },
    ])('when $name, then the answer is "$title" with $buttons and the session stays off', async ({ error, actor, viewer, title, buttons }) => {
      sessions.failNextWith = error();

      const { answer, activity } = await clickCard(dialog, Verbs.sessionTurnOn, {}, { actor: actor ?? ADA, viewer, id: 'click-1' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(correlationIdOf(activity));
      expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
      expect(sessions.session.state).toBe('OFF');
    });

    it('when the conditional-access policy is known, then the card names it', async () => {
      sessions.failNextWith = sessionError('SESSION.BLOCKED_BY_CONDITIONAL_ACCESS', { blockingPolicies: ['Block sign-ins outside HQ'] });

      const { answer } = await typeCommand(dialog, 'turn on management');

      expect(cardText(cardOf(answer))).toContain('Block sign-ins outside HQ');
    });

    it('when the service fails unexpectedly, then the error goes on to the turn error handler and no card answers', async () => {
      sessions.failNextWith = new Error('socket hang up');

      await expect(typeCommand(dialog, 'turn on management')).rejects.toThrow('socket hang up');
      expect(sessions.session.state).toBe('OFF');
    });
  });

  describe('the signIn step (the Default-mode form was submitted)', () => {
    beforeEach(() => {
      sessions.configuredMode = 'default';
    });

    it.each<{ name: string; username: unknown; password: unknown; title: string; says: string[]; signIns: string[]; sessionAfter: string }>([
      {
        name: 'the right credentials',
        username: 'ada@contoso.test',
        password: ADA_PASSWORD,
        title: 'Management ON',
        says: ['the session ends when the admin sign-in expires', 'ada@contoso.test'],
        signIns: ['ada@contoso.test'],
        sessionAfter: 'ON',
      },
      {
        name: 'the right credentials with spaces around the user name',
        username: '  ada@contoso.test ',
        password: ADA_PASSWORD,
        title: 'Management ON',
        says: [],
        signIns: ['ada@contoso.test'],
        sessionAfter: 'ON',
      },
      { name: 'a wrong password', username: 'ada@contoso.test', password: WRONG_PASSWORD, title: 'Wrong user name or password', says: ['Try again'], signIns: [], sessionAfter: 'OFF' },
      { name: 'an account that needs MFA', username: 'mfa.admin@contoso.test', password: MFA_PASSWORD, title: 'This account requires MFA', says: ['Try again'], signIns: [], sessionAfter: 'OFF' },
      { name: 'an unknown account', username: 'ghost@contoso.test', password: ADA_PASSWORD, title: 'Account not found', says: [], signIns: [], sessionAfter: 'OFF' },
      { name: 'no password', username: 'ada@contoso.test', password: '', title: 'Turn on management (Default mode)', says: ['Enter both the user name and the password.'], signIns: [], sessionAfter: 'OFF' },
      { name: 'no user name', username: '   ', password: ADA_PASSWORD, title: 'Turn on management (Default mode)', says: ['Enter both the user name and the password.'], signIns: [], sessionAfter: 'OFF' },
      { name: 'a password that is not text', username: 'ada@contoso.test', password: 12345678, title: 'Turn on management (Default mode)', says: ['Enter both the user name and the password.'], signIns: [], sessionAfter: 'OFF' },
      {
        name: 'a user name over 256 characters',
        username: `${'a'.repeat(250)}@contoso.test`,
        password: ADA_PASSWORD,
        title: 'Turn on management (Default mode)',
        says: ['Enter both the user name and the password.'],
        signIns: [],
        sessionAfter: 'OFF',
      },
      {
        name: 'a password over 256 characters',
        username: 'ada@contoso.test',
        password: 'p'.repeat(257),
        title: 'Turn on management (Default mode)',
        says: ['Enter both the user name and the password.'],
        signIns: [],
        sessionAfter: 'OFF',
      },
    ])('when the form is submitted with $name, then the answer is "$title" and the password is gone from the activity and every card', async ({ username, password, title, says, signIns, sessionAfter }) => {
      const { answer, activity, replies } = await clickCard(dialog, Verbs.sessionTurnOn, { step: 'signIn', username, password }, { replyToId: 'form-message' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      for (const words of says) expect(cardText(card)).toContain(words);
      expect(sessions.signIns).toEqual(signIns);
      expect(sessions.session.state).toBe(sessionAfter);

      const submitted = (activity.value as { action: { data: Record<string, unknown> } }).action.data;
      expect(submitted).not.toHaveProperty('password');
      if (typeof password === 'string' && password.trim() !== '') {
        expect(cardText(card)).not.toContain(password);
        expect(JSON.stringify(replies)).not.toContain(password);
      }
    });

    it('when the answer replaces the form, then the card holds no password input', async () => {
      const { answer } = await clickCard(dialog, Verbs.sessionTurnOn, { step: 'signIn', username: 'ada@contoso.test', password: ADA_PASSWORD });

      expect(inputIdsOf(cardOf(answer))).not.toContain('password');
    });

    it('when the sign-in is slower than the invoke budget, then a progress card without the password answers at once and the session is on once it finishes', async () => {
      dialog = build(20);
      const slow = gate<void>();
      sessions.hold = slow.promise;

      const { answer, activity } = await clickCard(dialog, Verbs.sessionTurnOn, { step: 'signIn', username: 'ada@contoso.test', password: ADA_PASSWORD }, { replyToId: 'form-message' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Signing in…');
      expect(cardText(card)).toContain('Signing in as ada@contoso.test');
      expect(cardText(card)).not.toContain(ADA_PASSWORD);
      expect(inputIdsOf(card)).toEqual([]);
      expect((activity.value as { action: { data: Record<string, unknown> } }).action.data).not.toHaveProperty('password');
      expect(sessions.session.state).toBe('OFF');

      slow.open();
      await tasks.drain();
      expect(sessions.session.state).toBe('ON');
      expect(sessions.signIns).toEqual(['ada@contoso.test']);
    });
  });

  it.each<{ code: SessionErrorCode; title: string }>([
    { code: 'SESSION.ACCOUNT_DISABLED', title: 'The account is disabled' },
    { code: 'SESSION.NOT_GLOBAL_ADMIN', title: 'Not a Global Administrator' },
    { code: 'SESSION.SIGN_IN_UNAVAILABLE', title: 'Microsoft Entra ID is unavailable' },
  ])('when the Default-mode sign-in is refused with $code, then the answer is "$title" and shows no password', async ({ code, title }) => {
    sessions.configuredMode = 'default';
    sessions.addGlobalAdmin('refused@contoso.test', ADA_PASSWORD, code);

    const { answer } = await clickCard(dialog, Verbs.sessionTurnOn, { step: 'signIn', username: 'refused@contoso.test', password: ADA_PASSWORD });

    const card = cardOf(answer);
    expectValidCard(card);
    expect(cardText(card)).toContain(title);
    expect(cardText(card)).not.toContain(ADA_PASSWORD);
    expect(sessions.session.state).toBe('OFF');
  });
});
