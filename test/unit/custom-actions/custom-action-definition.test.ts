/**
 * Issue 14, custom actions: a definition pasted as JSON or YAML (or sent by the card form) is
 * checked on save, and every problem is said in words with its line and field: syntax, shape,
 * an unknown path, an unknown body property, a variable without a parameter, no target.
 */
import { describeIssue, validateCustomActionDefinition, type CustomActionValidation } from '../../../services/custom-actions/custom-action-parser';
import { describeWhoMayRun, mayRunCustomAction } from '../../../services/custom-actions/custom-action-runners';
import { COST_CENTER_JSON, COST_CENTER_YAML, addMemberForm, outOfOfficeForm } from './support/definitions';

function errorsOf(result: CustomActionValidation): string[] {
  return result.errors.map(describeIssue);
}

function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const BASE = ['name: set-department', 'title: Set department', 'target: user', 'risk: low'];

describe('a valid definition', () => {
  it.each([
    ['YAML', COST_CENTER_YAML, 'yaml'],
    ['JSON', COST_CENTER_JSON, 'json'],
  ])('when it is pasted as %s, then it is read into the same definition with no problems', (_format, text, format) => {
    const result = validateCustomActionDefinition(text);

    expect(result).toMatchObject({ ok: true, format, errors: [], warnings: [] });
    expect(result.definition).toEqual({
      name: 'set-cost-center',
      title: 'Set cost center',
      description: 'Sets the cost center HR gave us.',
      target: 'user',
      method: 'PATCH',
      path: '/users/{id}',
      body: { department: '{{department}}', employeeOrgData: { costCenter: '{{costCenter}}' } },
      parameters: [
        { name: 'costCenter', type: 'string', required: true, description: 'The cost center code, e.g. CC-1042' },
        { name: 'department', type: 'enum', required: true, description: '', values: ['Sales', 'Marketing', 'Support'] },
      ],
      whoMayRun: { roles: ['tenantAdmin', 'operator'], grantIncludes: ['user.updateProfile'] },
      risk: 'low',
    });
    expect(result.allowed).toMatchObject({ method: 'PATCH', path: '/users/{id}' });
  });

  it('when the card form sends an object, then it is checked the same way, and a lower-case method is read as upper case', () => {
    const result = validateCustomActionDefinition(addMemberForm({ method: 'post' }));
    expect(result).toMatchObject({ ok: true, format: 'form', definition: { method: 'POST', whoMayRun: { roles: ['tenantAdmin', 'operator'] } } });
  });

  it('when who may run it is left out, then only tenant admins may', () => {
    const result = validateCustomActionDefinition(outOfOfficeForm());
    expect(result.definition?.whoMayRun).toEqual({ roles: ['tenantAdmin'] });
  });

  it('when a declared parameter is never used, then it is saved with a warning that names it and its line', () => {
    const result = validateCustomActionDefinition(
      yaml([...BASE, 'method: PATCH', 'path: /users/{id}', 'body:', '  department: "{{department}}"', 'parameters:', '  - name: department', '    type: string', '  - name: reason', '    type: string']),
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map(describeIssue)).toEqual(['Line 12 (parameters › item 2): The parameter "reason" is declared but never used in the path or the body, so it changes nothing.']);
  });
});

