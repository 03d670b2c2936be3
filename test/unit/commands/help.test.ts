/**
 * Role-aware, grouped help (issue 12, "Help and words"): for every role, the help card lists
 * exactly the commands that role may run, under their groups, with next-step buttons it may use,
 * and validates against the Adaptive Card 1.5 schema. The `help` command and the cards' Help
 * button go through the same code (`commandsAvailableTo` + `helpCardFor`), which is what runs here.
 */
import type { TurnContext } from 'botbuilder';
import { commandsAvailableTo, COMMAND_GROUPS, groupOf, helpCardFor, NEXT_STEPS, sendHelp, type CommandDefinition } from '../../../bot/commands';
import { CommandRouter } from '../../../bot/command-router';
import type { VerbContext } from '../../../bot/invoke-router';
import { createVerbTable } from '../../../bot/verbs';
import { renderHelpCard, Verbs, type AdaptiveCardJson } from '../../../cards';
import { usageText } from '../../../cards/render-template';
import { MANAGEMENT_ACTION_IDS } from '../../../services/access/actions';
import type { Actor } from '../../../services/access/actor';
import { ManualClock } from '../../../services/ports/clock.port';
import { libraryErrors, schemaErrors } from '../../support/adaptive-card-validation';
import { InMemoryDirectory } from '../../support/fakes/in-memory-directory';
import { buildHarness, tempDatabase, type AccessHarness } from '../access/support/access-harness';
import { actor, people, seedContoso, TENANT_A } from '../access/support/contoso';
import { realCommandTable, realHelpRows } from './command-table';

const table = realCommandTable();
const rows = realHelpRows();

type Role = 'noRole' | 'operator' | 'fullOperator' | 'auditor' | 'tenantAdmin' | 'approver';

/** One person per role of the project (the approver is the second tenant admin, a Privileged Role Administrator). */
const ROLES: Record<Role, Actor> = {
  noRole: actor(TENANT_A, people.uma),
  operator: actor(TENANT_A, people.olga),
  fullOperator: actor(TENANT_A, people.otto),
  auditor: actor(TENANT_A, people.aud),
  tenantAdmin: actor(TENANT_A, people.ada),
  approver: actor(TENANT_A, people.pria),
};

/** Where help lists each command the bot has; a new command is a row here, in the group help shows it. */
const GROUP_OF_USAGE: Record<string, (typeof COMMAND_GROUPS)[number]> = {
  status: 'Management session',
  'turn on management': 'Management session',
  'turn off management': 'Management session',
  'block sign-in for <user>': 'Management actions',
  'block sign-in for users|department|group <…>': 'Management actions',
  'unblock sign-in for users|department|group <…>': 'Management actions',
  'revoke sessions for users|department|group <…>': 'Management actions',
  'unblock sign-in for <user>': 'Management actions',
  'revoke sessions for <user>': 'Management actions',
  'reset password for <user>': 'Management actions',
  'temporary access pass for <user>': 'Management actions',
  'set automatic replies for <user> to <message>': 'Management actions',
  'turn off automatic replies for <user>': 'Management actions',
  'remove <user> from all groups': 'Management actions',
  'remove all licences from <user>': 'Management actions',
  'add <user> to group <group>': 'Management actions',
  'remove <user> from group <group>': 'Management actions',
  'set <field> for <user> to <value>': 'Management actions',
  'assign licence <licence> to <user>': 'Management actions',
  'remove licence <licence> from <user>': 'Management actions',
  actions: 'Management actions',
  'action approvals': 'Management actions',
  // Custom actions (issue 14): tenant admins only.
  'custom actions': 'Management actions',
  'new custom action': 'Management actions',
  // Workflows tenant admins define (issue 14), with the custom actions' lifecycle: tenant admins only.
  'workflow definitions': 'Management actions',
  'new workflow': 'Management actions',
  'bulk action': 'Management actions',
  'run <custom action> for <user> [with <parameter>=<value>, …]': 'Management actions',
  // Workflows and playbooks (issue 14): operators run workflows on users in their scope; playbooks are tenant admins'.
  workflows: 'Management actions',
  'run workflow <name> for <user>': 'Management actions',
  'remediate compromised <user>': 'Management actions',
  'workflow runs': 'Management actions',
  // Workflow schedules (issue 14): tenant admins only.
  'workflow schedules': 'Management actions',
  'schedule workflow <name>': 'Management actions',
  playbooks: 'Management actions',
  'run playbook <name>': 'Management actions',
  'create service account': 'Service account & rotation',
  'switch to advanced | switch to default': 'Service account & rotation',
  'disable advanced management': 'Service account & rotation',
  'rotate password now': 'Service account & rotation',
  'force reset': 'Service account & rotation',
  'rotation history': 'Service account & rotation',
  'check policies': 'Service account & rotation',
  'configure allowed IPs': 'Service account & rotation',
  'remove allowed IPs': 'Service account & rotation',
  'grant operator <user> scope <scope> actions <actions>': 'Access & approvals',
  'revoke operator <user>': 'Access & approvals',
  'grant auditor <user>': 'Access & approvals',
  'revoke auditor <user>': 'Access & approvals',
  operators: 'Access & approvals',
  approvals: 'Access & approvals',
  'approval policy [four-eyes|self-approve]': 'Access & approvals',
  audit: 'Audit',
  'verify audit': 'Audit',
  'export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]': 'Audit',
  settings: 'Settings',
  'auto-enable on|off': 'Settings',
  'notify here': 'Settings',
  'break-glass accounts <user>, <user> | none': 'Settings',
  help: 'Help',
};

