import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import {
  buildPlaygroundConfig,
  playgroundInputFromSeed,
  renderPlaygroundConfig,
  writePlaygroundConfig,
  type PlaygroundConfigInput,
  type PlaygroundPerson,
} from '../../scripts/playground-config';
import { CONTOSO_SEED_PATH, readSeedDocument } from '../../sandbox/directory/seed';
import { BOT_APP, CONTOSO_TENANT_ID, GLOBAL_ADMIN, GROUPS, HELP_DESK_USERS } from '../../sandbox/directory/seed/contoso-ids';
import { ALL_PERSONAS, PERSONAS, contosoPlaygroundInput } from '../../scripts/local-stack/local-stack';

/**
 * The Playground ships its config schema only inside its webpack bundle, as
 * `JSON.parse('…')`. Validating against that copy (rather than a hand-written one) means a
 * Playground upgrade that changes the schema fails here, not in a developer's browser.
 */
function loadPlaygroundConfigSchema(): object {
  const bundle = readFileSync(require.resolve('@microsoft/m365agentsplayground/dist/index.js'), 'utf8');
  const marker = `JSON.parse('{"$id":"https://aka.ms/teams-app-test-tool-config/`;
  const start = bundle.indexOf(marker);
  if (start < 0) throw new Error('The Playground bundle no longer embeds its config schema where expected; update this test.');
  let i = start + "JSON.parse('".length;
  let literal = '';
  // Read the single-quoted JS string literal, undoing its escapes.
  for (; bundle[i] !== "'"; i += 1) {
    if (bundle[i] === '\\') {
      i += 1;
      const escaped = bundle[i] as string;
      literal += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escaped] ?? escaped;
    } else {
      literal += bundle[i];
    }
  }
  return JSON.parse(literal) as object;
}

function person(n: number): PlaygroundPerson {
  return {
    aadObjectId: `00000000-0000-4000-8000-00000000000${n}`,
    userPrincipalName: `user${n}@contoso.test`,
    displayName: `User Number${n}`,
    givenName: null,
    surname: null,
    mail: null,
  };
}

function input(overrides: Partial<PlaygroundConfigInput> = {}): PlaygroundConfigInput {
  return {
    tenantId: '4ADCE8BA-2C36-4B8C-A107-B99D651DF207',
    bot: { id: '28:bot', name: 'Management Session Bot' },
    currentUser: person(0),
    users: [1, 2, 3, 4, 5].map(person),
    team: { name: 'IT Support', aadGroupId: '452485c0-0e21-48b5-8cb7-695ca308c618' },
    ...overrides,
  };
}

/** The file is JSON after its comment header; YAML 1.2 reads it the same way. */
function parseWritten(text: string): unknown {
  return JSON.parse(
    text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n'),
  );
}

