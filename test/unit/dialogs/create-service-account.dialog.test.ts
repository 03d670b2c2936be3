import { Verbs } from '../../../cards';
import { CreateServiceAccountDialog } from '../../../dialogs/service-account/create-service-account.dialog';
import { SwitchRetry } from '../../../dialogs/service-account/switch-retry';
import { createLogger } from '../../../services/logger';
import { BackgroundTasks } from '../../../services/service-account/background-tasks';
import type { OpenSwitch } from '../../../services/service-account/mode-switch.types';
import { ADA, BEN, cardOf, cardsIn, cardText, clickCard, expectValidCard, typeCommand, type ClickOutcome } from '../../support/dialog-test';
import { FakeCreationRunner, FakeTenantModes, RecordingProgressCards } from './support/fake-service-account';

const CREATING = 'Creating the management service account';
const SWITCHING = 'Switching the management type to Advanced';

describe('CreateServiceAccountDialog', () => {
  let creations: FakeCreationRunner;
  let modes: FakeTenantModes;
  let progress: RecordingProgressCards;
  let tasks: BackgroundTasks;
  let dialog: CreateServiceAccountDialog;

  beforeEach(() => {
    creations = new FakeCreationRunner();
    modes = new FakeTenantModes();
    modes.account = undefined;
    progress = new RecordingProgressCards();
    tasks = new BackgroundTasks(createLogger({ level: 'silent' }));
    dialog = new CreateServiceAccountDialog({ creations, switches: new SwitchRetry({ modeSwitch: modes, progress, tasks }), botAppId: '' });
  });

  afterEach(async () => {
    await tasks.drain();
  });

  it('when the steps are listed, then there is one: create', () => {
    expect(dialog.stepNames()).toEqual(['create']);
  });

  type Surface = 'the command is typed' | 'the button is clicked' | 'the button is clicked on a message Teams did not identify';
  const send: Record<Surface, (dialog: CreateServiceAccountDialog) => Promise<ClickOutcome>> = {
    'the command is typed': (d) => typeCommand(d, 'create service account'),
    'the button is clicked': (d) => clickCard(d, Verbs.serviceAccountCreate, {}, { replyToId: 'settings-card' }),
    'the button is clicked on a message Teams did not identify': (d) => clickCard(d, Verbs.serviceAccountCreate, {}),
  };

  it.each<{ surface: Surface; answered: boolean; posted: number; liveCard: 'posted' | 'unposted' }>([
    { surface: 'the command is typed', answered: false, posted: 1, liveCard: 'posted' },
    { surface: 'the button is clicked', answered: true, posted: 0, liveCard: 'posted' },
    { surface: 'the button is clicked on a message Teams did not identify', answered: true, posted: 0, liveCard: 'unposted' },
  ])('when $surface, then one creation starts and its progress card is on screen (live card $liveCard)', async ({ surface, answered, posted, liveCard }) => {
    const { answer, replies } = await send[surface](dialog);

    const shown = answered ? [cardOf(answer)] : cardsIn(replies);
    expect(shown).toHaveLength(1);
    expectValidCard(shown[0]!);
    expect(cardText(shown[0]!)).toContain(CREATING);
    if (!answered) expect(answer).toBeUndefined();
    expect(cardsIn(replies)).toHaveLength(posted);
    expect(creations.started).toEqual([{ tenantId: ADA.tenantId, by: ADA.userId, target: liveCard }]);
  });

  it.each<{ surface: Surface }>([{ surface: 'the command is typed' }, { surface: 'the button is clicked' }])(
    'when a creation already runs and $surface again, then the current progress card answers and nothing new starts',
    async ({ surface }) => {
      await typeCommand(dialog, 'create service account');

      const { answer, replies } = await send[surface](dialog);

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(CREATING);
      expect(cardsIn(replies)).toEqual([]);
      expect(creations.started).toHaveLength(1);
    },
  );

  it('when the earlier creation has finished, then the command starts a new one (the service re-checks the account)', async () => {
    await typeCommand(dialog, 'create service account');
    creations.finish(ADA.tenantId);

    await typeCommand(dialog, 'create service account', {}, { actor: BEN });

    expect(creations.started.map((start) => start.by)).toEqual([ADA.userId, BEN.userId]);
  });

  describe('an approved switch that stopped', () => {
    it.each<{ name: string; open: OpenSwitch; resumes: boolean }>([
      { name: 'a switch to Advanced', open: { approvalId: 'approval-1', kind: 'mode.change', targetMode: 'advanced' }, resumes: true },
      { name: 'a switch to Default', open: { approvalId: 'approval-2', kind: 'mode.change', targetMode: 'default' }, resumes: false },
      { name: 'a disable', open: { approvalId: 'approval-3', kind: 'advanced.disable', targetMode: 'none' }, resumes: false },
    ])('when $name is open and Retry is clicked, then it resumes only if it needs the account ($resumes)', async ({ open, resumes }) => {
      modes.open = open;

      const { answer } = await clickCard(dialog, Verbs.serviceAccountRetry, {}, { replyToId: 'failed-card' });

      const card = cardOf(answer);
      expectValidCard(card);
      expect(cardText(card)).toContain(resumes ? SWITCHING : CREATING);
      await tasks.drain();
      expect(modes.resumed).toEqual(resumes ? [{ approvalId: open.approvalId, kind: 'mode.change', by: ADA.userId }] : []);
      expect(progress.adopted).toEqual(resumes ? [{ approvalId: open.approvalId, target: 'posted' }] : []);
      expect(creations.started).toHaveLength(resumes ? 0 : 1);
    });

    it('when the switch to Advanced is resumed by a typed command, then its progress card is posted in the turn and no plain creation starts', async () => {
      modes.open = { approvalId: 'approval-1', kind: 'mode.change', targetMode: 'advanced' };

      const { answer, replies } = await typeCommand(dialog, 'create service account');

      expect(answer).toBeUndefined();
      const cards = cardsIn(replies);
      expect(cards).toHaveLength(1);
      expectValidCard(cards[0]!);
      expect(cardText(cards[0]!)).toContain(SWITCHING);
      await tasks.drain();
      expect(modes.mode).toBe('advanced');
      expect(creations.started).toEqual([]);
    });

    it('when the resumed switch is already running, then Retry shows where it stands and resumes nothing again', async () => {
      modes.open = { approvalId: 'approval-1', kind: 'mode.change', targetMode: 'advanced' };
      progress.running = cardOf((await clickCard(dialog, Verbs.serviceAccountRetry, {}, { replyToId: 'failed-card' })).answer);
      modes.open = { approvalId: 'approval-1', kind: 'mode.change', targetMode: 'advanced' };

      const { answer } = await clickCard(dialog, Verbs.serviceAccountRetry, {}, { replyToId: 'failed-card', id: 'second-click' });

      expect(cardOf(answer)).toEqual(progress.running);
      expect(progress.adopted).toHaveLength(1);
    });
  });
});
