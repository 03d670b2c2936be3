import { Verbs } from '../../../cards';
import type { FlowViewer } from '../../../dialogs/flow-turn';
import { SessionStatusCards } from '../../../dialogs/sessions/session-status-card';
import { TurnOffManagementDialog } from '../../../dialogs/sessions/turn-off-management.dialog';
import { AccessDeniedError } from '../../../services/access/access-errors';
import type { Actor } from '../../../services/access/actor';
import { ADA, ADMIN_VIEWER, buttonsOf, cardOf, cardText, clickCard, correlationIdOf, expectValidCard, NORA, OLGA, OPERATOR_VIEWER, PLAIN_VIEWER, typeCommand } from '../../support/dialog-test';
import { FakeManagementSessions, SERVICE_ACCOUNT_UPN, sessionError } from './support/fake-sessions';

describe('TurnOffManagementDialog', () => {
  let sessions: FakeManagementSessions;
  let dialog: TurnOffManagementDialog;

  beforeEach(() => {
    sessions = new FakeManagementSessions();
    dialog = new TurnOffManagementDialog({ sessions, statusCards: new SessionStatusCards(sessions) });
  });

  it('when the steps are listed, then there is one: turnOff', () => {
    expect(dialog.stepNames()).toEqual(['turnOff']);
  });

  it.each<{ name: string; on: boolean; actor: Actor; viewer: FlowViewer; note: string; buttons: string[] }>([
    { name: 'a tenant admin turns an ON session off', on: true, actor: ADA, viewer: ADMIN_VIEWER, note: 'The management session is off. Its cached tokens were dropped.', buttons: ['Turn on management session', 'Details', 'Refresh'] },
    { name: 'an operator turns an ON session off', on: true, actor: OLGA, viewer: OPERATOR_VIEWER, note: 'The management session is off. Its cached tokens were dropped.', buttons: ['Turn on management session', 'Refresh'] },
    { name: 'the session was already off', on: false, actor: ADA, viewer: ADMIN_VIEWER, note: 'The management session was already off.', buttons: ['Turn on management session', 'Details', 'Refresh'] },
  ])('when $name, then the answer is "Management OFF" saying so, and the session is off with no account', async ({ on, actor, viewer, note, buttons }) => {
    if (on) await sessions.turnOn(ADA);

    const { answer } = await clickCard(dialog, Verbs.sessionTurnOff, {}, { actor, viewer });

    const card = cardOf(answer);
    expectValidCard(card);
    expect(cardText(card)).toContain('Management OFF');
    expect(cardText(card)).toContain(note);
    expect(cardText(card)).not.toContain(SERVICE_ACCOUNT_UPN);
    expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
    expect(sessions.session.state).toBe('OFF');
    expect(sessions.session.principal).toBeUndefined();
  });

  it('when "turn off management" is typed by a tenant admin, then the session is off and changed by them', async () => {
    await sessions.turnOn(OLGA);

    const { answer } = await typeCommand(dialog, 'turn off management');

    expect(cardText(cardOf(answer))).toContain('Management OFF');
    expect(sessions.session.changedBy?.userId).toBe(ADA.userId);
    expect(sessions.session.lastChangeReason).toBe('turned-off');
  });

  it.each<{ name: string; actor: Actor; viewer: FlowViewer; error?: () => unknown; title: string; buttons: string[] }>([
    { name: 'a user without a role clicks it', actor: NORA, viewer: PLAIN_VIEWER, title: "You can't do that", buttons: [] },
    { name: 'the session is changing', actor: ADA, viewer: ADMIN_VIEWER, error: () => sessionError('SESSION.BUSY'), title: 'The management session is changing right now', buttons: ['Try again'] },
    {
      name: 'the access policy denies it',
      actor: OLGA,
      viewer: OPERATOR_VIEWER,
      error: () => new AccessDeniedError('ACCESS.ADMIN_OR_OPERATOR_REQUIRED', 'Only tenant admins and operators can do this.', ['Ada Admin']),
      title: "You can't do that",
      buttons: ['Show help'],
    },
  ])('when $name, then the answer is "$title" and the session stays on', async ({ actor, viewer, error, title, buttons }) => {
    await sessions.turnOn(ADA);
    sessions.failNextWith = error?.();

    const { answer, activity } = await clickCard(dialog, Verbs.sessionTurnOff, {}, { actor, viewer, id: 'off-click' });

    const card = cardOf(answer);
    expectValidCard(card);
    expect(cardText(card)).toContain(title);
    expect(cardText(card)).toContain(correlationIdOf(activity));
    expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
    expect(sessions.session.state).toBe('ON');
  });
});