/** What each role is shown, group by group, in table order within a group. Tenant admins see every row (checked below). */
const EXPECTED: Record<Exclude<Role, 'tenantAdmin' | 'approver'>, Array<[string, string[]]>> = {
  noRole: [
    ['Management session', ['status']],
    ['Help', ['help']],
  ],
  // Olga's grant allows blocking and unblocking sign-in, not revoking sessions.
  operator: [
    ['Management session', ['status', 'turn on management', 'turn off management']],
    ['Management actions', ['bulk action', 'block sign-in for users|department|group <…>', 'unblock sign-in for users|department|group <…>', 'block sign-in for <user>', 'unblock sign-in for <user>', 'actions', 'workflows', 'run workflow <name> for <user>', 'remediate compromised <user>', 'workflow runs', 'run <custom action> for <user> [with <parameter>=<value>, …]']],
    ['Help', ['help']],
  ],
  fullOperator: [
    ['Management session', ['status', 'turn on management', 'turn off management']],
    ['Management actions', ['bulk action', 'block sign-in for users|department|group <…>', 'unblock sign-in for users|department|group <…>', 'revoke sessions for users|department|group <…>', 'block sign-in for <user>', 'unblock sign-in for <user>', 'revoke sessions for <user>', 'reset password for <user>', 'temporary access pass for <user>', 'add <user> to group <group>', 'remove <user> from group <group>', 'set automatic replies for <user> to <message>', 'turn off automatic replies for <user>', 'set <field> for <user> to <value>', 'assign licence <licence> to <user>', 'remove licence <licence> from <user>', 'remove <user> from all groups', 'remove all licences from <user>', 'actions', 'workflows', 'run workflow <name> for <user>', 'remediate compromised <user>', 'workflow runs', 'run <custom action> for <user> [with <parameter>=<value>, …]']],
    ['Help', ['help']],
  ],
  auditor: [
    ['Management session', ['status']],
    ['Service account & rotation', ['rotation history']],
    ['Audit', ['export audit [YYYY-MM-DD] [YYYY-MM-DD] [as csv|json]', 'verify audit', 'audit']],
    ['Help', ['help']],
  ],
};

