import { DialogTurnStatus } from 'botbuilder-dialogs';
import { GrantOperatorDialog, type GrantOperatorOptions } from '../../../dialogs/access/grant-operator.dialog';
import { ADA, dialogTestClient } from '../../support/dialog-test';
import { converse, type Exchange } from './support/conversation';
import { RecordingPreparer } from './support/recording-preparer';

const ASK_OPERATOR = 'Who should become an operator?';
const ASK_SCOPE = 'Which users may they manage?';
const ASK_ACTIONS = 'Which actions may they run?';
const CONFIRMATION = 'Grant operator access?';
const CANCELLED = 'Cancelled. Nothing was changed.';

describe('GrantOperatorDialog', () => {
  let preparer: RecordingPreparer;

  beforeEach(() => {
    preparer = new RecordingPreparer();
  });

  it.each<{ name: string; given: GrantOperatorOptions; exchanges: Exchange[]; collected: { operator: string; scope: string; actions: string } }>([
    {
      name: 'everything is on the command line',
      given: { operator: 'alex@contoso.test', scope: 'department Sales', actions: 'all' },
      exchanges: [{ user: 'grant operator alex@contoso.test scope department Sales actions all', bot: [CONFIRMATION] }],
      collected: { operator: 'alex@contoso.test', scope: 'department Sales', actions: 'all' },
    },
    {
      name: 'nothing is on the command line',
      given: {},
      exchanges: [
        { user: 'grant operator', bot: [ASK_OPERATOR] },
        { user: 'alex@contoso.test', bot: [ASK_SCOPE] },
        { user: 'department "Help Desk"', bot: [ASK_ACTIONS] },
        { user: 'block sign-in and revoke sessions', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'department "Help Desk"', actions: 'block sign-in and revoke sessions' },
    },
    {
      name: 'only the operator is on the command line',
      given: { operator: 'alex@contoso.test' },
      exchanges: [
        { user: 'grant operator alex@contoso.test', bot: [ASK_SCOPE] },
        { user: 'users sam@contoso.test, kim@contoso.test', bot: [ASK_ACTIONS] },
        { user: 'all', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'users sam@contoso.test, kim@contoso.test', actions: 'all' },
    },
    {
      name: 'the command line has the scope but not the actions',
      given: { operator: 'alex@contoso.test', scope: 'all users including admins' },
      exchanges: [
        { user: 'grant operator alex@contoso.test scope all users including admins', bot: [ASK_ACTIONS] },
        { user: 'revoke sessions', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'all users including admins', actions: 'revoke sessions' },
    },
    {
      name: 'a group is named by name instead of id before a valid scope',
      given: { operator: 'alex@contoso.test', actions: 'all' },
      exchanges: [
        { user: 'grant operator alex@contoso.test actions all', bot: [ASK_SCOPE] },
        { user: 'group Sales Team', bot: ['Name the group by its object id'] },
        { user: 'all users', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'all users', actions: 'all' },
    },
    {
      name: 'a scope the parser does not understand comes before a valid one',
      given: { operator: 'alex@contoso.test', actions: 'all' },
      exchanges: [
        { user: 'grant operator alex@contoso.test actions all', bot: [ASK_SCOPE] },
        { user: 'everyone in building 7', bot: ['I didn\'t understand the scope "everyone in building 7". Try: department Sales'] },
        { user: 'department Sales', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'department Sales', actions: 'all' },
    },
    {
      name: 'an unknown action comes before a valid list',
      given: { operator: 'alex@contoso.test', scope: 'department Sales' },
      exchanges: [
        { user: 'grant operator alex@contoso.test scope department Sales', bot: [ASK_ACTIONS] },
        { user: 'block sign-in, format disk', bot: ['I don\'t know the action "format disk"'] },
        { user: 'block sign-in', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'department Sales', actions: 'block sign-in' },
    },
    {
      name: 'a blank user name comes before a real one',
      given: {},
      exchanges: [
        { user: 'grant operator', bot: [ASK_OPERATOR] },
        { user: '   ', bot: [ASK_OPERATOR] },
        { user: 'alex@contoso.test', bot: [ASK_SCOPE] },
        { user: 'all users', bot: [ASK_ACTIONS] },
        { user: 'all', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'all users', actions: 'all' },
    },
    {
      name: 'the user asks for "help" while a question waits',
      given: { operator: 'alex@contoso.test' },
      exchanges: [
        { user: 'grant operator alex@contoso.test', bot: [ASK_SCOPE] },
        { user: 'help', bot: ["I'm collecting an operator grant"] },
        { user: 'department Sales', bot: [ASK_ACTIONS] },
        { user: 'all', bot: [CONFIRMATION] },
      ],
      collected: { operator: 'alex@contoso.test', scope: 'department Sales', actions: 'all' },
    },
  ])('when $name, then the preparer gets exactly what was collected and its confirmation card is the answer', async ({ given, exchanges, collected }) => {
    const client = dialogTestClient(new GrantOperatorDialog(preparer), given);

    await converse(client, exchanges);

    expect(preparer.requests).toEqual([{ kind: 'operator.grant', actorId: ADA.userId, input: collected, correlationId: `corr-turn-${exchanges.length}` }]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  it.each<{ name: string; given: GrantOperatorOptions; before: Exchange[]; cancel: string }>([
    { name: '"cancel" at the first question', given: {}, before: [{ user: 'grant operator', bot: [ASK_OPERATOR] }], cancel: 'cancel' },
    { name: '"Stop." at the scope question', given: { operator: 'alex@contoso.test' }, before: [{ user: 'grant operator alex@contoso.test', bot: [ASK_SCOPE] }], cancel: 'Stop.' },
    {
      name: '"please, never mind" at the actions question',
      given: { operator: 'alex@contoso.test', scope: 'department Sales' },
      before: [{ user: 'grant operator alex@contoso.test scope department Sales', bot: [ASK_ACTIONS] }],
      cancel: 'please, never mind',
    },
    {
      name: '"cancel" after mentioning the bot in a channel, following a re-prompt',
      given: { operator: 'alex@contoso.test' },
      before: [
        { user: 'grant operator alex@contoso.test', bot: [ASK_SCOPE] },
        { user: 'group Sales', bot: ['Name the group by its object id'] },
      ],
      cancel: '<at>Management Bot</at> cancel',
    },
  ])('when the user answers $name, then it ends with "Cancelled. Nothing was changed." and nothing is prepared', async ({ given, before, cancel }) => {
    const client = dialogTestClient(new GrantOperatorDialog(preparer), given);
    await converse(client, before);

    await converse(client, [{ user: cancel, bot: [CANCELLED] }], before.length + 1);

    expect(preparer.requests).toEqual([]);
    expect(client.dialogTurnResult.status).toBe(DialogTurnStatus.complete);
  });

  it('when a new grant starts after a cancel, then it asks from the beginning and keeps nothing of the cancelled one', async () => {
    const client = dialogTestClient(new GrantOperatorDialog(preparer), {});
    await converse(client, [
      { user: 'grant operator', bot: [ASK_OPERATOR] },
      { user: 'alex@contoso.test', bot: [ASK_SCOPE] },
      { user: 'cancel', bot: [CANCELLED] },
    ]);

    await converse(
      client,
      [
        { user: 'grant operator', bot: [ASK_OPERATOR] },
        { user: 'sam@contoso.test', bot: [ASK_SCOPE] },
        { user: 'all users', bot: [ASK_ACTIONS] },
        { user: 'all', bot: [CONFIRMATION] },
      ],
      4,
    );

    expect(preparer.requests.map((request) => request.input)).toEqual([{ operator: 'sam@contoso.test', scope: 'all users', actions: 'all' }]);
  });
});
