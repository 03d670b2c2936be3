import { Verbs } from '../../../cards';
import { ChangeManagementTypeDialog, parseMode } from '../../../dialogs/service-account/change-management-type.dialog';
import { ModeRequester } from '../../../dialogs/service-account/mode-request';
import { SwitchRetry } from '../../../dialogs/service-account/switch-retry';
import { SettingsCards } from '../../../dialogs/settings/settings-card';
import type { Actor } from '../../../services/access/actor';
import { createLogger } from '../../../services/logger';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import type { OpenSwitch } from '../../../services/service-account/mode-switch.types';
import { ADA, BEN, buttonsOf, cardOf, cardsIn, cardText, clickCard, expectValidCard, NORA, PLAIN_VIEWER, typeCommand } from '../../support/dialog-test';
import { FakeTenantModes, modeRequesterDependencies, PEOPLE, RecordingApprovalCards, RecordingProgressCards } from './support/fake-service-account';

describe('ChangeManagementTypeDialog', () => {
  let modes: FakeTenantModes;
  let approvalCards: RecordingApprovalCards;
  let progress: RecordingProgressCards;
  let tasks: BackgroundTasks;
  let dialog: ChangeManagementTypeDialog;

  beforeEach(() => {
    modes = new FakeTenantModes();
    approvalCards = new RecordingApprovalCards();
    progress = new RecordingProgressCards();
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
    dialog = new ChangeManagementTypeDialog({
      requester: new ModeRequester(modeRequesterDependencies(modes, approvalCards, progress)),
      switches: new SwitchRetry({ modeSwitch: modes, progress, tasks }),
      settingsCards: new SettingsCards(modes, PEOPLE),
      botAppId: '',
    });
  });

  afterEach(async () => {
    await tasks.drain();
  });

  it('when the steps are listed, then they are request then retry', () => {
    expect(dialog.stepNames()).toEqual(['request', 'retry']);
  });

  describe('the request step', () => {
    it('when "switch to advanced" is typed, then the request card is posted, the approvers get their cards, and the approved change can replace that card', async () => {
      const { answer, replies } = await typeCommand(dialog, 'switch to advanced', { mode: 'advanced' });

      expect(answer).toBeUndefined();
      const cards = cardsIn(replies);
      expect(cards).toHaveLength(1);
      expectValidCard(cards[0]!);
      expect(cardText(cards[0]!)).toContain('Approval requested: switch to Advanced');
      expect(cardText(cards[0]!)).toContain('"value":"Default"');
      expect(modes.requests.map((request) => [request.kind, request.payload['targetMode'], request.requester.userId])).toEqual([['mode.change', 'advanced', ADA.userId]]);
      expect(approvalCards.published).toEqual([modes.requests[0]?.id]);
      expect([...progress.requestCards.keys()]).toEqual([modes.requests[0]?.id]);
      expect(modes.mode).toBe('default');
    });

    it.each<{ name: string; replyToId?: string; remembered: boolean }>([
      { name: 'on a settings card Teams identified', replyToId: 'settings-card', remembered: true },
      { name: 'on a message Teams did not identify', remembered: false },
    ])('when Switch to Advanced is clicked $name, then the clicked card becomes the request card (replaced later: $remembered)', async ({ replyToId, remembered }) => {
      const { answer, replies } = await clickCard(dialog, Verbs.modeChangeRequest, { targetMode: 'advanced' }, { ...(replyToId ? { replyToId } : {}) });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Approval requested: switch to Advanced');
      expect(cardsIn(replies)).toEqual([]);
      expect(modes.requests).toHaveLength(1);
      expect(progress.requestCards.has(modes.requests[0]!.id)).toBe(remembered);
    });

    it.each<{ given: unknown; requested: string | undefined }>([
      { given: 'advanced', requested: 'advanced' },
      { given: 'Advanced Mode', requested: 'advanced' },
      { given: '  ADVANCED  ', requested: 'advanced' },
      { given: 'turbo', requested: undefined },
      { given: '', requested: undefined },
      { given: undefined, requested: undefined },
      { given: 42, requested: undefined },
      { given: ['advanced'], requested: undefined },
    ])('when the mode given is $given, then the answer is a request for $requested, or else the question which type is meant', async ({ given, requested }) => {
      const { answer, replies } = await clickCard(dialog, Verbs.modeChangeRequest, given === undefined ? {} : { targetMode: given }, { replyToId: 'settings-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardsIn(replies)).toEqual([]);
      if (requested) {
        expect(cardText(card)).toContain('Approval requested');
        expect(modes.requests.map((request) => request.payload['targetMode'])).toEqual([requested]);
      } else {
        expect(cardText(card)).toContain('Which management type?');
        expect(cardText(card)).toContain('switch to advanced');
        expect(modes.requests).toEqual([]);
        expect(approvalCards.published).toEqual([]);
      }
    });

    it.each<{ name: string; arrange: () => Promise<void> | void; actor?: Actor; title: string; says: string; requests: number }>([
      { name: 'the tenant already uses that type', arrange: () => void (modes.mode = 'advanced'), title: 'Nothing was requested', says: 'The tenant already uses that management type.', requests: 0 },
      {
        name: 'a request for it is already waiting',
        arrange: async () => void (await modes.requestModeChange(ADA.tenantId, BEN, 'advanced')),
        title: 'Already waiting for approval: switch to Advanced',
        says: 'no second one was sent',
        requests: 1,
      },
      { name: 'a user who is not a tenant admin asks', arrange: () => undefined, actor: NORA, title: "You can't do that", says: 'ask Ada Admin', requests: 0 },
      {
        name: 'no other tenant admin can be reached',
        arrange: () => void (approvalCards.reachableChats = 0),
        title: 'Approval requested: switch to Advanced',
        says: 'No other tenant admin could be reached in Teams yet.',
        requests: 1,
      },
    ])('when $name, then the answer is "$title"', async ({ arrange, actor, title, says, requests }) => {
      await arrange();

      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, { targetMode: 'advanced' }, { replyToId: 'settings-card', actor: actor ?? ADA, ...(actor ? { viewer: PLAIN_VIEWER } : {}) });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(says);
      expect(modes.requests).toHaveLength(requests);
    });

    it('when no other tenant admin can be reached, then the requester is told at once how to go on and may cancel', async () => {
      approvalCards.reachableChats = 0;

      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, { targetMode: 'advanced' }, { replyToId: 'settings-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Nobody has been asked to approve this');
      expect(cardText(card)).toContain('Self-approve');
      expect(cardText(card)).not.toContain('Sent to');
      expect(buttonsOf(card).find((button) => button.verb === Verbs.approvalCancel)?.data).toMatchObject({ requestId: modes.requests[0]!.id });
    });

    it.each<{ who: string; actor: Actor; cancel: boolean }>([
      { who: 'the requester', actor: BEN, cancel: true },
      { who: 'another tenant admin', actor: ADA, cancel: false },
    ])('when a request is already waiting and $who asks again, then Cancel is offered: $cancel', async ({ actor, cancel }) => {
      await modes.requestModeChange(ADA.tenantId, BEN, 'advanced');

      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, { targetMode: 'advanced' }, { replyToId: 'settings-card', actor });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).not.toContain('wait for it to expire');
      expect(buttonsOf(card).some((button) => button.verb === Verbs.approvalCancel)).toBe(cancel);
    });
  });

  describe('the retry step', () => {
    it.each<{ name: string; data: Record<string, unknown>; open: OpenSwitch | undefined; title: string; resumed: boolean }>([
      { name: 'a failed switch to Advanced, from a card that says retry: true', data: { retry: true }, open: { approvalId: 'a-1', kind: 'mode.change', targetMode: 'advanced' }, title: 'Switching the management type to Advanced', resumed: true },
      { name: 'a failed switch to Default, from a card that says retry: "true"', data: { retry: 'true' }, open: { approvalId: 'a-2', kind: 'mode.change', targetMode: 'default' }, title: 'Switching the management type to Default', resumed: true },
      { name: 'a failed switch, from a card that names the step', data: { step: 'retry' }, open: { approvalId: 'a-3', kind: 'mode.change', targetMode: 'advanced' }, title: 'Switching the management type to Advanced', resumed: true },
      { name: 'no unfinished switch', data: { retry: true }, open: undefined, title: 'There is no unfinished switch to retry.', resumed: false },
      { name: 'only an unfinished disable', data: { retry: true }, open: { approvalId: 'a-4', kind: 'advanced.disable', targetMode: 'none' }, title: 'There is no unfinished switch to retry.', resumed: false },
    ])('when Retry is clicked with $name, then the answer is "$title"', async ({ data, open, title, resumed }) => {
      modes.open = open;

      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, data, { replyToId: 'failed-switch-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      await tasks.drain();
      expect(modes.resumed.map((run) => run.approvalId)).toEqual(resumed && open ? [open.approvalId] : []);
      expect(progress.adopted).toEqual(resumed && open ? [{ approvalId: open.approvalId, target: 'posted' }] : []);
      expect(modes.requests).toEqual([]);
    });

    it('when there is nothing to retry, then the settings card shows the types the admin may switch to', async () => {
      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, { retry: true });

      const buttons = buttonsOf(cardOf(answer));
      expect(buttons.some((button) => button.verb === Verbs.modeChangeRequest && button.data?.['targetMode'] === 'advanced')).toBe(true);
    });

    it('when someone who may not see settings clicks a Retry with nothing open, then the access-denied card answers', async () => {
      const { answer } = await clickCard(dialog, Verbs.modeChangeRequest, { retry: true }, { actor: NORA, viewer: PLAIN_VIEWER });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain("You can't do that");
    });
  });

  it.each<{ raw: unknown; mode: string | undefined }>([
    { raw: 'default', mode: 'default' },
    { raw: 'DEFAULT MODE', mode: 'default' },
    { raw: 'advanced mode', mode: 'advanced' },
    { raw: 'advanced-mode', mode: undefined },
    { raw: null, mode: undefined },
  ])('when the mode text is $raw, then parseMode reads $mode', ({ raw, mode }) => {
    expect(parseMode(raw)).toBe(mode);
  });
});