const EXPECTED_BUTTONS: Record<Role, string[]> = {
  noRole: ['Status'],
  operator: ['Status', 'Turn on management session'],
  fullOperator: ['Status', 'Turn on management session'],
  auditor: ['Status', 'Audit'],
  tenantAdmin: ['Status', 'Turn on management session', 'Settings', 'Audit'],
  approver: ['Status', 'Turn on management session', 'Settings', 'Audit'],
};

interface CardAction {
  type: string;
  title: string;
  style?: string;
  data: { msteams: { type: string; value: string } };
}

/** The groups a help card shows: each heading with the usage lines under it. */
function groupsShown(card: AdaptiveCardJson): Array<[string, string[]]> {
  const body = card.body as Array<{ type: string; items?: Array<{ type: string; text?: string; facts?: Array<{ title: string }> }> }>;
  return body
    .filter((element) => element.type === 'Container')
    .map((container) => {
      const items = container.items ?? [];
      const heading = items.find((item) => item.type === 'TextBlock')?.text ?? '';
      const facts = items.find((item) => item.type === 'FactSet')?.facts ?? [];
      return [heading, facts.map((fact) => fact.title)];
    });
}

function shownAsUsage(expected: Array<[string, string[]]>): Array<[string, string[]]> {
  return expected.map(([group, usages]) => [group, usages.map(usageText)]);
}

describe('help groups: every command has its place', () => {
  it('when the real command table is grouped, then every help row is in the group the table above names, and none is "Other"', () => {
    expect(Object.fromEntries(rows.map((row) => [row.usage, groupOf(row)]))).toEqual(GROUP_OF_USAGE);
  });

  it('when a row declares a group, then help uses it over its capability\'s', () => {
    expect(groupOf({ id: 'audit.view', usage: 'audit', capability: 'audit.view', group: 'Settings' })).toBe('Settings');
    expect(groupOf({ id: 'someday', usage: 'someday' })).toBe('Other');
  });

  it('when a next-step button is clicked, then the text it sends runs the row it stands for', () => {
    const router = new CommandRouter(table);
    for (const step of NEXT_STEPS) {
      const route = router.route(step.sendText);
      expect(route.kind === 'intent' ? route.intent.id : route.kind).toBe(step.rowId);
    }
  });
});