describe('Agents Playground config generator', () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    validate = new Ajv({ allErrors: true, strict: false }).compile(loadPlaygroundConfigSchema());
  });

  it('when given an admin and five users, then the file satisfies the Playground schema', () => {
    const config = parseWritten(renderPlaygroundConfig(input()));
    expect(validate(config) ? [] : validate.errors).toEqual([]);
  });

  it('when a file had four users or the standard spelling userPrincipalName, then the Playground schema would reject it', () => {
    const config = buildPlaygroundConfig(input());
    expect(validate({ ...config, users: config.users.slice(0, 4) })).toBe(false);
    const { userPrincipleName, ...rest } = config.currentUser;
    expect(validate({ ...config, currentUser: { ...rest, userPrincipalName: userPrincipleName } })).toBe(false);
  });

  it('when rendering a person, then the key is spelled userPrincipleName and names fall back to the display name', () => {
    const config = buildPlaygroundConfig(input());
    expect(config.currentUser).toEqual({
      id: '29:00000000-0000-4000-8000-000000000000',
      name: 'User Number0',
      userPrincipleName: 'user0@contoso.test',
      aadObjectId: '00000000-0000-4000-8000-000000000000',
      givenName: 'User',
      surname: 'Number0',
      email: 'user0@contoso.test',
    });
    expect(config.tenantId).toBe('4adce8ba-2c36-4b8c-a107-b99d651df207');
  });

  it('when generated twice, then conversation ids are the same (stored conversation references survive a restart)', () => {
    const first = buildPlaygroundConfig(input());
    const second = buildPlaygroundConfig(input());
    expect([second.personalChat, second.groupChat.id, second.team.id]).toEqual([first.personalChat, first.groupChat.id, first.team.id]);
  });

  it.each([
    ['four users', input({ users: [1, 2, 3, 4].map(person) }), 'exactly 5'],
    ['six users', input({ users: [1, 2, 3, 4, 5, 6].map(person) }), 'exactly 5'],
    ['a duplicate person', input({ users: [0, 1, 2, 3, 4].map(person) }), 'appears twice'],
    ['a bot name over 42 characters', input({ bot: { id: 'b', name: 'x'.repeat(43) } }), 'bot.name'],
  ])('when given %s, then it refuses with a message naming the problem', (_case, bad, message) => {
    expect(() => renderPlaygroundConfig(bad)).toThrow(message);
  });

  it('when reading the contoso seed, then the current user is its Global Admin and users are the five help-desk users', () => {
    const seedInput = playgroundInputFromSeed(readSeedDocument(CONTOSO_SEED_PATH), {
      globalAdminId: GLOBAL_ADMIN.id,
      helpDeskUserIds: HELP_DESK_USERS.map((user) => user.id),
      bot: { id: `28:${BOT_APP.appId}`, name: 'Management Session Bot' },
      teamGroupId: GROUPS.itSupport,
    });
    const dir = mkdtempSync(join(tmpdir(), 'playground-config-'));
    try {
      const file = join(dir, '.m365agentsplayground.yml');
      writePlaygroundConfig(file, seedInput);
      const config = parseWritten(readFileSync(file, 'utf8')) as ReturnType<typeof buildPlaygroundConfig>;
      expect(validate(config) ? [] : validate.errors).toEqual([]);
      expect(config.tenantId).toBe(CONTOSO_TENANT_ID);
      expect(config.currentUser).toMatchObject({ aadObjectId: GLOBAL_ADMIN.id, userPrincipleName: GLOBAL_ADMIN.userPrincipalName, name: GLOBAL_ADMIN.displayName });
      expect(config.users.map((user) => user.aadObjectId)).toEqual(HELP_DESK_USERS.map((user) => user.id));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the seed lacks a selected user, then it says which one', () => {
    const seed = { tenantId: CONTOSO_TENANT_ID, users: [], groups: [] };
    expect(() =>
      playgroundInputFromSeed(seed, { globalAdminId: GLOBAL_ADMIN.id, helpDeskUserIds: [], bot: { id: 'b', name: 'b' }, teamGroupId: GROUPS.itSupport }),
    ).toThrow(GLOBAL_ADMIN.id);
  });
});

describe('one Playground per persona', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(loadPlaygroundConfigSchema());
  const configs = ALL_PERSONAS.map((key) => ({ key, config: buildPlaygroundConfig(contosoPlaygroundInput(CONTOSO_SEED_PATH, key)) }));

  it.each(ALL_PERSONAS)('when the %s persona is generated, then its file satisfies the Playground schema and it types as that person', (key) => {
    const { config } = configs.find((entry) => entry.key === key)!;
    expect(validate(config) ? [] : validate.errors).toEqual([]);
    const persona = PERSONAS.find((candidate) => candidate.key === key)!;
    expect(config.currentUser).toMatchObject({ aadObjectId: persona.account.id, userPrincipleName: persona.account.userPrincipalName });
    expect(config.users.map((user) => user.aadObjectId)).not.toContain(persona.account.id);
  });

  it('when the personas are generated, then no two Playgrounds share a chat id (each reference points at its own client), and Alex keeps his', () => {
    const ids = configs.flatMap(({ config }) => [config.personalChat.id, config.groupChat.id, config.team.id, ...config.team.channels.map((channel) => channel.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    const admin = configs.find((entry) => entry.key === 'admin')!.config;
    expect(admin.personalChat.id).toBe(`a:personal-${CONTOSO_TENANT_ID}`);
  });

  it('when a conversation suffix is not a short lowercase word, then generation refuses', () => {
    expect(() => renderPlaygroundConfig(input({ conversationSuffix: 'Not OK' }))).toThrow('conversationSuffix');
  });
});
