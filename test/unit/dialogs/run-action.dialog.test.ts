import { ACTION_CHAT_ROWS, type ActionChatRow } from '../../../dialogs/actions/action-rows';
import { AUTO_ENABLED_NOTE, RunActionDialog, runActionDialogId } from '../../../dialogs/actions/run-action.dialog';
import { createLogger } from '../../../services/logger';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import type { Actor } from '../../../services/access/actor';
import { ADA, BEN, buttonsOf, cardOf, cardText, clickCard, correlationIdOf, expectValidCard, gate, OLGA, OPERATOR_VIEWER, typeCommand } from '../../support/dialog-test';
import { FakeManagementActions } from './support/fake-actions';

function rowOf(actionId: string): ActionChatRow {
  const row = ACTION_CHAT_ROWS.find((candidate) => candidate.actionId === actionId);
  if (!row) throw new Error(`no chat row for ${actionId}`);
  return row;
}

const BLOCK = rowOf('user.blockSignIn');

describe('RunActionDialog', () => {
  let actions: FakeManagementActions;
  let tasks: BackgroundTasks;

  function dialogFor(row: ActionChatRow, budgetInMs?: number): RunActionDialog {
    return new RunActionDialog(row, { actions, budget: { tasks, botAppId: '', ...(budgetInMs !== undefined ? { budgetInMs } : {}) } });
  }

  /** Types the row's command for `user` and returns the pending action id its confirmation card carries. */
  async function prepared(row: ActionChatRow, user: string, actor: Actor = ADA): Promise<string> {
    const { answer } = await typeCommand(dialogFor(row), `${row.confirmTitle.toLowerCase()} for ${user}`, { user }, { actor });
    const confirm = buttonsOf(cardOf(answer)).find((button) => button.data?.['decision'] === 'confirm');
    const id = confirm?.data?.['pendingActionId'];
    if (typeof id !== 'string') throw new Error('the confirmation card carries no pending action id');
    return id;
  }

  beforeEach(() => {
    actions = new FakeManagementActions();
    actions.addUser('adele@contoso.test', 'Adele Vance');
    actions.addUser('alex@contoso.test', 'Alex Wilber', { blocked: true });
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
  });

  afterEach(async () => {
    await tasks.drain();
  });

  it.each(ACTION_CHAT_ROWS.map((row) => ({ actionId: row.actionId, row })))('when the $actionId dialog is built, then its id names the action and its steps are prepare then confirm', ({ row }) => {
    const dialog = dialogFor(row);
    expect(dialog.id).toBe(runActionDialogId(row));
    expect(dialog.stepNames()).toEqual(['prepare', 'confirm']);
  });

  describe('the prepare step', () => {
    it.each([
      { actionId: 'user.blockSignIn', user: 'adele@contoso.test', title: 'Block sign-in for Adele Vance (adele@contoso.test)?', confirm: 'Block sign-in' },
      { actionId: 'user.unblockSignIn', user: 'alex@contoso.test', title: 'Unblock sign-in for Alex Wilber (alex@contoso.test)?', confirm: 'Unblock sign-in' },
      { actionId: 'user.revokeSessions', user: 'ADELE@contoso.test', title: 'Adele Vance (adele@contoso.test)', confirm: 'Revoke sessions' },
    ])('when "$actionId" is typed for $user, then the confirmation card names the user and the account and nothing changes yet', async ({ actionId, user, title, confirm }) => {
      const row = rowOf(actionId);

      const { answer } = await typeCommand(dialogFor(row), `${row.confirmTitle} for ${user}`, { user });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain('mgmt-bot.admin@contoso.test');
      const buttons = buttonsOf(card);
      expect(buttons.map((button) => [button.title, button.verb, button.data?.['decision']])).toEqual([
        [confirm, row.verb, 'confirm'],
        ['Cancel', row.verb, 'cancel'],
      ]);
      expect(buttons[0]?.data?.['pendingActionId']).toEqual(expect.any(String));
      expect(actions.pending.size).toBe(1);
      expect(actions.changes).toEqual([]);
    });

    it.each<{ name: string; user: string; arrange: () => void; actor?: Actor; title: string; says: string; buttons: string[] }>([
      { name: 'no user is named', user: '   ', arrange: () => undefined, title: 'Which user?', says: 'Say which user', buttons: [] },
      { name: 'the user is not in the directory', user: 'ghost@contoso.test', arrange: () => undefined, title: 'User not found', says: 'ghost@contoso.test', buttons: [] },
      {
        name: 'the operator may not act on that user',
        user: 'adele@contoso.test',
        arrange: () => actions.denied.add(OLGA.userId),
        actor: OLGA,
        title: "You can't do that",
        says: 'ask Ada Admin',
        buttons: ['Show help'],
      },
      {
        name: 'the session is off and auto-enable is off',
        user: 'adele@contoso.test',
        arrange: () => (actions.sessionOn = false),
        title: 'Management session is off',
        says: 'Turn on the management session',
        buttons: ['Turn on management session'],
      },
    ])('when $name, then the answer is "$title" and no action is held', async ({ user, arrange, actor, title, says, buttons }) => {
      arrange();

      const { answer, activity } = await typeCommand(dialogFor(BLOCK), `block sign-in for ${user}`, { user }, { actor: actor ?? ADA, ...(actor ? { viewer: OPERATOR_VIEWER } : {}), id: 'typed-1' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(says);
      expect(cardText(card)).toContain(correlationIdOf(activity));
      expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
      expect(actions.pending.size).toBe(0);
    });

    it('when the session is off and auto-enable is on, then the confirmation says it was turned on automatically', async () => {
      actions.sessionOn = false;
      actions.autoEnable = true;

      const { answer } = await typeCommand(dialogFor(BLOCK), 'block sign-in for adele@contoso.test', { user: 'adele@contoso.test' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(AUTO_ENABLED_NOTE);
      expect(actions.sessionOn).toBe(true);
    });
  });

  describe('the confirm step', () => {
    it.each([
      { actionId: 'user.blockSignIn', user: 'adele@contoso.test', userId: 'u-adele', blockedAfter: true },
      { actionId: 'user.unblockSignIn', user: 'alex@contoso.test', userId: 'u-alex', blockedAfter: false },
      { actionId: 'user.revokeSessions', user: 'adele@contoso.test', userId: 'u-adele', blockedAfter: false },
    ])('when $actionId is confirmed by the person who prepared it, then it runs once on $user and the card says "Done"', async ({ actionId, user, userId, blockedAfter }) => {
      const row = rowOf(actionId);
      const pendingActionId = await prepared(row, user);

      const { answer } = await clickCard(dialogFor(row), row.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', replyToId: 'confirmation-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(`Done: ${row.confirmTitle}`);
      expect(cardText(card)).toContain(user);
      expect(actions.changes).toEqual([{ actionId, userId, by: ADA.userId }]);
      expect(actions.blocked.has(userId)).toBe(blockedAfter);
    });

    it.each<{ name: string; pendingActionId: () => unknown; decision: string; title: string; says: string }>([
      { name: 'Cancel', pendingActionId: () => 'prepared', decision: 'cancel', title: 'Cancelled: Block sign-in', says: 'Nothing was changed.' },
      { name: 'no pending action id', pendingActionId: () => undefined, decision: 'confirm', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
      { name: 'an empty pending action id', pendingActionId: () => '', decision: 'confirm', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
      { name: 'a pending action id that is not an id', pendingActionId: () => "'; drop table pending_actions; --", decision: 'confirm', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
      { name: 'a pending action id that is a number', pendingActionId: () => 12345678, decision: 'confirm', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
      { name: 'an over-long pending action id', pendingActionId: () => 'a'.repeat(65), decision: 'confirm', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
      { name: 'a well-formed id no action has', pendingActionId: () => '0123abcd-0000-4000-8000-000000000000', decision: 'confirm', title: 'This action is no longer available', says: "I can't find that action any more." },
      { name: 'an invalid id on Cancel', pendingActionId: () => 'not valid!', decision: 'cancel', title: 'Block sign-in', says: 'This card is not valid any more. Run the command again.' },
    ])('when the card answers with $name, then the answer is "$title" and nothing is executed', async ({ pendingActionId, decision, title, says }) => {
      const held = await prepared(BLOCK, 'adele@contoso.test');
      const id = pendingActionId();
      const data = { ...(id === 'prepared' ? { pendingActionId: held } : id !== undefined ? { pendingActionId: id } : {}), decision };

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, data, { step: 'confirm' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(says);
      expect(actions.changes).toEqual([]);
      expect(actions.blocked.has('u-adele')).toBe(false);
    });

    it('when the same confirmation is clicked twice, then the action runs once and the second card says it was already answered', async () => {
      const pendingActionId = await prepared(BLOCK, 'adele@contoso.test');
      await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', id: 'click-1' });

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', id: 'click-2' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('This confirmation was already answered; nothing was run again.');
      expect(actions.changes).toHaveLength(1);
    });

    it('when someone other than the preparer confirms, then the answer says only the person who asked can confirm and nothing runs', async () => {
      const pendingActionId = await prepared(BLOCK, 'adele@contoso.test');

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', actor: BEN });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Only the person who asked can confirm');
      expect(actions.changes).toEqual([]);
    });

    it('when the session went off before the confirmation, then the answer offers to turn it on and nothing runs', async () => {
      const pendingActionId = await prepared(BLOCK, 'adele@contoso.test');
      actions.sessionOn = false;

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Management session is off');
      expect(buttonsOf(card).map((button) => button.title)).toEqual(['Turn on management session']);
      expect(actions.changes).toEqual([]);
    });

    it('when the action is slower than the invoke budget, then a progress card answers at once and the action still runs once', async () => {
      const pendingActionId = await prepared(BLOCK, 'adele@contoso.test');
      const slow = gate<void>();
      actions.hold = slow.promise;

      const { answer } = await clickCard(dialogFor(BLOCK, 20), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', replyToId: 'confirmation-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Block sign-in…');
      expect(actions.changes).toEqual([]);

      slow.open();
      await tasks.drain();
      expect(actions.changes).toEqual([{ actionId: 'user.blockSignIn', userId: 'u-adele', by: ADA.userId }]);
    });
  });
});