describe('role-aware grouped help: each role sees exactly what it may run', () => {
  let cleanup: () => void;
  let h: AccessHarness;
  const cards = {} as Record<Role, AdaptiveCardJson>;
  const visible = {} as Record<Role, CommandDefinition[]>;

  beforeAll(async () => {
    const database = tempDatabase();
    cleanup = database.cleanup;
    const directory = new InMemoryDirectory();
    seedContoso(directory, TENANT_A);
    h = buildHarness({ dbPath: database.dbPath, directory, clock: new ManualClock() });
    const someActions = MANAGEMENT_ACTION_IDS.filter((id) => id === 'user.blockSignIn' || id === 'user.unblockSignIn');
    await h.grants.grantOperator(ROLES.tenantAdmin, { operator: people.olga.userId, scope: [{ kind: 'department', value: 'Sales' }], actions: someActions });
    await h.grants.grantOperator(ROLES.tenantAdmin, { operator: people.otto.userId, scope: [{ kind: 'department', value: 'Finance' }], actions: [...MANAGEMENT_ACTION_IDS] });
    await h.grants.grantAuditor(ROLES.tenantAdmin, people.aud.userId);
    const available = commandsAvailableTo(table, h.authorization);
    for (const role of Object.keys(ROLES) as Role[]) {
      visible[role] = await available(ROLES[role]);
      cards[role] = helpCardFor(visible[role]);
    }
  });

  afterAll(() => {
    h.close();
    cleanup();
  });

  it.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)('when %s asks for help, then the card shows exactly their commands, grouped', (role) => {
    expect(groupsShown(cards[role])).toEqual(shownAsUsage(EXPECTED[role]));
  });

  it.each(['tenantAdmin', 'approver'] as const)('when %s asks for help, then the card shows every command once, in its group, groups in order', (role) => {
    const expected = COMMAND_GROUPS.map((group): [string, string[]] => [group, rows.filter((row) => GROUP_OF_USAGE[row.usage] === group).map((row) => row.usage)]).filter(
      ([, usages]) => usages.length > 0,
    );
    expect(groupsShown(cards[role])).toEqual(shownAsUsage(expected));
    expect(visible[role].map((row) => row.usage)).toEqual(rows.map((row) => row.usage));
  });

  it.each(Object.keys(ROLES) as Role[])('when %s asks for help, then no command outside their capabilities is listed', async (role) => {
    const capabilities = new Set<string>(await h.authorization.capabilitiesOf(ROLES[role]));
    const listed = groupsShown(cards[role]).flatMap(([, usages]) => usages);
    for (const row of rows) {
      // The row's capability, read from the catalogue by hand: auto-enable is a settings change.
      // A bulk row (`<action>.bulk`) is offered to whoever holds its action.
      const allowed = capabilities.has(row.id === 'settings.autoEnable' ? 'settings.update' : (row.capability ?? row.id.replace(/\.bulk$/, '')));
      expect([row.usage, listed.includes(usageText(row.usage))]).toEqual([row.usage, allowed]);
    }
  });

  it.each(Object.keys(ROLES) as Role[])('when %s asks for help, then the next-step buttons are the ones they may use, each sending a command they may run', (role) => {
    const actions = (cards[role].actions ?? []) as CardAction[];
    expect(actions.map((action) => action.title)).toEqual(EXPECTED_BUTTONS[role]);
    const router = new CommandRouter(visible[role]);
    for (const action of actions) {
      expect(action).toMatchObject({ type: 'Action.Submit', data: { msteams: { type: 'imBack' } } });
      expect(router.route(action.data.msteams.value).kind).toBe('intent');
    }
    expect(actions.find((action) => action.title === 'Turn on management session')?.style ?? 'positive').toBe('positive');
  });

  it.each(Object.keys(ROLES) as Role[])('when the help card of %s is validated, then it is a valid Adaptive Card 1.5', (role) => {
    const card = cards[role];
    expect(card.version).toBe('1.5');
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it.each(Object.keys(ROLES) as Role[])('when %s clicks a card\'s Help button, then the answer is the same card as typing help', async (role) => {
    const verbs = createVerbTable(commandsAvailableTo(table, h.authorization));
    const showHelp = verbs.find((verb) => verb.verb === Verbs.showHelp);
    const clicked = await showHelp?.handle({ actor: ROLES[role] } as VerbContext);
    let typed: AdaptiveCardJson | undefined;
    const turn = { sendActivity: async (activity: { attachments?: Array<{ content: AdaptiveCardJson }> }) => void (typed = activity.attachments?.[0]?.content) } as unknown as TurnContext;
    await sendHelp({ turn, availableCommands: () => commandsAvailableTo(table, h.authorization)(ROLES[role]) });
    expect(clicked).toEqual({ card: cards[role] });
    expect(typed).toEqual(cards[role]);
  });

  it('when the directory cannot say who the caller is, then help offers only the open commands', async () => {
    const failing = { capabilitiesOf: async (): Promise<never> => Promise.reject(new Error('directory down')) };
    const shown = await commandsAvailableTo(table, failing)(ROLES.tenantAdmin);
    expect(shown.map((row) => row.usage)).toEqual(['help', 'status']);
  });
});

describe('help card without groups', () => {
  it('when only a flat list is given, then it is shown without a heading and is still valid', () => {
    const card = renderHelpCard({ commands: [{ usage: 'help', description: 'Shows what I can do.' }] });
    expect(groupsShown(card)).toEqual([['', ['help']]]);
    expect(card.actions).toEqual([]);
    expect(schemaErrors(card)).toEqual([]);
    expect(libraryErrors(card)).toEqual([]);
  });
});
