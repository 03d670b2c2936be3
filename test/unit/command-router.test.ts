import { cleanCommandText, CommandRouter, MAX_COMMAND_TEXT_LENGTH, type IntentDefinition } from '../../bot/command-router';
import { createCommandTable } from '../../bot/commands';

describe('command router with the bot\'s command table', () => {
  const router = new CommandRouter(createCommandTable());

  it.each([
    ['help', 'help'],
    ['HELP', 'help'],
    ['  help  ', 'help'],
    ['help!', 'help'],
    ['?', 'help'],
    ['What can you do?', 'help'],
    ['please help', 'help'],
    ['Hi', 'help'],
    ['<at>Management Session Bot</at> help', 'help'],
    ['<at>Management Session Bot</at>&nbsp;what can you do', 'help'],
    ['<p><at id="0">Bot</at> help</p>', 'help'],
    ['status', 'status'],
    ['Status.', 'status'],
    ['show status', 'status'],
    ['Show me the status', 'status'],
    ['management status', 'status'],
    ['show management status', 'status'],
    ['session status', 'status'],
    ['<at>Bot</at>   MANAGEMENT    STATUS  ', 'status'],
    ['What\u2019s the status?', 'status'],
    ['hey bot, show status please', 'status'],
  ])('when the text is %j, then the intent is %s', (text, intent) => {
    const route = router.route(text);
    expect(route.kind === 'intent' ? route.intent.id : 'unknown').toBe(intent);
  });

  it.each([['make me a sandwich'], ['statuses of everything'], ['helpdesk'], [''], ['<at>Bot</at>']])(
    'when the text is %j, then it is unknown',
    (text) => {
      expect(router.route(text).kind).toBe('unknown');
    },
  );

  it('when the text is unknown, then the cleaned text is returned for the "didn\'t understand" line', () => {
    expect(router.route('<at>Bot</at>  Make  me a sandwich')).toEqual({ kind: 'unknown', text: 'Make me a sandwich' });
  });

  it('when help is listed, then every visible command has a usage and a description', () => {
    expect(router.list().map((intent) => intent.id)).toEqual(['help', 'status']);
    router.list().forEach((intent) => expect(intent.description).not.toBe(''));
  });
});

describe('command router table rows', () => {
  const rows: Array<IntentDefinition> = [
    { id: 'turn-on', usage: 'turn on management', description: 'd', patterns: ['turn on [the] management [session]', 'enable management'] },
    {
      id: 'grant',
      usage: 'grant operator <user> scope <scope> actions <actions>',
      description: 'd',
      patterns: ['grant operator {user} scope {scope} actions {actions}', 'grant operator {user} scope {scope}'],
    },
    { id: 'regex', usage: 'ticket <n>', description: 'd', patterns: [/^ticket #?(?<number>\d+)$/] },
  ];
  const router = new CommandRouter(rows);

  it.each([
    ['turn on management', 'turn-on', {}],
    ['Turn on the management session', 'turn-on', {}],
    ['enable management', 'turn-on', {}],
    [
      'grant operator adele@contoso.com scope group "Help Desk" actions reset-password, unlock',
      'grant',
      { user: 'adele@contoso.com', scope: 'group "Help Desk"', actions: 'reset-password, unlock' },
    ],
    ['grant operator Megan Bowen scope department Sales', 'grant', { user: 'Megan Bowen', scope: 'department Sales' }],
    ['grant operator "Megan Bowen" scope "Sales"', 'grant', { user: 'Megan Bowen', scope: 'Sales' }],
    ['TICKET #42', 'regex', { number: '42' }],
  ])('when the text is %j, then the intent is %s with the captured arguments', (text, id, args) => {
    const route = router.route(text);
    expect(route).toMatchObject({ kind: 'intent', intent: { id }, args });
  });

  it.each([
    // A capture ends where the words after it first match, and still takes what a later split needs.
    ['grant operator A scope B scope C actions D actions E', 'grant', { user: 'A', scope: 'B scope C', actions: 'D actions E' }],
    ['grant operator A scope B scope C', 'grant', { user: 'A', scope: 'B scope C' }],
    ['sign out a everywhere b everywhere', 'sign-out', { user: 'a everywhere b' }],
    ['move x the to y', 'move', { what: 'x', where: 'y' }],
    ['move x the the to y', 'move', { what: 'x the', where: 'y' }],
  ])('when a separator word repeats in %j, then the arguments are split as before', (text, id, args) => {
    const router = new CommandRouter<IntentDefinition>([
      ...rows,
      { id: 'sign-out', usage: 'sign out <user> everywhere', description: 'd', patterns: ['sign out {user} everywhere'] },
      { id: 'move', usage: 'move <what> to <where>', description: 'd', patterns: ['move {what} [the] to {where}'] },
    ]);
    expect(router.route(text)).toMatchObject({ kind: 'intent', intent: { id }, args });
  });

  it('when the text is longer than the limit, then it is not read: the route says too long and gives the length', () => {
    const text = `grant operator ${'x'.repeat(MAX_COMMAND_TEXT_LENGTH)}`;
    expect(router.route(text)).toEqual({ kind: 'too-long', length: text.length });
  });

  it('when the text is exactly at the limit, then it is routed', () => {
    const text = `grant operator ${'x'.repeat(MAX_COMMAND_TEXT_LENGTH - 'grant operator '.length - ' scope Sales'.length)} scope Sales`;
    expect(text).toHaveLength(MAX_COMMAND_TEXT_LENGTH);
    expect(router.route(text)).toMatchObject({ kind: 'intent', intent: { id: 'grant' }, args: { scope: 'Sales' } });
  });

  it('when two rows share an id, then the router refuses the table', () => {
    expect(() => new CommandRouter([rows[0] as IntentDefinition, rows[0] as IntentDefinition])).toThrow(/Duplicate intent/);
  });

  it('when Teams sends HTML and entities, then cleaning leaves plain text', () => {
    expect(cleanCommandText('<div><at>Bot</at>&nbsp;show&amp;tell</div>')).toBe('show&tell');
  });
});
