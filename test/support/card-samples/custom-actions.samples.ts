/**
 * The custom-action cards (issue 14), built the way the dialog builds them: from service records
 * through dialogs/custom-actions/custom-action-views.ts, so the words the views choose are linted too.
 */
import { CUSTOM_ACTION_EXAMPLE, renderCustomActionFormCard, renderCustomActionHistoryCard, renderCustomActionPreviewCard, renderCustomActionsCard } from '../../../cards';
import {
  buttonsFor,
  definitionText,
  historyEntriesView,
  previewFacts,
  rowView,
  sampleInputs,
  sampleSentence,
  sampleTarget,
  sampleValues,
  versionLine,
} from '../../../dialogs/custom-actions/custom-action-views';
import type { Actor, Person } from '../../../services/access/actor';
import { describeCustomActionRequest, buildCustomActionRequest } from '../../../services/custom-actions/custom-action-request';
import { customActionDefinitionSchema, type CustomActionDefinition } from '../../../services/custom-actions/custom-action.schema';
import type { CustomActionHistoryEntry, CustomActionSummary, CustomActionVersion } from '../../../services/custom-actions/custom-action.types';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const adele: Person = { userId: '6e7b768e-07e2-4810-8459-485f84f8f204', displayName: 'Adele Vance', upn: 'adele@contoso.onmicrosoft.com' };
const megan: Person = { userId: '48d31887-5fad-4d73-a9f5-3c356e68a038', displayName: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com' };
const viewer: Actor = { ...megan, tenantId };

const costCenter: CustomActionDefinition = customActionDefinitionSchema.parse({
  name: 'set-cost-center',
  title: 'Set cost center',
  description: 'Sets the cost center HR gave us.',
  target: 'user',
  method: 'PATCH',
  path: '/users/{id}',
  body: { department: '{{department}}', employeeOrgData: { costCenter: '{{costCenter}}' } },
  parameters: [
    { name: 'costCenter', type: 'string', description: 'The cost center code, for example CC-1042' },
    { name: 'department', type: 'enum', values: ['Sales', 'Marketing', 'Support'] },
  ],
  whoMayRun: { roles: ['tenantAdmin', 'operator'], grantIncludes: ['user.updateProfile'] },
  risk: 'low',
});

const signOut: CustomActionDefinition = customActionDefinitionSchema.parse({
  name: 'sign-out-everywhere',
  title: 'Sign out everywhere',
  target: 'user',
  method: 'POST',
  path: '/users/{id}/revokeSignInSessions',
  risk: 'medium',
});

const addMember: CustomActionDefinition = customActionDefinitionSchema.parse({
  name: 'add-to-project-group',
  title: 'Add to the project group',
  target: 'group',
  method: 'POST',
  path: '/groups/{id}/members/$ref',
  body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/{{member}}' },
  parameters: [{ name: 'member', type: 'user', description: 'Who joins the group' }],
  risk: 'medium',
});

function version(definition: CustomActionDefinition, fields: Partial<CustomActionVersion>): CustomActionVersion {
  return {
    tenantId,
    name: definition.name,
    version: 1,
    state: 'draft',
    revision: 1,
    definition,
    createdBy: adele,
    createdAt: '2026-03-02T09:00:00.000Z',
    updatedBy: adele,
    updatedAt: '2026-03-02T09:00:00.000Z',
    authors: [adele],
    ...fields,
  };
}

const published = version(costCenter, { state: 'published', version: 2, submittedBy: adele, approvedBy: megan, publishedBy: adele, publishedAt: '2026-03-03T10:00:00.000Z' });
const submittedV3 = version(costCenter, { state: 'submitted', version: 3, revision: 2, submittedBy: adele, submittedAt: '2026-03-04T08:15:00.000Z' });
const summaries: CustomActionSummary[] = [
  { tenantId, name: costCenter.name, title: costCenter.title, live: published, open: submittedV3 },
  { tenantId, name: signOut.name, title: signOut.title, open: version(signOut, {}) },
  { tenantId, name: addMember.name, title: addMember.title, live: version(addMember, { state: 'disabled', disabledBy: megan, disabledAt: '2026-03-05T16:45:00.000Z', disabledReason: 'Paused during the reorganization' }) },
];

const history: CustomActionHistoryEntry[] = [
  { tenantId, name: costCenter.name, version: 1, at: '2026-03-01T09:00:00.000Z', actor: adele, event: 'created', toState: 'draft', revision: 1, changes: ['new: PATCH /users/{id} on a user (2 parameters, risk low)'], correlationId: 'c-1' },
  { tenantId, name: costCenter.name, version: 1, at: '2026-03-01T09:05:00.000Z', actor: adele, event: 'submitted', fromState: 'draft', toState: 'submitted', revision: 1, changes: [], correlationId: 'c-2' },
  { tenantId, name: costCenter.name, version: 1, at: '2026-03-01T11:00:00.000Z', actor: megan, event: 'rejected', fromState: 'submitted', toState: 'draft', revision: 1, changes: [], note: 'Please limit it to operators who may update profiles.', correlationId: 'c-3' },
  {
    tenantId,
    name: costCenter.name,
    version: 1,
    at: '2026-03-01T12:00:00.000Z',
    actor: adele,
    event: 'edited',
    fromState: 'draft',
    toState: 'draft',
    revision: 2,
    changes: ['whoMayRun › grantIncludes: (any) → user.updateProfile', 'body › department: set to "{{department}}"', 'parameter "department" added (enum of Sales|Marketing|Support, required)'],
    correlationId: 'c-4',
  },
  { tenantId, name: costCenter.name, version: 1, at: '2026-03-02T08:00:00.000Z', actor: megan, event: 'approved', fromState: 'submitted', toState: 'approved', revision: 2, changes: [], correlationId: 'c-5' },
  { tenantId, name: costCenter.name, version: 1, at: '2026-03-02T08:30:00.000Z', actor: adele, event: 'published', fromState: 'approved', toState: 'published', revision: 2, changes: [], correlationId: 'c-6' },
];

const asViewer = { userId: viewer.userId, selfApprove: false };

function previewSample(summary: CustomActionSummary, typedTarget?: string) {
  const shown = summary.open ?? summary.live!;
  const target = sampleTarget(shown.definition, viewer, typedTarget);
  const values = sampleValues(shown.definition, viewer);
  return renderCustomActionPreviewCard({
    name: summary.name,
    title: summary.title,
    versionLine: versionLine(shown, summary),
    ...(shown.definition.description ? { description: shown.definition.description } : {}),
    facts: previewFacts(shown),
    target: { label: 'Sample user (sign-in name or object id)', value: target.id },
    parameters: sampleInputs(shown.definition, values),
    request: describeCustomActionRequest(buildCustomActionRequest(shown.definition, target, values)),
    ref: { version: shown.version, revision: shown.revision },
    buttons: buttonsFor(summary, asViewer).filter((button) => button !== 'preview'),
  });
}

export const customActionCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'custom actions, three in different states, after a step',
    render: () =>
      renderCustomActionsCard({
        rows: summaries.map((summary, index) => rowView(summary, index === 0 ? { who: adele, at: '2026-03-04T08:15:00.000Z' } : undefined, asViewer)),
        message: { text: 'Version 3 of "Set cost center" is waiting for a second tenant admin\'s approval. They approve it on this list.', tone: 'good' },
      }),
  },
  { name: 'custom actions, none yet', render: () => renderCustomActionsCard({ rows: [] }) },
  {
    name: 'custom actions, the author of a submitted version sees Withdraw, and more not shown',
    render: () =>
      renderCustomActionsCard({
        rows: [rowView(summaries[0]!, undefined, { userId: adele.userId, selfApprove: false })],
        message: { text: '"Set cost center" changed since you opened it, so nothing was done.', tone: 'attention' },
        notShown: 16,
      }),
  },
  { name: 'custom action form, empty', render: () => renderCustomActionFormCard({ text: '' }) },
  {
    name: 'custom action form, refused save with every problem and a warning',
    render: () =>
      renderCustomActionFormCard({
        text: CUSTOM_ACTION_EXAMPLE.replace('path: /users/{id}', 'path: /users/{id}/authentication/methods'),
        problemsTitle: 'Not saved: 2 problems.',
        problems: [
          'Line 5 (path): POST and PATCH on /users/{id}/authentication/methods are not among the requests a custom action may make. The allowed ones are listed in the README.',
          'Line 3 (target): A custom action always acts on one user or one group. Add target: user or target: group.',
        ],
        warnings: ['Line 12 (parameters › item 1): "costCenter" is declared but the body never uses it.'],
      }),
  },
  {
    name: 'custom action form, editing, checked with the request for a sample user',
    render: () => {
      const target = sampleTarget(costCenter, viewer);
      const values = sampleValues(costCenter, viewer);
      return renderCustomActionFormCard({
        editing: { name: costCenter.name, title: costCenter.title, version: 3, revision: 2, state: 'Version 3 is a draft.' },
        text: definitionText(costCenter),
        check: { request: describeCustomActionRequest(buildCustomActionRequest(costCenter, target, values)), sample: sampleSentence(costCenter, target, values) },
      });
    },
  },
  { name: 'custom action preview, submitted version a second admin reviews', render: () => previewSample(summaries[0]!) },
  { name: 'custom action preview, draft without a body', render: () => previewSample(summaries[1]!) },
  {
    name: 'custom action preview, a group action whose sample values are refused',
    render: () =>
      renderCustomActionPreviewCard({
        name: addMember.name,
        title: addMember.title,
        versionLine: versionLine(summaries[2]!.live!, summaries[2]!),
        facts: previewFacts(summaries[2]!.live!),
        target: { label: 'Sample group (its object id)', value: 'sample-group-id' },
        parameters: sampleInputs(addMember, { member: '' }),
        problem: 'These sample values can\'t be used: "member" is required (Who joins the group).',
        ref: { version: 1, revision: 1 },
        buttons: buttonsFor(summaries[2]!, asViewer).filter((button) => button !== 'preview'),
      }),
  },
  { name: 'custom action history, every kind of change', render: () => renderCustomActionHistoryCard({ name: costCenter.name, title: costCenter.title, entries: historyEntriesView(history) }) },
  { name: 'custom action history, none, older ones in the audit', render: () => renderCustomActionHistoryCard({ name: signOut.name, title: signOut.title, entries: [], olderNotShown: true }) },
];
