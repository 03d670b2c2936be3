/**
 * Custom action definitions the tests start from, as a tenant admin would paste them, plus a
 * helper to vary one field.
 */
import type { CustomActionDefinition } from '../../../../services/custom-actions/custom-action.schema';

/** A valid YAML definition: set the cost center (a nested property) and the department. */
export const COST_CENTER_YAML = `# Pasted by a tenant admin
name: set-cost-center
title: Set cost center
description: Sets the cost center HR gave us.
target: user
method: PATCH
path: /users/{id}
body:
  department: "{{department}}"
  employeeOrgData:
    costCenter: "{{costCenter}}"
parameters:
  - name: costCenter
    type: string
    description: The cost center code, e.g. CC-1042
  - name: department
    type: enum
    values: [Sales, Marketing, Support]
whoMayRun:
  roles: [tenantAdmin, operator]
  grantIncludes: [user.updateProfile]
risk: low
`;

/** The same as JSON. */
export const COST_CENTER_JSON = JSON.stringify(
  {
    name: 'set-cost-center',
    title: 'Set cost center',
    description: 'Sets the cost center HR gave us.',
    target: 'user',
    method: 'PATCH',
    path: '/users/{id}',
    body: { department: '{{department}}', employeeOrgData: { costCenter: '{{costCenter}}' } },
    parameters: [
      { name: 'costCenter', type: 'string', description: 'The cost center code, e.g. CC-1042' },
      { name: 'department', type: 'enum', values: ['Sales', 'Marketing', 'Support'] },
    ],
    whoMayRun: { roles: ['tenantAdmin', 'operator'], grantIncludes: ['user.updateProfile'] },
    risk: 'low',
  },
  null,
  2,
);

/** A form-shaped definition (what the card form sends) with typed parameters in a mailbox setting. */
export function outOfOfficeForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'out-of-office',
    title: 'Turn on out of office',
    target: 'user',
    method: 'PATCH',
    path: '/users/{id}/mailboxSettings',
    body: {
      automaticRepliesSetting: { status: '{{status}}', internalReplyMessage: 'Away until {{until}}. Ask {{deputy}}.' },
      workingHours: { daysOfWeek: ['{{firstDay}}'] },
    },
    parameters: [
      { name: 'status', type: 'enum', values: ['alwaysEnabled', 'scheduled', 'disabled'] },
      { name: 'until', type: 'string' },
      { name: 'deputy', type: 'string', required: false, default: 'the service desk' },
      { name: 'firstDay', type: 'string', required: false },
    ],
    risk: 'low',
    ...overrides,
  };
}

/** Adds a user to the group the action runs on. */
export function addMemberForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'add-member',
    title: 'Add a member',
    target: 'group',
    method: 'POST',
    path: '/groups/{id}/members/$ref',
    body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/{{member}}' },
    parameters: [{ name: 'member', type: 'user', description: 'Who to add' }],
    whoMayRun: { roles: ['tenantAdmin', 'operator'] },
    risk: 'medium',
    ...overrides,
  };
}

/** A parsed definition with everything the schema fills in, for the pure request builder. */
export function definitionOf(form: Record<string, unknown>): CustomActionDefinition {
  return {
    description: '',
    parameters: [],
    whoMayRun: { roles: ['tenantAdmin'] },
    ...form,
    ...(Array.isArray(form.parameters)
      ? { parameters: (form.parameters as Array<Record<string, unknown>>).map((p) => ({ required: true, description: '', ...p })) }
      : {}),
  } as CustomActionDefinition;
}
