import { DialogTurnStatus } from 'botbuilder-dialogs';
import { PickUserDialog, type UserChangeKind } from '../../../dialogs/access/pick-user.dialog';
import { BEN, dialogTestClient } from '../../support/dialog-test';
import { converse, type Exchange } from './support/conversation';
import { RecordingPreparer } from './support/recording-preparer';

const QUESTIONS: Record<UserChangeKind, string> = {
  'operator.revoke': 'Whose operator access should I revoke?',
  'auditor.grant': 'Who should become an auditor?',
  'auditor.revoke': 'Whose auditor access should I revoke?',
};

const CONFIRMATIONS: Record<UserChangeKind, string> = {
  'operator.revoke': 'Revoke operator access?',
  'auditor.grant': 'Grant auditor access?',
  'auditor.revoke': 'Revoke auditor access?',
};

const KINDS = Object.keys(QUESTIONS) as UserChangeKind[];

describe('PickUserDialog', () => {
  let preparer: RecordingPreparer;

  beforeEach(() => {
    preparer = new RecordingPreparer();
  });

  it.each(KINDS.map((kind) => ({ kind })))('when "$kind" names the user on the command line, then the confirmation card answers at once for that user', async ({ kind }) => {
    const client = dialogTestClient(new PickUserDialog(preparer), { kind, user: 'sam@contoso.test' }, { actor: BEN });

    await converse(client, [{ user: `${kind} sam@contoso.test`, bot: [CONFIRMATIONS[kind]] }]);

    expect(preparer.requests).toEqual([{ kind, actorId: BEN.userId, input: { user: 'sam@contoso.test' }, correlationId: 'corr-turn-1' }]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  it.each<{ name: string; kind: UserChangeKind; exchanges: (kind: UserChangeKind) => Exchange[]; user: string }>([
    ...KINDS.map((kind) => ({
      name: 'the user is asked for',
      kind,
      exchanges: (k: UserChangeKind) => [
        { user: k, bot: [QUESTIONS[k]] },
        { user: 'sam@contoso.test', bot: [CONFIRMATIONS[k]] },
      ],
      user: 'sam@contoso.test',
    })),
    {
      name: 'the answer has spaces around it',
      kind: 'auditor.grant',
      exchanges: (k) => [
        { user: k, bot: [QUESTIONS[k]] },
        { user: '   kim@contoso.test  ', bot: [CONFIRMATIONS[k]] },
      ],
      user: 'kim@contoso.test',
    },
    {
      name: 'a blank answer comes first',
      kind: 'operator.revoke',
      exchanges: (k) => [
        { user: k, bot: [QUESTIONS[k]] },
        { user: '  ', bot: [QUESTIONS[k]] },
        { user: 'alex@contoso.test', bot: [CONFIRMATIONS[k]] },
      ],
      user: 'alex@contoso.test',
    },
    {
      name: 'the user asks for "help" first',
      kind: 'auditor.revoke',
      exchanges: (k) => [
        { user: k, bot: [QUESTIONS[k]] },
        { user: 'help', bot: ["I need the user's principal name"] },
        { user: 'alex@contoso.test', bot: [CONFIRMATIONS[k]] },
      ],
      user: 'alex@contoso.test',
    },
  ])('when $kind: $name, then the preparer gets that user and its card is the answer', async ({ kind, exchanges, user }) => {
    const client = dialogTestClient(new PickUserDialog(preparer), { kind });
    const turns = exchanges(kind);

    await converse(client, turns);

    expect(preparer.requests.map((request) => [request.kind, request.input, request.correlationId])).toEqual([[kind, { user }, `corr-turn-${turns.length}`]]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  it.each(['cancel', 'Quit!', 'abort', 'bot, stop please'].map((words) => ({ words })))('when the question is answered with "$words", then it ends with "Cancelled. Nothing was changed." and nothing is prepared', async ({ words }) => {
    const client = dialogTestClient(new PickUserDialog(preparer), { kind: 'operator.revoke' });

    await converse(client, [
      { user: 'revoke operator', bot: [QUESTIONS['operator.revoke']] },
      { user: words, bot: ['Cancelled. Nothing was changed.'] },
    ]);

    expect(preparer.requests).toEqual([]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });
});