describe('a definition with no target is rejected on save', () => {
  it.each([
    ['the target is left out', [...BASE.filter((l) => !l.startsWith('target')), 'method: POST', 'path: /users/{id}/revokeSignInSessions'], /^target: A custom action always acts on one user or group .*there is no target-free custom action\. Add target: user or target: group\.$/],
    ['the target says "tenant"', [...BASE.map((l) => (l.startsWith('target') ? 'target: tenant' : l)), 'method: POST', 'path: /users/{id}/revokeSignInSessions'], /^Line 3 \(target\): A custom action always acts on one user or group .*Use target: user or target: group, not "tenant"\.$/],
    ['the path acts on every user', [...BASE, 'method: GET', 'path: /users'], /^Line 6 \(path\): \/users would act on every user at once\. A custom action always acts on one user or group/],
    ['the path acts on the tenant', [...BASE, 'method: GET', 'path: /organization'], /^Line 6 \(path\): That path isn't one custom actions may call: \/organization\. A custom action always acts on one user or group/],
    ['the path names a fixed user', [...BASE, 'method: POST', 'path: /users/0b2c9b6a-1111-4bbb-8ccc-1234567890ab/revokeSignInSessions'], /names one fixed user\. Write \/users\/\{id\} instead/],
    ['the target is a parameter', [...BASE, 'method: POST', 'path: /users/{{who}}/revokeSignInSessions', 'parameters:', '  - name: who', '    type: user'], /Write \{id\} for the target, not \{\{who\}\}/],
  ])('when %s, then the message says a custom action always has a target', (_case, lines, expected) => {
    const result = validateCustomActionDefinition(yaml(lines));
    expect(result.ok).toBe(false);
    expect(errorsOf(result)[0]).toMatch(expected);
  });

  it('when the target and the path disagree, then it says so', () => {
    const result = validateCustomActionDefinition(addMemberForm({ target: 'user' }));
    expect(errorsOf(result)).toEqual(['target: The target is a user, but the path starts with /groups/{id}: make the two agree.']);
  });
});

describe('a request outside the allow-list is rejected on save', () => {
  it('when the path is not on the allow-list, then the message names it and lists the allowed requests', () => {
    const result = validateCustomActionDefinition(yaml([...BASE, 'method: PATCH', 'path: /users/{id}/passwordProfile', 'body:', '  password: x']));
    const [message] = errorsOf(result);
    expect(message).toMatch(/^Line 6 \(path\): That path isn't one custom actions may call: \/users\/\{id\}\/passwordProfile\. The allowed requests are: PATCH \/users\/\{id\}, POST \/users\/\{id\}\/revokeSignInSessions, /);
    expect(message).toContain('DELETE /groups/{id}/members/{memberId}/$ref');
  });

  it.each([
    ['/users/{id}/authentication/methods', 'POST'],
    ['/users/{id}/appRoleAssignments', 'POST'],
    ['/groups/{id}/owners/$ref', 'POST'],
    ['/users/{id}/memberOf/$ref', 'POST'],
    ['/users/{id}/assignLicense', 'POST'],
  ])('when the path is %s, then it is refused (credentials, roles, owners and licences are never custom actions)', (path, method) => {
    const target = path.startsWith('/groups') ? 'group' : 'user';
    const result = validateCustomActionDefinition({ name: 'not-allowed', title: 'No', target, method, path, risk: 'high' });
    expect(errorsOf(result)[0]).toContain(`That path isn't one custom actions may call: ${path}.`);
  });

  it('when the method is not allowed on an allowed path, then it names the methods that are', () => {
    const result = validateCustomActionDefinition({ name: 'read-sessions', title: 'x', target: 'user', method: 'GET', path: '/users/{id}/revokeSignInSessions', risk: 'low' });
    expect(errorsOf(result)).toEqual(['method: GET isn\'t allowed on /users/{id}/revokeSignInSessions: custom actions may use POST there.']);
  });

  it.each(['/Users/{id}/RevokeSignInSessions', '/users/{id}/revokeSignInSessions/', '/users//{id}/revokeSignInSessions'])(
    'when an allowed path is written as %s, then it asks for Graph\'s spelling (the request goes out exactly as written)',
    (path) => {
      const result = validateCustomActionDefinition({ name: 'sign-out', title: 'x', target: 'user', method: 'POST', path, risk: 'low' });
      expect(errorsOf(result)).toEqual(['path: Write the path as Graph spells it: /users/{id}/revokeSignInSessions.']);
    },
  );

  it('when the path has a query string, then it says a custom action has none', () => {
    const result = validateCustomActionDefinition({ name: 'with-query', title: 'x', target: 'user', method: 'GET', path: '/users/{id}/licenseDetails?$top=1', risk: 'low' });
    expect(errorsOf(result)).toEqual(['path: A custom action\'s path has no query string: remove everything from "?" on.']);
  });

  it('when the body sets properties the allow-list does not name, then each is named with its line, and a misspelling gets Graph\'s spelling', () => {
    const result = validateCustomActionDefinition(
      yaml([
        ...BASE,
        'method: PATCH',
        'path: /users/{id}',
        'body:',
        '  department: "{{department}}"',
        '  accountEnabled: false',
        '  passwordProfile:',
        '    password: "{{department}}"',
        '  jobtitle: Engineer',
        '  "@odata.type": "#microsoft.graph.user"',
        'parameters:',
        '  - name: department',
        '    type: string',
      ]),
    );
    expect(errorsOf(result)).toEqual([
      expect.stringMatching(/^Line 9 \(body › accountEnabled\): The body can't set "accountEnabled": PATCH \/users\/\{id\} lets a custom action set only displayName, givenName, .*employeeOrgData\/costCenter/),
      expect.stringMatching(/^Line 11 \(body › passwordProfile › password\): The body can't set "passwordProfile\/password"/),
      'Line 12 (body › jobtitle): Write "jobTitle" as Graph spells it, not "jobtitle".',
      'Line 13 (body › @odata.type): The body can\'t carry "@odata.type": a custom action sets plain properties only.',
    ]);
  });

  it('when a request that takes no body has one, or a PATCH has none, then it says so', () => {
    const withBody = validateCustomActionDefinition({ name: 'revoke', title: 'x', target: 'user', method: 'POST', path: '/users/{id}/revokeSignInSessions', body: { reason: 'x' }, risk: 'low' });
    expect(errorsOf(withBody)).toEqual(['body: POST /users/{id}/revokeSignInSessions takes no body: remove body.']);
    const withoutBody = validateCustomActionDefinition({ name: 'patch', title: 'x', target: 'group', method: 'PATCH', path: '/groups/{id}', risk: 'low' });
    expect(errorsOf(withoutBody)).toEqual(['body: A PATCH needs a body with the properties it changes, e.g. {"displayName": "{{displayName}}"}. PATCH /groups/{id} may set: displayName, description.']);
  });

  it('when a member reference is not a user parameter, then the exact body it takes is shown', () => {
    const wrongBody = validateCustomActionDefinition(addMemberForm({ body: { '@odata.id': 'https://graph.microsoft.com/v1.0/users/{{member}}' } }));
    expect(errorsOf(wrongBody)[0]).toBe(
      'body: POST /groups/{id}/members/$ref takes exactly this body: {"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{{member}}"}, where member is a parameter of type user.',
    );
    const wrongType = validateCustomActionDefinition(addMemberForm({ parameters: [{ name: 'member', type: 'string' }] }));
    expect(errorsOf(wrongType)).toEqual(['body › @odata.id: {{member}} names the user to add, so member must be a parameter of type user (it is string).']);
    const removeMember = validateCustomActionDefinition(addMemberForm({ method: 'DELETE', path: '/groups/{id}/members/42/$ref', body: undefined }));
    expect(errorsOf(removeMember)[0]).toBe('path: In /groups/{id}/members/{memberId}/$ref, {memberId} names a user: fill it with a user parameter, e.g. {{member}}, not "42".');
  });
});

describe('template variables and parameters', () => {
  it('when the body uses a variable no parameter declares, then the variable, where it is and its line are named', () => {
    const result = validateCustomActionDefinition(yaml([...BASE, 'method: PATCH', 'path: /users/{id}', 'body:', '  department: "{{dept}}"', '  jobTitle: "{{title}} ({{level}})"', 'parameters:', '  - name: title', '    type: string']));
    expect(errorsOf(result)).toEqual([
      'Line 8 (body › department): The body uses {{dept}} at body › department, but no parameter named dept is declared. Declare it under parameters, or remove it.',
      'Line 9 (body › jobTitle): The body uses {{level}} at body › jobTitle, but no parameter named level is declared. Declare it under parameters, or remove it.',
    ]);
  });

  it('when a placeholder is malformed, then it says how to write one', () => {
    const result = validateCustomActionDefinition({ name: 'broken', title: 'x', target: 'user', method: 'PATCH', path: '/users/{id}', body: { department: '{{ the dept }}', jobTitle: '{{title' }, risk: 'low' });
    expect(errorsOf(result)).toEqual([
      'body › department: "{{ the dept }}" isn\'t a parameter reference: write {{name}} with a parameter\'s name (letters, digits and _).',
      'body › jobTitle: "{{title" has a {{ without its }} (or the other way round).',
    ]);
  });

  it.each([
    ['two parameters share a name', [{ name: 'dept', type: 'string' }, { name: 'Dept', type: 'string' }], 'parameters › item 2 › name: There are two parameters named "Dept" (and "dept"): give each its own name.'],
    ['a parameter is called id', [{ name: 'id', type: 'string' }], 'parameters › item 1 › name: "id" is the target ({id} in the path), not a parameter: choose another name.'],
    ['a parameter is a secret', [{ name: 'newPassword', type: 'string' }], 'parameters › item 1 › name: A custom action never carries secrets, so a parameter can\'t be a "newPassword".'],
    ['an enum lists no values', [{ name: 'dept', type: 'enum' }], 'parameters › item 1 › values: The enum parameter "dept" lists the values a runner may pick, e.g. values: [Enabled, Disabled].'],
    ['a string lists values', [{ name: 'dept', type: 'string', values: ['a'] }], 'parameters › item 1 › values: Only an enum parameter has values; "dept" is a string.'],
    ['a required parameter has a default', [{ name: 'dept', type: 'string', default: 'Sales' }], 'parameters › item 1 › default: "dept" is required, so it has no default: make it required: false, or remove the default.'],
    ['a default has the wrong type', [{ name: 'dept', type: 'number', required: false, default: 'many' }], 'parameters › item 1 › default: The default doesn\'t fit: "dept" must be a number, and "many" isn\'t one.'],
  ])('when %s, then it is named', (_case, parameters, expected) => {
    const result = validateCustomActionDefinition({ name: 'params', title: 'x', target: 'user', method: 'PATCH', path: '/users/{id}', body: { department: '{{dept}}' }, parameters, risk: 'low' });
    expect(errorsOf(result)).toContain(expected);
  });

  it('when the text holds a password-like literal, then it is refused: a custom action never carries secrets', () => {
    const result = validateCustomActionDefinition({ name: 'leaky', title: 'x', target: 'user', method: 'PATCH', path: '/users/{id}', body: { department: 'Summer2026!Secret' }, risk: 'low' });
    expect(errorsOf(result)).toEqual(['body › department: This looks like a password or token. A custom action never carries secrets.']);
  });

  it('when operators are narrowed but the operator role is not given, then it says to add it', () => {
    const result = validateCustomActionDefinition(addMemberForm({ whoMayRun: { roles: ['tenantAdmin'], operators: ['olga@contoso.com'] } }));
    expect(errorsOf(result)).toEqual(['whoMayRun › roles: grantIncludes and operators choose which operators may run it, so add operator to roles.']);
  });
});

describe('syntax and shape errors, in words', () => {
  it.each([
    ['broken JSON', '{\n  "name": "a-b",\n  "title": "x"\n  "target": "user"\n}', ['Line 4: This isn\'t valid JSON: expected \',\' or \'}\' after property value (on this line, or at the end of the one before).']],
    ['JSON cut short', '{"name": "a-b",', ['The JSON ends too early (a } or ] is missing).']],
    ['YAML with a bad indent', 'name: a-b\ntitle: x\n  target: user\n', [expect.stringMatching(/^Line 2: This isn't valid YAML: .*Check the indentation, and that each line is "field: value"\.$/)]],
    ['YAML with a field twice', 'name: a-b\ntitle: x\nname: c-d\n', ['Line 3: The field "name" appears twice; keep one.']],
    ['YAML indented with tabs', 'name: a-b\n\ttitle: x\n', ['Line 2: Indent with spaces, not tabs.']],
    ['two YAML documents', 'name: a-b\n---\nname: c-d\n', ['Line 2: Paste one definition at a time (without --- separators).']],
    ['YAML aliases', 'name: &n a-b\ntitle: *n\n', ['Anchors and aliases (& and *) are not supported in a definition: write each value out.']],
    ['a list instead of an object', '- name: a-b\n', ['A definition is one object with fields such as name, title, target, method and path (one "field: value" per line).']],
    ['nothing', '   \n', ['The definition is empty. Paste it as JSON or YAML.']],
  ])('when the text is %s, then the problem is said in words with its line', (_case, text, expected) => {
    const result = validateCustomActionDefinition(text);
    expect(result.ok).toBe(false);
    expect(errorsOf(result)).toEqual(expected);
  });

  it('when fields are missing, unknown or of the wrong kind, then each is named with its line (nested ones too)', () => {
    const result = validateCustomActionDefinition(
      yaml([
        'name: Set Department',
        'target: user',
        'method: PUT',
        'path: /users/{id}',
        'url: https://graph.microsoft.com',
        'parameters:',
        '  - name: department',
        '    type: text',
        '    required: yes',
        '    colour: red',
        'risk: low',
      ]),
    );
    expect(errorsOf(result)).toEqual([
      'Line 1 (name): Use lower-case letters, digits and hyphens, starting with a letter, e.g. set-cost-center.',
      'title: title is missing. Add title: what admins and operators see, e.g. title: Set cost center.',
      'Line 3 (method): Use one of GET, POST, PATCH, DELETE (it says "PUT").',
      'Line 8 (parameters › item 1 › type): Use one of string, number, boolean, enum, user (it says "text").',
      'Line 9 (parameters › item 1 › required): required must be true or false, not text.',
      'Line 10 (parameters › item 1 › colour): "colour" isn\'t a field of parameters › item 1; the fields are name, type, required, description, values, default.',
      'Line 5 (url): "url" isn\'t a field of a custom action; the fields are name, title, description, target, method, path, body, parameters, whoMayRun, risk.',
    ]);
  });
});

describe('who may run it', () => {
  const grant = (allowedActions: string[], upn = 'olga@contoso.com') => ({ operator: { userId: 'u-olga', upn, displayName: 'Olga' }, allowedActions }) as never;

  it.each([
    ['a tenant admin, when tenant admins may', { roles: ['tenantAdmin'] }, { via: 'tenantAdmin' }, true],
    ['a tenant admin, when only operators may', { roles: ['operator'] }, { via: 'tenantAdmin' }, false],
    ['any operator, when operators may', { roles: ['operator'] }, { via: 'operator', grant: grant([]) }, true],
    ['an operator whose grant allows the named action', { roles: ['operator'], grantIncludes: ['user.updateProfile'] }, { via: 'operator', grant: grant(['user.blockSignIn', 'user.updateProfile']) }, true],
    ['an operator whose grant does not', { roles: ['operator'], grantIncludes: ['user.updateProfile'] }, { via: 'operator', grant: grant(['user.blockSignIn']) }, false],
    ['a listed operator (by UPN, any case)', { roles: ['operator'], operators: ['OLGA@contoso.com'] }, { via: 'operator', grant: grant([]) }, true],
    ['an operator not listed', { roles: ['operator'], operators: ['otto@contoso.com'] }, { via: 'operator', grant: grant([]) }, false],
    ['an operator, when only tenant admins may', { roles: ['tenantAdmin'] }, { via: 'operator', grant: grant(['user.updateProfile']) }, false],
  ])('when the caller is %s, then mayRun says so', (_case, whoMayRun, caller, expected) => {
    expect(mayRunCustomAction({ whoMayRun } as never, caller as never)).toBe(expected);
  });

  it('when it is described for a card, then it reads as a sentence', () => {
    expect(describeWhoMayRun({ whoMayRun: { roles: ['tenantAdmin', 'operator'], grantIncludes: ['user.updateProfile'] } })).toBe('tenant admins and operators whose grant allows user.updateProfile');
  });
});
