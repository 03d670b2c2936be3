/**
 * The cards of the workflows tenant admins define (issue 14), built the way the dialog builds them:
 * from service records through dialogs/shared/definition-views.ts and
 * dialogs/workflows/workflow-definition-views.ts, so the words the views choose are linted too.
 */
import {
  renderWorkflowDefinitionFormCard,
  renderWorkflowDefinitionHistoryCard,
  renderWorkflowDefinitionReviewCard,
  renderWorkflowDefinitionsCard,
  WORKFLOW_EXAMPLE,
} from '../../../cards';
import { buttonsFor, historyEntriesView, rowView, versionLine } from '../../../dialogs/shared/definition-views';
import { checkOutline, reviewFacts, reviewSteps, workflowDefinitionText } from '../../../dialogs/workflows/workflow-definition-views';
import { workflowsCard } from '../../../dialogs/workflows/workflow-views';
import type { Person } from '../../../services/access/actor';
import type { DefinitionHistoryEntry } from '../../../services/definitions/definition-lifecycle.types';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import type { WorkflowDefinitionVersion } from '../../../services/workflows/workflow-definition.repository.port';
import type { WorkflowDefinitionSummary } from '../../../services/workflows/workflow-definition.service';
import { validateWorkflowDefinition } from '../../../services/workflows/workflow-parser';
import type { WorkflowDefinition } from '../../../services/workflows/workflow.schema';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const adele: Person = { userId: '6e7b768e-07e2-4810-8459-485f84f8f204', displayName: 'Adele Vance', upn: 'adele@contoso.onmicrosoft.com' };
const megan: Person = { userId: '48d31887-5fad-4d73-a9f5-3c356e68a038', displayName: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com' };

function parsed(yaml: string): WorkflowDefinition {
  const result = validateWorkflowDefinition(yaml);
  if (!result.definition) throw new Error(`sample workflow is invalid: ${JSON.stringify(result.errors)}`);
  return result.definition;
}

const leaver = parsed(`name: sales-leaver
title: Sales leaver
description: Locks a Sales leaver out, after asking about the mailbox.
inputs:
  - name: replyMessage
    type: string
    required: false
    default: I have left the company.
  - name: keepLicences
    type: boolean
    required: false
    default: false
steps:
  - id: approve
    kind: approval
    approvers: tenantAdmins
    message: Offboard {{target.displayName}}?
    timeout: PT4H
    onTimeout: stop
  - id: block
    kind: action
    action: user.blockSignIn
    compensate:
      action: user.unblockSignIn
  - id: keepMailbox
    kind: choice
    question: Keep the mailbox of {{target.displayName}}?
    options: [yes, no]
  - id: autoReply
    kind: action
    action: user.setAutomaticReplies
    parameters:
      message: "{{replyMessage}}"
    optional: true
    when: steps.keepMailbox.answer == 'yes'
  - id: removeLicences
    kind: action
    action: user.removeAllLicenses
    when: not keepLicences
    needs: [block]
    onFailure: continue
  - id: tellAdmins
    kind: notice
    to: adminChannel
    text: "{{target.displayName}} was offboarded."
`);
const lostLaptop = parsed(WORKFLOW_EXAMPLE);

function version(definition: WorkflowDefinition, fields: Partial<WorkflowDefinitionVersion>): WorkflowDefinitionVersion {
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

const publishedV1 = version(leaver, { state: 'published', submittedBy: adele, approvedBy: megan, publishedBy: adele, publishedAt: '2026-03-03T10:00:00.000Z' });
const submittedV2 = version(leaver, { version: 2, state: 'submitted', submittedBy: adele, submittedAt: '2026-03-04T08:15:00.000Z' });
const summaries: WorkflowDefinitionSummary[] = [
  { tenantId, name: leaver.name, title: leaver.title, live: publishedV1, open: submittedV2 },
  { tenantId, name: lostLaptop.name, title: lostLaptop.title, open: version(lostLaptop, {}) },
  { tenantId, name: 'lost-phone', title: 'Lost phone', live: version({ ...lostLaptop, name: 'lost-phone', title: 'Lost phone' }, { state: 'disabled', disabledBy: megan, disabledAt: '2026-03-05T16:45:00.000Z', disabledReason: 'Replaced by the lost laptop workflow' }) },
];

const history: DefinitionHistoryEntry[] = [
  { tenantId, name: leaver.name, version: 1, at: '2026-03-01T09:00:00.000Z', actor: adele, event: 'created', toState: 'draft', revision: 1, changes: ['new: 6 steps (an approval, action user.blockSignIn, a choice, action user.setAutomaticReplies, action user.removeAllLicenses, a notice), 2 inputs'], correlationId: 'c-1' },
  { tenantId, name: leaver.name, version: 1, at: '2026-03-01T09:05:00.000Z', actor: adele, event: 'submitted', fromState: 'draft', toState: 'submitted', revision: 1, changes: [], correlationId: 'c-2' },
  { tenantId, name: leaver.name, version: 1, at: '2026-03-01T11:00:00.000Z', actor: megan, event: 'rejected', fromState: 'submitted', toState: 'draft', revision: 1, changes: [], note: 'Ask a tenant admin before blocking, please.', correlationId: 'c-3' },
  { tenantId, name: leaver.name, version: 1, at: '2026-03-01T12:00:00.000Z', actor: adele, event: 'edited', fromState: 'draft', toState: 'draft', revision: 2, changes: ['step "approve" added (an approval)', 'steps order: block, keepMailbox → block, keepMailbox'], correlationId: 'c-4' },
  { tenantId, name: leaver.name, version: 1, at: '2026-03-02T08:00:00.000Z', actor: megan, event: 'approved', fromState: 'submitted', toState: 'approved', revision: 2, changes: [], correlationId: 'c-5' },
  { tenantId, name: leaver.name, version: 1, at: '2026-03-02T08:30:00.000Z', actor: adele, event: 'published', fromState: 'approved', toState: 'published', revision: 2, changes: [], correlationId: 'c-6' },
  { tenantId, name: leaver.name, version: 2, at: '2026-03-04T08:00:00.000Z', actor: adele, event: 'newVersion', toState: 'draft', revision: 1, changes: ['steps › tellAdmins › text: "{{target.displayName}} left." → "{{target.displayName}} was offboarded."'], note: 'Version 1 stays published until this version is approved and published.', correlationId: 'c-7' },
];

const asMegan = { userId: megan.userId, selfApprove: false };

function reviewSample(summary: WorkflowDefinitionSummary, viewer = asMegan) {
  const shown = (summary.open ?? summary.live)!;
  return renderWorkflowDefinitionReviewCard({
    name: summary.name,
    title: summary.title,
    versionLine: versionLine(shown, summary),
    ...(shown.definition.description ? { description: shown.definition.description } : {}),
    facts: reviewFacts(shown),
    steps: reviewSteps(shown.definition),
    ref: { version: shown.version, revision: shown.revision },
    buttons: buttonsFor(summary, viewer).filter((button) => button !== 'preview'),
  });
}

export const workflowDefinitionCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'workflow definitions, three in different states, after a step',
    render: () =>
      renderWorkflowDefinitionsCard({
        rows: summaries.map((summary, index) => rowView(summary, index === 0 ? { who: adele, at: '2026-03-04T08:15:00.000Z' } : undefined, asMegan)),
        message: { text: 'Version 2 of "Sales leaver" is waiting for a second tenant admin\'s approval. They approve it on this list.', tone: 'good' },
      }),
  },
  { name: 'workflow definitions, none yet', render: () => renderWorkflowDefinitionsCard({ rows: [] }) },
  {
    name: 'workflow definitions, the author of a submitted version sees Withdraw, and more not shown',
    render: () =>
      renderWorkflowDefinitionsCard({
        rows: [rowView(summaries[0]!, undefined, { userId: adele.userId, selfApprove: false })],
        message: { text: '"Sales leaver" changed since you opened it, so nothing was done.', tone: 'attention' },
        notShown: 16,
      }),
  },
  { name: 'workflow form, empty', render: () => renderWorkflowDefinitionFormCard({ text: '' }) },
  {
    name: 'workflow form, refused save with every problem and a warning',
    render: () =>
      renderWorkflowDefinitionFormCard({
        text: WORKFLOW_EXAMPLE.replace('user.blockSignIn', 'user.blockSignon'),
        problemsTitle: 'Not saved: 2 problems.',
        problems: [
          'Line 7 (steps › item 1 › action): "user.blockSignon" isn\'t an action (did you mean user.blockSignIn?).',
          'Line 1 (name): "offboarding" is the name of a built-in template; choose another name.',
        ],
        warnings: ['Line 9 (steps › item 2 › action): The custom action "set-cost-center" is a draft, not published: a run stops at this step until it is published.'],
      }),
  },
  {
    name: 'workflow form, editing, checked with its steps in words',
    render: () =>
      renderWorkflowDefinitionFormCard({
        editing: { name: leaver.name, title: leaver.title, version: 2, revision: 1, state: 'Version 2 is a draft.' },
        text: workflowDefinitionText(leaver),
        check: checkOutline(leaver),
      }),
  },
  { name: 'workflow review, a submitted version a second admin reviews', render: () => reviewSample(summaries[0]!) },
  { name: 'workflow review, a draft its author looks at', render: () => reviewSample(summaries[1]!, { userId: adele.userId, selfApprove: false }) },
  { name: 'workflow review, a disabled version', render: () => reviewSample(summaries[2]!) },
  { name: 'workflow history, every kind of change', render: () => renderWorkflowDefinitionHistoryCard({ name: leaver.name, title: leaver.title, entries: historyEntriesView(history) }) },
  { name: 'workflow history, none, older ones in the audit', render: () => renderWorkflowDefinitionHistoryCard({ name: lostLaptop.name, title: lostLaptop.title, entries: [], olderNotShown: true }) },
  { name: 'workflows, as a tenant admin sees them (New workflow, Workflow definitions)', render: () => workflowsCard(new WorkflowCatalog().list(tenantId), { mayDefine: true }) },
];
