import { randomUUID } from 'node:crypto';
import { Verbs } from '../../../cards';
import { ForceResetDialog } from '../../../dialogs/rotation/force-reset.dialog';
import {
  ADA,
  buttonsOf,
  cardOf,
  cardsIn,
  cardText,
  clickCard,
  correlationIdOf,
  expectValidCard,
  typeCommand,
  type ConversationType,
} from '../../support/dialog-test';
import { ACCOUNT_UPN, RotationWorld, SECRET_NAME } from './support/fake-rotation';

const CONFIRMATION_TITLE = 'Set a fresh password for the management account?';

describe('ForceResetDialog', () => {
  let world: RotationWorld;
  let dialog: ForceResetDialog;

  beforeEach(() => {
    world = new RotationWorld();
    dialog = new ForceResetDialog({ requests: world.requests, runs: world.runs });
  });

  afterEach(async () => {
    await world.tasks.drain();
  });

  it('when the steps are listed, then they are confirmation, fromNotice and confirm', () => {
    expect(dialog.stepNames()).toEqual(['confirmation', 'fromNotice', 'confirm']);
  });

  describe('the confirmation step', () => {
    it.each<{ name: string; arrange: (world: RotationWorld) => void; title: string; says: string[]; buttons: string[] }>([
      {
        name: 'the account signs in normally',
        arrange: () => undefined,
        title: CONFIRMATION_TITLE,
        says: [ACCOUNT_UPN, SECRET_NAME, 'The bot has not seen a failed sign-in'],
        buttons: ['Set a fresh password', 'Cancel'],
      },
      {
        name: 'the account is locked out',
        arrange: (w) => w.lockedOutSince('2026-01-04T22:30:00.000Z'),
        title: CONFIRMATION_TITLE,
        says: [ACCOUNT_UPN, 'No password in Key Vault signs in (since'],
        buttons: ['Set a fresh password', 'Cancel'],
      },
      {
        name: 'there is no service account',
        arrange: (w) => (w.serviceAccount = undefined),
        title: 'There is no password to rotate',
        says: [],
        buttons: [],
      },
    ])('when "force reset" is typed and $name, then the answer is "$title" and nothing runs', async ({ arrange, title, says, buttons }) => {
      arrange(world);

      const { answer } = await typeCommand(dialog, 'force reset');

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      for (const words of says) expect(cardText(card)).toContain(words);
      expect(buttonsOf(card).map((button) => button.title)).toEqual(buttons);
      await world.tasks.drain();
      expect(world.rotation.runs).toEqual([]);
    });

    it('when the confirmation is shown, then both buttons carry the confirm verb and one confirmation id, new for every card', async () => {
      const first = buttonsOf(cardOf((await typeCommand(dialog, 'force reset')).answer));
      const second = buttonsOf(cardOf((await typeCommand(dialog, 'force reset')).answer));

      expect(first.map((button) => [button.verb, button.data?.['decision']])).toEqual([
        [Verbs.rotationForceResetConfirm, 'confirm'],
        [Verbs.rotationForceResetConfirm, 'cancel'],
      ]);
      const id = first[0]?.data?.['confirmationId'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(first[1]?.data?.['confirmationId']).toBe(id);
      expect(second[0]?.data?.['confirmationId']).not.toBe(id);
    });
  });

  it.each<{ name: string; arrange: (world: RotationWorld) => void; posted: string }>([
    { name: 'there is an account', arrange: () => undefined, posted: CONFIRMATION_TITLE },
    { name: 'there is no account', arrange: (w) => (w.serviceAccount = undefined), posted: 'There is no password to rotate' },
  ])('when Set a fresh password is clicked on the lock-out notice and $name, then the notice stays and the answer is posted below it', async ({ arrange, posted }) => {
    arrange(world);

    const { answer, replies } = await clickCard(dialog, Verbs.rotationForceReset, {}, { step: 'fromNotice', replyToId: 'lock-out-notice' });

    expect(answer).toEqual({ message: 'Confirm the fresh password in the card below.' });
    const cards = cardsIn(replies);
    expect(cards).toHaveLength(1);
    expectValidCard(cards[0]!);
    expect(cardText(cards[0]!)).toContain(posted);
  });

  describe('the confirm step', () => {
    it.each<{ name: string; conversationType: ConversationType; adminChannel: boolean; says: string; followUps: string[] }>([
      { name: 'in the admin’s personal chat', conversationType: 'personal', adminChannel: false, says: "I'll post the result here.", followUps: [] },
      { name: 'in the registered admin channel', conversationType: 'channel', adminChannel: true, says: "I'll post the result here and to the admin channel.", followUps: [] },
      { name: 'in a group chat no notice reaches', conversationType: 'groupChat', adminChannel: false, says: "I'll post the result here.", followUps: ['The management account has a fresh password'] },
    ])('when confirmed $name, then one fresh password is set by the clicker and the result reaches that conversation', async ({ conversationType, adminChannel, says, followUps }) => {
      const conversationId = `conversation-${conversationType}`;
      if (adminChannel) world.settings = { ...world.settings, adminChannelConversationId: conversationId };

      const { answer } = await clickCard(dialog, Verbs.rotationForceResetConfirm, { decision: 'confirm', confirmationId: randomUUID() }, { step: 'confirm', conversationType });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain('Setting a fresh password for the management account…');
      expect(cardText(card)).toContain(says);
      await world.tasks.drain();
      expect(world.rotation.runs).toEqual([{ kind: 'forceReset', tenantId: ADA.tenantId, by: ADA.userId }]);
      expect(world.notifier.sent.map((sent) => sent.target.id)).toEqual(followUps.map(() => conversationId));
      for (const [index, words] of followUps.entries()) expect(JSON.stringify(world.notifier.sent[index]?.message.card)).toContain(words);
    });

    it.each<{ name: string; data: Record<string, unknown>; arrange: (world: RotationWorld) => void; title: string }>([
      { name: 'Cancel is clicked', data: { decision: 'cancel', confirmationId: randomUUID() }, arrange: () => undefined, title: 'Nothing was changed' },
      { name: 'the card sends no decision', data: { confirmationId: randomUUID() }, arrange: () => undefined, title: 'Nothing was changed' },
      { name: 'the card sends an unknown decision', data: { decision: 'CONFIRM!', confirmationId: randomUUID() }, arrange: () => undefined, title: 'Nothing was changed' },
      { name: 'the account was deleted meanwhile', data: { decision: 'confirm', confirmationId: randomUUID() }, arrange: (w) => (w.serviceAccount = undefined), title: 'There is no password to rotate' },
    ])('when $name, then the answer is "$title" and no password is set', async ({ data, arrange, title }) => {
      arrange(world);

      const { answer, activity } = await clickCard(dialog, Verbs.rotationForceResetConfirm, data, { step: 'confirm', id: 'confirm-click' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(title);
      expect(cardText(card)).toContain(correlationIdOf(activity));
      await world.tasks.drain();
      expect(world.rotation.runs).toEqual([]);
    });

    const sameCard = randomUUID();
    it.each<{ name: string; first: { confirmationId: string; id: string }; second: { confirmationId: string; id: string }; secondSays: string; runs: number }>([
      {
        name: 'the same card is confirmed twice',
        first: { confirmationId: sameCard, id: 'click-1' },
        second: { confirmationId: sameCard, id: 'click-2' },
        secondSays: 'That was already started',
        runs: 1,
      },
      {
        name: 'Teams redelivers a confirmation whose card id is not valid',
        first: { confirmationId: 'not-a-uuid', id: 'click-1' },
        second: { confirmationId: 'not-a-uuid', id: 'click-1' },
        secondSays: 'That was already started',
        runs: 1,
      },
      {
        name: 'two different confirmation cards are confirmed',
        first: { confirmationId: randomUUID(), id: 'click-1' },
        second: { confirmationId: randomUUID(), id: 'click-2' },
        secondSays: 'Setting a fresh password for the management account…',
        runs: 2,
      },
    ])('when $name, then the second answer is "$secondSays" and $runs run(s) start', async ({ first, second, secondSays, runs }) => {
      await clickCard(dialog, Verbs.rotationForceResetConfirm, { decision: 'confirm', confirmationId: first.confirmationId }, { step: 'confirm', id: first.id });

      const { answer } = await clickCard(dialog, Verbs.rotationForceResetConfirm, { decision: 'confirm', confirmationId: second.confirmationId }, { step: 'confirm', id: second.id });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(secondSays);
      await world.tasks.drain();
      expect(world.rotation.runs).toHaveLength(runs);
    });
  });
});
