/**
 * RunActionDialog on privileged targets (issue 12 §8) and on commands that name nobody
 * (issue 12 §5): table-driven, in the style of run-action.dialog.test.ts.
 */
import { ACTION_CHAT_ROWS, type ActionChatRow } from '../../../dialogs/actions/action-rows';
import { RunActionDialog } from '../../../dialogs/actions/run-action.dialog';
import type { PrivilegedReason } from '../../../services/access/privileged-target.service';
import { ActionError } from '../../../services/actions/action-errors';
import { createLogger } from '../../../services/logger';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import { ADA, buttonsOf, cardOf, cardText, clickCard, expectValidCard, typeCommand } from '../../support/dialog-test';
import { FakeManagementActions } from './support/fake-actions';

function rowOf(actionId: string): ActionChatRow {
  const row = ACTION_CHAT_ROWS.find((candidate) => candidate.actionId === actionId);
  if (!row) throw new Error(`no chat row for ${actionId}`);
  return row;
}

const BLOCK = rowOf('user.blockSignIn');

describe('RunActionDialog: privileged targets and empty targets', () => {
  let actions: FakeManagementActions;
  let tasks: BackgroundTasks;

  const dialogFor = (row: ActionChatRow): RunActionDialog => new RunActionDialog(row, { actions, budget: { tasks, botAppId: '' } });

  /** Types the command and clicks the first card's Confirm; returns the answer to that click. */
  async function confirmOnce(row: ActionChatRow, user: string) {
    const { answer } = await typeCommand(dialogFor(row), `${row.confirmTitle.toLowerCase()} for ${user}`, { user });
    const confirm = buttonsOf(cardOf(answer)).find((button) => button.data?.['decision'] === 'confirm');
    const pendingActionId = confirm?.data?.['pendingActionId'];
    if (typeof pendingActionId !== 'string') throw new Error('no pending action id on the first card');
    const clicked = await clickCard(dialogFor(row), row.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', id: 'first-confirm' });
    return { pendingActionId, card: cardOf(clicked.answer) };
  }

  beforeEach(() => {
    actions = new FakeManagementActions();
    actions.addUser('adele@contoso.test', 'Adele Vance');
    actions.addUser('megan.bowen@contoso.test', 'Megan Bowen');
    actions.addUser('ada@contoso.test', 'Ada Admin');
    actions.addUser('breakglass@contoso.test', 'Emergency Access');
    actions.privileged.set('megan.bowen@contoso.test', [{ kind: 'directoryRole', roleNames: ['Global Administrator'] }]);
    actions.privileged.set('ada@contoso.test', [{ kind: 'self' }, { kind: 'directoryRole', roleNames: ['Global Administrator', 'User Administrator'] }]);
    actions.privileged.set('breakglass@contoso.test', [{ kind: 'directoryRole', roleNames: ['Global Administrator'] }, { kind: 'breakGlass' }]);
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
  });

  afterEach(async () => {
    await tasks.drain();
  });

  describe('a privileged target', () => {
    it.each<{ name: string; user: string; says: string[] }>([
      { name: 'another Global Administrator', user: 'megan.bowen@contoso.test', says: ['Megan Bowen holds Global Administrator.'] },
      { name: 'your own account', user: 'ada@contoso.test', says: ['This is your own account.', 'Ada Admin holds Global Administrator and User Administrator.'] },
      { name: 'a break-glass account', user: 'breakglass@contoso.test', says: ['Emergency Access is listed as a break-glass (emergency access) account.'] },
    ])('when the first Confirm is clicked for $name, then a second card names why and nothing runs', async ({ user, says }) => {
      const { pendingActionId, card } = await confirmOnce(BLOCK, user);

      expectValidCard(card);
      expect(cardText(card)).toContain('Please confirm again');
      for (const sentence of says) expect(cardText(card)).toContain(sentence);
      expect(buttonsOf(card).map((button) => [button.title, button.verb, button.data?.['decision'], button.data?.['pendingActionId']])).toEqual([
        ['Yes, block sign-in', BLOCK.verb, 'confirm', pendingActionId],
        ['Cancel', BLOCK.verb, 'cancel', pendingActionId],
      ]);
      expect(actions.changes).toEqual([]);
      expect(actions.privilegedConfirmations).toEqual([]);
    });

    it('when the second Confirm is clicked, then the action runs once and the confirmation is recorded', async () => {
      const { card: second } = await confirmOnce(BLOCK, 'megan.bowen@contoso.test');
      const yes = buttonsOf(second).find((button) => button.title === 'Yes, block sign-in');

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { ...yes?.data }, { step: 'confirm', id: 'second-confirm' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Done: Block sign-in');
      expect(actions.changes).toEqual([{ actionId: 'user.blockSignIn', userId: 'u-megan.bowen', by: ADA.userId }]);
      expect(actions.blocked.has('u-megan.bowen')).toBe(true);
      expect(actions.privilegedConfirmations).toEqual([{ pendingActionId: yes?.data?.['pendingActionId'], userId: 'u-megan.bowen', reasons: ['directoryRole'] }]);
    });

    it('when the second Confirm is delivered twice, then the action runs once and the repeat says it was already answered', async () => {
      const { card: second } = await confirmOnce(BLOCK, 'megan.bowen@contoso.test');
      const data = { ...buttonsOf(second)[0]?.data };
      await clickCard(dialogFor(BLOCK), BLOCK.verb, data, { step: 'confirm', id: 'second-confirm' });

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, data, { step: 'confirm', id: 'second-confirm-redelivered' });

      expect(cardText(cardOf(answer))).toContain('This confirmation was already answered; nothing was run again.');
      expect(actions.changes).toHaveLength(1);
      expect(actions.privilegedConfirmations).toHaveLength(1);
    });

    it('when the first Confirm is delivered again, then the second card is shown again and nothing runs', async () => {
      const { pendingActionId } = await confirmOnce(BLOCK, 'megan.bowen@contoso.test');

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm', id: 'first-confirm-redelivered' });

      expect(cardText(cardOf(answer))).toContain('Megan Bowen holds Global Administrator.');
      expect(actions.changes).toEqual([]);
    });

    it('when Cancel is clicked on the second card, then nothing changes', async () => {
      const { card: second } = await confirmOnce(BLOCK, 'megan.bowen@contoso.test');
      const cancel = buttonsOf(second).find((button) => button.title === 'Cancel');

      const { answer } = await clickCard(dialogFor(BLOCK), BLOCK.verb, { ...cancel?.data }, { step: 'confirm' });

      expect(cardText(cardOf(answer))).toMatch(/cancelled/i);
      expect(cardText(cardOf(answer))).toContain('Nothing was changed.');
      expect(actions.changes).toEqual([]);
      expect(actions.blocked.has('u-megan.bowen')).toBe(false);
    });

    it('when the target is not privileged, then the first Confirm runs the action without a second card', async () => {
      const { card } = await confirmOnce(BLOCK, 'adele@contoso.test');

      expect(cardText(card)).toContain('Done: Block sign-in');
      expect(actions.changes).toEqual([{ actionId: 'user.blockSignIn', userId: 'u-adele', by: ADA.userId }]);
      expect(actions.privilegedConfirmations).toEqual([]);
    });

    it('when a target became privileged after the first card (a role was assigned meanwhile), then the first Confirm still asks again', async () => {
      const reasons: PrivilegedReason[] = [{ kind: 'directoryRole', roleNames: ['Helpdesk Administrator'] }];
      const { answer } = await typeCommand(dialogFor(BLOCK), 'block sign-in for adele@contoso.test', { user: 'adele@contoso.test' });
      const pendingActionId = buttonsOf(cardOf(answer))[0]?.data?.['pendingActionId'];
      actions.privileged.set('adele@contoso.test', reasons);

      const clicked = await clickCard(dialogFor(BLOCK), BLOCK.verb, { pendingActionId, decision: 'confirm' }, { step: 'confirm' });

      expect(cardText(cardOf(clicked.answer))).toContain('Adele Vance holds Helpdesk Administrator.');
      expect(actions.changes).toEqual([]);
    });
  });

  describe('a command that names nobody', () => {
    it.each<{ typed: string; user: unknown }>([
      { typed: 'block sign-in', user: undefined },
      { typed: 'block sign-in for', user: 'for' },
      { typed: 'block sign-in for <user>', user: 'for' },
      { typed: 'block sign-in   ', user: '   ' },
      { typed: 'block sign-in ""', user: '""' },
      { typed: "block sign-in ''", user: "''" },
      { typed: 'block sign-in for the user', user: 'the user' },
      { typed: 'block sign-in on', user: 'on' },
      { typed: 'block sign-in ...', user: '...' },
      { typed: 'block sign-in for -', user: '-' },
      { typed: 'a card with a number for the user', user: 42 },
    ])('when "$typed" is typed, then the answer asks which user with an example and nothing is looked up or held', async ({ typed, user }) => {
      const prepare = actions.prepare.bind(actions);
      const looked: string[] = [];
      actions.prepare = async (actor, actionId, query, options) => {
        looked.push(query);
        return prepare(actor, actionId, query, options);
      };

      const { answer } = await typeCommand(dialogFor(BLOCK), typed, user === undefined ? {} : { user });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Which user?');
      expect(cardText(card)).toContain('block sign-in for adele@contoso.com');
      expect(cardText(card)).toContain('Nothing was changed.');
      expect(looked).toEqual([]);
      expect(actions.pending.size).toBe(0);
      expect(actions.changes).toEqual([]);
    });

    it.each(ACTION_CHAT_ROWS.map((row) => ({ actionId: row.actionId, row })))('when $actionId names nobody, then its own command is the example', async ({ row }) => {
      const { answer } = await typeCommand(dialogFor(row), row.confirmTitle.toLowerCase(), {});

      expect(cardText(cardOf(answer))).toContain(row.usage.replace('<user>', 'adele@contoso.com').replace(/<([^<>]+)>/g, '\u2039$1\u203a'));
    });

    it('when the target is named after a stray "for", then that name is looked up', async () => {
      const { answer } = await typeCommand(dialogFor(BLOCK), 'block sign-in for for adele@contoso.test', { user: 'for adele@contoso.test' });

      expect(cardText(cardOf(answer))).toContain('Block sign-in for Adele Vance (adele@contoso.test)?');
    });

    it('when the service itself is asked with no user, then it refuses with the same code', async () => {
      await expect(actions.prepare(ADA, BLOCK.actionId, '')).rejects.toBeInstanceOf(ActionError);
    });
  });
});
