import { Verbs } from '../../../cards';
import { DisableAdvancedManagementDialog } from '../../../dialogs/service-account/disable-advanced-management.dialog';
import { ModeRequester } from '../../../dialogs/service-account/mode-request';
import { SwitchRetry } from '../../../dialogs/service-account/switch-retry';
import type { Actor } from '../../../services/access/actor';
import { createLogger } from '../../../services/logger';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import type { OpenSwitch } from '../../../services/service-account/mode-switch.types';
import { ADA, BEN, buttonsOf, cardOf, cardText, clickCard, expectValidCard, NORA, PLAIN_VIEWER, typeCommand } from '../../support/dialog-test';
import { ACCOUNT, FakeTenantModes, modeRequesterDependencies, RecordingApprovalCards, RecordingProgressCards } from './support/fake-service-account';

const CONFIRM_BUTTON = 'Ask for approval to disable';

describe('DisableAdvancedManagementDialog', () => {
  let modes: FakeTenantModes;
  let approvalCards: RecordingApprovalCards;
  let progress: RecordingProgressCards;
  let tasks: BackgroundTasks;
  let dialog: DisableAdvancedManagementDialog;

  beforeEach(() => {
    modes = new FakeTenantModes();
    modes.mode = 'advanced';
    approvalCards = new RecordingApprovalCards();
    progress = new RecordingProgressCards();
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
    dialog = new DisableAdvancedManagementDialog({
      settings: modes,
      requester: new ModeRequester(modeRequesterDependencies(modes, approvalCards, progress)),
      switches: new SwitchRetry({ modeSwitch: modes, progress, tasks }),
      botAppId: '',
    });
  });

  afterEach(async () => {
    await tasks.drain();
  });

  it('when the steps are listed, then they are confirmation, request and retry', () => {
    expect(dialog.stepNames()).toEqual(['confirmation', 'request', 'retry']);
  });

  describe('the confirmation step', () => {
    it.each<{ name: string; arrange: () => void; actor?: Actor; title: string; says: string[]; buttons: string[] }>([
      {
        name: 'there is a service account',
        arrange: () => undefined,
        title: 'Disable advanced management',
        says: [ACCOUNT.userPrincipalName, 'Global Administrator', ACCOUNT.secretName],
        buttons: [CONFIRM_BUTTON, 'Cancel'],
      },
      { name: 'the mode is Advanced but no account is recorded', arrange: () => void (modes.account = undefined), title: 'Disable advanced management', says: [], buttons: [CONFIRM_BUTTON, 'Cancel'] },
      {
        name: 'there is nothing to disable',
        arrange: () => {
          modes.account = undefined;
          modes.mode = 'default';
        },
        title: 'Nothing to disable',
        says: ['There is no management service account to disable.'],
        buttons: ['Open settings'],
      },
      { name: 'the user is not a tenant admin', arrange: () => undefined, actor: NORA, title: "You can't do that", says: ['ask Ada Admin'], buttons: ['Show help'] },
    ])('when "disable advanced management" is typed and $name, then the answer is "$title" and nothing is requested', async ({ arrange, actor, title, says, buttons }) => {
      arrange();

      const { answer } = await typeCommand(dialog, 'disable advanced management', {}, { actor: actor ?? ADA, ...(actor ? { viewer: PLAIN_VIEWER } : {}) });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      for (const words of says) expect(cardText(card)).toContain(words);
      expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
      expect(modes.requests).toEqual([]);
    });

    it('when the confirmation is shown, then its confirm button asks for the request step and carries nothing about the account', async () => {
      const { answer } = await typeCommand(dialog, 'disable advanced management');

      const confirm = buttonsOf(cardOf(answer)).find((button) => button.title === CONFIRM_BUTTON);
      expect(confirm).toEqual({ title: CONFIRM_BUTTON, verb: Verbs.advancedDisableConfirm, data: { confirmed: true } });
    });
  });

  describe('the request step', () => {
    it.each<{ name: string; data: Record<string, unknown>; requested: boolean }>([
      { name: 'the confirmation card says confirmed: true', data: { confirmed: true }, requested: true },
      { name: 'the card names the request step', data: { step: 'request' }, requested: true },
      { name: 'the card says confirmed: "true" (text, not the card’s own value)', data: { confirmed: 'true' }, requested: false },
      { name: 'the card says confirmed: false', data: { confirmed: false }, requested: false },
    ])('when $name, then a disable is requested: $requested', async ({ data, requested }) => {
      const { answer } = await clickCard(dialog, Verbs.advancedDisableConfirm, data, { replyToId: 'confirmation-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(requested ? 'Approval requested: disable advanced management' : CONFIRM_BUTTON);
      expect(modes.requests.map((request) => request.kind)).toEqual(requested ? ['advanced.disable'] : []);
      expect(approvalCards.published).toHaveLength(requested ? 1 : 0);
    });

    it('when the disable is requested, then the card names the account and the approved change will replace the clicked card', async () => {
      const { answer } = await clickCard(dialog, Verbs.advancedDisableConfirm, { confirmed: true }, { replyToId: 'confirmation-card' });

      expect(cardText(cardOf(answer))).toContain(ACCOUNT.userPrincipalName);
      expect([...progress.requestCards.keys()]).toEqual([modes.requests[0]?.id]);
      expect(modes.requests[0]?.requester.userId).toBe(ADA.userId);
    });

    it.each<{ name: string; arrange: () => Promise<void> | void; actor?: Actor; title: string; says: string; requests: number }>([
      {
        name: 'a disable is already waiting for approval',
        arrange: async () => void (await modes.requestDisableAdvanced(ADA.tenantId, BEN)),
        title: 'Already waiting for approval: disable advanced management',
        says: 'no second one was sent',
        requests: 1,
      },
      {
        name: 'the account was removed meanwhile',
        arrange: () => {
          modes.account = undefined;
          modes.mode = 'default';
        },
        title: 'Nothing was requested',
        says: 'There is no management service account to disable.',
        requests: 0,
      },
      { name: 'the confirmer is not a tenant admin', arrange: () => undefined, actor: NORA, title: "You can't do that", says: 'ask Ada Admin', requests: 0 },
    ])('when $name, then the answer is "$title"', async ({ arrange, actor, title, says, requests }) => {
      await arrange();

      const { answer } = await clickCard(dialog, Verbs.advancedDisableConfirm, { confirmed: true }, { replyToId: 'confirmation-card', actor: actor ?? ADA, ...(actor ? { viewer: PLAIN_VIEWER } : {}) });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(says);
      expect(modes.requests).toHaveLength(requests);
    });
  });

  describe('the retry step', () => {
    it.each<{ name: string; data: Record<string, unknown>; open: OpenSwitch | undefined; title: string; resumed: boolean }>([
      { name: 'a failed disable', data: { retry: true }, open: { approvalId: 'd-1', kind: 'advanced.disable', targetMode: 'none' }, title: 'Disabling advanced management', resumed: true },
      { name: 'a failed disable, from a card that names the step', data: { step: 'retry' }, open: { approvalId: 'd-2', kind: 'advanced.disable', targetMode: 'none' }, title: 'Disabling advanced management', resumed: true },
      { name: 'no unfinished disable', data: { retry: 'true' }, open: undefined, title: CONFIRM_BUTTON, resumed: false },
      { name: 'only an unfinished switch of type', data: { retry: true }, open: { approvalId: 'm-1', kind: 'mode.change', targetMode: 'advanced' }, title: CONFIRM_BUTTON, resumed: false },
    ])('when Retry is clicked with $name, then the answer is "$title" and nothing new is requested', async ({ data, open, title, resumed }) => {
      modes.open = open;

      const { answer } = await clickCard(dialog, Verbs.advancedDisableConfirm, data, { replyToId: 'failed-disable-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      await tasks.drain();
      expect(modes.resumed.map((run) => run.approvalId)).toEqual(resumed && open ? [open.approvalId] : []);
      expect(progress.adopted).toEqual(resumed && open ? [{ approvalId: open.approvalId, target: 'posted' }] : []);
      expect(modes.requests).toEqual([]);
    });
  });
});
