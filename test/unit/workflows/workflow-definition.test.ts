/**
 * Issue 14, workflows: a definition pasted as JSON or YAML is checked on save, and every problem
 * is said in words with its line and field: an unknown action, a step reference that doesn't
 * exist (or isn't known yet), a template variable without an input or binding, duplicate step
 * ids, a jump that would loop. The built-in templates validate.
 */
import { describeIssue, validateWorkflowDefinition, type WorkflowValidation } from '../../../services/workflows/workflow-parser';
import { evaluateCondition, parseCondition } from '../../../services/workflows/workflow-condition';
import { parseTimeout } from '../../../services/workflows/workflow-duration';
import { BUILT_IN_TEMPLATE_TEXTS, BUILT_IN_WORKFLOWS } from '../../../services/workflows/workflow-templates';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';

function errorsOf(result: WorkflowValidation): string[] {
  return result.errors.map(describeIssue);
}

function yaml(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const HEAD = ['name: leaver', 'title: Leaver', 'inputs:', '  - name: lastName', '    type: string', 'steps:'];
const BLOCK = ['  - id: block', '    kind: action', '    action: user.blockSignIn'];
const KEEP = ['  - id: keep', '    kind: choice', '    question: Keep the mailbox?', '    options: [yes, no]'];
const USE_LAST_NAME = ['  - id: tell', '    kind: notice', '    to: adminChannel', '    text: "{{lastName}} left"'];

describe('built-in templates', () => {
  it.each(Object.keys(BUILT_IN_TEMPLATE_TEXTS))('when the %s template is read, then it validates with no problems and no warnings', (name) => {
    const result = validateWorkflowDefinition(BUILT_IN_TEMPLATE_TEXTS[name]!, { reservedNames: new Set() });
    expect(result).toMatchObject({ ok: true, format: 'yaml', errors: [], warnings: [] });
  });

  it('when the templates are listed, then offboarding keeps data safe in its order and offers the automatic reply as an opt-in, and nothing deletes a user', () => {
    const offboarding = BUILT_IN_WORKFLOWS.get('offboarding')!;
    expect(offboarding.steps.map((step) => (step.kind === 'action' ? step.action : step.kind))).toEqual([
      'user.blockSignIn',
      'user.revokeSessions',
      'user.setAutomaticReplies',
      'user.removeFromAllGroups',
      'user.removeAllLicenses',
      'notice',
    ]);
    expect(new WorkflowCatalog().list('t').find((summary) => summary.name === 'offboarding')?.optionalSteps).toEqual([{ id: 'automaticReply', title: 'Set an automatic reply' }]);
    expect(BUILT_IN_WORKFLOWS.get('compromised-account')!.steps.map((step) => step.id)).toEqual(['blockSignIn', 'revokeSessions', 'resetPassword', 'tellAdmins']);
    const actions = [...BUILT_IN_WORKFLOWS.values()].flatMap((workflow) => workflow.steps.flatMap((step) => (step.kind === 'action' ? [step.action, step.compensate?.action ?? ''] : [])));
    expect(actions.filter((action) => /delete/i.test(action))).toEqual([]);
  });

  it('when a tenant definition takes a template\'s name, then it is refused', () => {
    const result = validateWorkflowDefinition(yaml(['name: offboarding', 'title: Mine', 'steps:', ...BLOCK]), { reservedNames: WorkflowCatalog.reservedNames() });
    expect(errorsOf(result)).toEqual(['Line 1 (name): "offboarding" is the name of a built-in template; choose another name.']);
  });
});

describe('a valid definition', () => {
  it('when the same workflow is pasted as YAML and as JSON, then both read into the same definition, with defaults filled in', () => {
    const fromYaml = validateWorkflowDefinition(yaml([...HEAD, ...BLOCK, ...USE_LAST_NAME]));
    const fromJson = validateWorkflowDefinition(
      JSON.stringify({
        name: 'leaver',
        title: 'Leaver',
        inputs: [{ name: 'lastName', type: 'string' }],
        steps: [
          { id: 'block', kind: 'action', action: 'user.blockSignIn' },
          { id: 'tell', kind: 'notice', to: 'adminChannel', text: '{{lastName}} left' },
        ],
      }),
    );
    expect(fromYaml).toMatchObject({ ok: true, format: 'yaml' });
    expect(fromJson).toMatchObject({ ok: true, format: 'json' });
    expect(fromJson.definition).toEqual(fromYaml.definition);
    expect(fromYaml.definition?.steps[0]).toEqual({ id: 'block', kind: 'action', action: 'user.blockSignIn', parameters: {}, optional: false, onFailure: 'stop' });
  });

  it('when an input is never used, then the definition is saved with a warning naming it', () => {
    const result = validateWorkflowDefinition(yaml([...HEAD, ...BLOCK]));
    expect(result.ok).toBe(true);
    expect(result.warnings.map(describeIssue)).toEqual(['Line 4 (inputs › item 1 › name): The input "lastName" is never used; remove it, or use it as {{lastName}}.']);
  });
});

describe('problems said in words', () => {
  it.each<[string, string[], string[]]>([
    [
      'an unknown action id',
      [...HEAD, '  - id: block', '    kind: action', '    action: user.blockSignon', ...USE_LAST_NAME],
      ['Line 9 (steps › item 1 › action): "user.blockSignon" isn\'t an action (did you mean user.blockSignIn?). Use a built-in action id such as user.blockSignIn (type "actions" to see them), or custom:<name> for a custom action.'],
    ],
    [
      'a template variable without an input or binding',
      [...HEAD, ...BLOCK, '  - id: tell', '    kind: notice', '    to: adminChannel', '    text: "{{lastname}} left"'],
      ['Line 13 (steps › item 2 › text): {{lastname}}: "lastname" isn\'t an input or a binding of this workflow. Did you mean lastName? The ones here are lastName.'],
    ],
    [
      'duplicate step ids',
      [...HEAD, ...BLOCK, '  - id: block', '    kind: action', '    action: user.revokeSessions', ...USE_LAST_NAME],
      ['Line 10 (steps › item 2 › id): Two steps have the id "block" (items 1 and 2); give each step its own id.'],
    ],
    [
      'an unknown step in a condition',
      [...HEAD, ...KEEP, ...BLOCK, "    when: steps.kep.answer == 'no'", ...USE_LAST_NAME],
      ['Line 14 (steps › item 2 › when): In the condition: There is no step "kep". Did you mean keep?'],
    ],
    [
      'a condition on a step that runs later',
      [...HEAD, ...BLOCK, "    when: steps.keep.answer == 'no'", ...KEEP, ...USE_LAST_NAME],
      ['Line 10 (steps › item 1 › when): In the condition: Step "keep" runs after this one (or is this one), so its result isn\'t known yet.'],
    ],
    [
      'a comparison with a value the answer never has',
      [...HEAD, ...KEEP, ...BLOCK, "    when: steps.keep.answer == 'maybe'", ...USE_LAST_NAME],
      ["Line 14 (steps › item 2 › when): In the condition, steps.keep.answer is compared with 'maybe', a value it never has; it is one of 'yes', 'no'."],
    ],
    [
      'a condition that is not in the language',
      [...HEAD, ...KEEP, ...BLOCK, "    when: steps.keep.answer = 'no'", ...USE_LAST_NAME],
      ['Line 14 (steps › item 2 › when): The condition "steps.keep.answer = \'no\'" can\'t be read: Use == to compare (at "= \'no\'"); a single = isn\'t allowed.'],
    ],
    [
      'a jump back to an earlier step (a loop)',
      [...HEAD, ...BLOCK, '  - id: approve', '    kind: approval', '    approvers: tenantAdmins', '    message: Go on?', '    timeout: 60', '    onTimeout: block', ...USE_LAST_NAME],
      ['Line 15 (steps › item 2 › onTimeout): onTimeout jumps back to "block", which runs before this step: that would loop. A jump can only go forward, to a later step.'],
    ],
    [
      'a jump to a step that does not exist, and a timeout out of range',
      [...HEAD, '  - id: approve', '    kind: approval', '    approvers: [pria@contoso.com, pria]', '    message: Go on?', '    timeout: P30D', '    onTimeout: tel', ...USE_LAST_NAME],
      [
        'Line 9 (steps › item 1 › approvers › item 2): "pria" isn\'t a sign-in name; list tenant admins\' UPNs such as pria@contoso.com, or write approvers: tenantAdmins.',
        'Line 11 (steps › item 1 › timeout): A timeout is from 1 minute to 7 days; 30 days is outside that.',
        'Line 12 (steps › item 1 › onTimeout): onTimeout is stop, continue or a later step\'s id, and there is no step "tel" (did you mean tell?).',
      ],
    ],
    [
      'a missing kind and an unknown one',
      [...HEAD, '  - id: block', '    action: user.blockSignIn', '  - id: ask', '    kind: question', ...USE_LAST_NAME],
      ['Line 7 (steps › item 1 › kind): Each step needs a kind: action, approval, choice, notice.', 'Line 10 (steps › item 2 › kind): A step\'s kind is one of action, approval, choice, notice (it says "question").'],
    ],
    [
      'a field the step does not have',
      [...HEAD, ...BLOCK, '    parameter: { group: Sales }', ...USE_LAST_NAME],
      ['Line 10 (steps › item 1 › parameter): "parameter" isn\'t a field of steps › item 1 (an action step); the fields are id, title, when, needs, kind, action, parameters, optional, onFailure, compensate.'],
    ],
    [
      'an action without the parameter it needs, and one it does not take',
      [...HEAD, '  - id: add', '    kind: action', '    action: user.addToGroup', '    parameters: { name: Sales }', ...USE_LAST_NAME],
      [
        "Line 10 (steps › item 1 › parameters › name): Add to group (user.addToGroup) takes group (the group's name) or groupId; \"name\" isn't one of its parameters.",
        "Line 10 (steps › item 1 › parameters): Add to group (user.addToGroup) needs group (the group's name) or groupId.",
      ],
    ],
    [
      'a YAML syntax error',
      ['name: leaver', 'title: Leaver', 'steps:', '  - id: block', '   kind: action'],
      ['Line 5: This isn\'t valid YAML: sequence item without - indicator. Check the indentation, and that each line is "field: value".'],
    ],
  ])('when a definition has %s, then saving it says so at its line', (_what, lines, expected) => {
    const result = validateWorkflowDefinition(yaml(lines));
    expect(result.ok).toBe(false);
    expect(result.definition).toBeUndefined();
    expect(errorsOf(result)).toEqual(expected);
  });

  it('when the JSON is broken or a required field is missing, then the words say what to add', () => {
    expect(errorsOf(validateWorkflowDefinition('{"name": "leaver", "title": "Leaver",}'))).toEqual([expect.stringMatching(/^Line 1: This isn't valid JSON: .* \(on this line, or at the end of the one before\)\.$/)]);
    expect(errorsOf(validateWorkflowDefinition(yaml(['name: leaver', 'title: Leaver'])))).toEqual(['steps: steps is missing. Add steps: the list of what the workflow does.']);
    expect(errorsOf(validateWorkflowDefinition(yaml(['name: leaver', 'title: Leaver', 'steps:', '  - id: ask', '    kind: choice', '    options: [yes, no]'])))).toEqual([
      'Line 4 (steps › item 1 › question): question is missing. Add question: what the requester is asked, e.g. Keep the mailbox?',
    ]);
  });

  it('when a custom action is named, then it must exist with the parameters it takes; one not yet published saves with a warning', () => {
    const customActions = new Map([['set-cost-center', { state: 'draft', parameters: [{ name: 'costCenter', required: true }] }]]);
    const lines = (action: string, parameters: string) => yaml(['name: cost', 'title: Cost', 'steps:', '  - id: cost', '    kind: action', `    action: ${action}`, `    parameters: ${parameters}`]);
    expect(errorsOf(validateWorkflowDefinition(lines('custom:set-cost-centre', '{ costCenter: CC-1 }'), { customActions }))).toEqual([
      'Line 6 (steps › item 1 › action): There is no custom action called "set-cost-centre" (did you mean set-cost-center?). Type "custom actions" to see them.',
    ]);
    expect(errorsOf(validateWorkflowDefinition(lines('custom:set-cost-center', '{ centre: CC-1 }'), { customActions }))).toEqual([
      'Line 7 (steps › item 1 › parameters › centre): The custom action "set-cost-center" has no parameter "centre"; its parameters are costCenter.',
      'Line 7 (steps › item 1 › parameters): The custom action "set-cost-center" needs the parameter costCenter.',
    ]);
    const ok = validateWorkflowDefinition(lines('custom:set-cost-center', '{ costCenter: CC-1 }'), { customActions });
    expect(ok.ok).toBe(true);
    expect(ok.warnings.map(describeIssue)).toEqual(['Line 6 (steps › item 1 › action): The custom action "set-cost-center" is draft, not published: a run stops at this step until it is published.']);
  });

  it('when a binding uses the target or a later binding, then it is refused: bindings are worked out from inputs first', () => {
    const result = validateWorkflowDefinition(
      yaml(['name: starter', 'title: Starter', 'inputs:', '  - name: first', '    type: string', 'bindings:', '  greeting: "Hi {{full}}"', '  full: "{{first}} {{target.displayName}}"', 'steps:', ...BLOCK]),
    );
    expect(errorsOf(result)).toEqual([
      'Line 7 (bindings › greeting): {{full}}: "full" isn\'t an input or a binding of this workflow. The ones here are first.',
      'Line 8 (bindings › full): {{target.displayName}}: "target.displayName" can\'t be used here: bindings and the target are worked out from inputs (and earlier bindings) only.',
    ]);
  });
});

describe('the condition language', () => {
  const values: Record<string, string | boolean> = { 'steps.keep.answer': 'no', 'steps.block.status': 'succeeded', sendReply: true, licence: 'E5' };
  const lookup = (name: string) => values[name];

  it.each([
    ["steps.keep.answer == 'no'", true],
    ["steps.keep.answer != 'no'", false],
    ["steps.keep.answer == 'yes' or steps.block.status == 'succeeded'", true],
    ["steps.keep.answer == 'yes' || steps.block.status == 'succeeded' && not sendReply", false],
    ["not (steps.keep.answer == 'yes') and sendReply", true],
    ['!sendReply', false],
    ["unknownThing == ''", true],
    ['licence == "E5"', true],
  ])('when "%s" is evaluated, then it is %s', (source, expected) => {
    const parsed = parseCondition(source);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(evaluateCondition(parsed.condition, lookup)).toBe(expected);
  });

  it.each([
    ["steps.keep.answer == 'no", 'The text starting at "\'no" has no closing \'.'],
    ["(steps.keep.answer == 'no'", 'A ( has no matching ).'],
    ["steps.keep.answer == 'no' sendReply", '"sendReply" follows a complete comparison: join comparisons with and / or.'],
    ["'yes'", "'yes' on its own is always the same: compare something with it, e.g. steps.keepMailbox.answer == 'yes'."],
    ['steps.keep.answer ==', "== needs a value on its right, e.g. == 'yes'."],
    ['process.exit(1)', 'A condition calls nothing ("process.exit(" isn\'t allowed): compare values with == or !=.'],
    ['a; b', '";" isn\'t allowed in a condition (at "; b"). Compare with == or !=, combine with and, or, not.'],
  ])('when "%s" is parsed, then it is refused in words', (source, problem) => {
    expect(parseCondition(source)).toEqual({ ok: false, problem });
  });
});

describe('timeouts', () => {
  it.each([
    ['PT4H', 4 * 3_600_000],
    ['P1DT12H', 36 * 3_600_000],
    ['P1W', 7 * 24 * 3_600_000],
    [90, 90 * 60_000],
    ['30', 30 * 60_000],
    ['PT', undefined],
    ['P1M', undefined],
    ['four hours', undefined],
  ])('when the timeout is %s, then it lasts %s ms', (value, expected) => {
    expect(parseTimeout(value)).toBe(expected);
  });
});
