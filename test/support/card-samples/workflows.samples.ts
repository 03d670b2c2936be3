/**
 * The workflow and playbook cards (issue 14), built the way the dialogs build them: the built-in
 * templates' real previews and forms, runs in every state, the playbooks list and run reports,
 * through dialogs/workflows/workflow-views.ts and dialogs/playbooks/playbook-views.ts, so the
 * words the views choose are linted too.
 */
import { batchPreviewCard, batchProgressCard, formCard, previewCard, runCard, runsCard, workflowsCard } from '../../../dialogs/workflows/workflow-views';
import { playbookRunCard, playbooksCard } from '../../../dialogs/playbooks/playbook-views';
import type { Actor, Person } from '../../../services/access/actor';
import { LICENCE_HYGIENE, ACCOUNT_HYGIENE } from '../../../services/playbooks/builtin-playbooks';
import type { PlaybookView } from '../../../services/playbooks/playbook.service';
import type { PlaybookFinding, PlaybookRun, PlaybookRunReport, PolicyRun } from '../../../services/playbooks/playbook.types';
import { WorkflowCatalog } from '../../../services/workflows/workflow-catalog';
import { previewOf } from '../../../services/workflows/workflow-preview';
import type { WorkflowRunView, WorkflowStepView, WorkflowUser } from '../../../services/workflows/workflow-run.types';
import { BUILT_IN_WORKFLOWS } from '../../../services/workflows/workflow-templates';
import { resolveInputs } from '../../../services/workflows/workflow-values';
import type { CardCatalogEntry } from './index';

const tenantId = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';
const alex: Person = { userId: '5bc920d8-f970-41ad-b2a9-54e20eb59706', displayName: 'Alex Wilber', upn: 'admin@contoso.onmicrosoft.com' };
const isaiah: Person = { userId: 'e3992743-5dcb-4d78-a380-37cebdc965cb', displayName: 'Isaiah Langer', upn: 'isaiah@contoso.onmicrosoft.com' };
const requester: Actor = { ...isaiah, tenantId };
const patti: WorkflowUser = { userId: '0b7fd2a4-7e8c-4b61-9a55-0a5d2d3e6f11', upn: 'patti@contoso.onmicrosoft.com', displayName: 'Patti Fernandez', department: 'Sales' };

const summaries = new WorkflowCatalog().list(tenantId);
const summaryOf = (name: string) => summaries.find((summary) => summary.name === name)!;

function preview(name: string, given: Record<string, string>, optIn: string[]) {
  const definition = BUILT_IN_WORKFLOWS.get(name)!;
  const resolved = resolveInputs(definition, given);
  return previewOf(definition, patti, requester, resolved.values, resolved.bindings, optIn);
}

const step = (id: string, title: string, status: WorkflowStepView['status'], extra: Partial<WorkflowStepView> = {}): WorkflowStepView => ({ id, title, kind: 'action', status, ...extra });

function run(overrides: Partial<WorkflowRunView> & Pick<WorkflowRunView, 'state' | 'steps'>): WorkflowRunView {
  const final = ['succeeded', 'completed-with-failures', 'failed', 'stopped'].includes(overrides.state);
  return {
    id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    tenantId,
    workflowName: 'offboarding',
    workflowTitle: 'Offboarding',
    target: patti,
    requester: isaiah,
    trigger: 'manual',
    createdAt: '2026-03-02T09:15:00.000Z',
    ...(final ? { finishedAt: '2026-03-02T09:15:41.000Z' } : {}),
    canRetry: false,
    canStop: !final,
    ...overrides,
  };
}

const offboardingSteps = (last: WorkflowStepView['status']): WorkflowStepView[] => [
  step('blockSignIn', 'Block sign-in', 'succeeded', { summary: 'Sign-in blocked for Patti Fernandez (patti@contoso.onmicrosoft.com).' }),
  step('revokeSessions', 'Revoke sessions', 'succeeded', { summary: 'Every session of Patti Fernandez was revoked; she must sign in again everywhere.' }),
  step('automaticReply', 'Set an automatic reply', 'skipped', { code: 'WORKFLOW.NOT_CHOSEN', summary: 'Not chosen before the run (an optional step).' }),
  step('removeGroups', 'Remove from all groups', last, last === 'pending' ? {} : { summary: 'Removed from 4 groups; 1 dynamic group was left alone.' }),
  step('removeLicences', 'Remove all licences', 'pending'),
  { id: 'tellAdmins', title: 'Notice to the admin channel', kind: 'notice', status: 'pending' },
];

const compromisedDone = run({
  workflowName: 'compromised-account',
  workflowTitle: 'Compromised account',
  requester: alex,
  state: 'succeeded',
  steps: [
    step('blockSignIn', 'Block sign-in', 'succeeded', { summary: 'Sign-in blocked for Patti Fernandez (patti@contoso.onmicrosoft.com).' }),
    step('revokeSessions', 'Revoke sessions', 'succeeded', { summary: 'Every session of Patti Fernandez was revoked.' }),
    step('resetPassword', 'Reset password (temporary password to you only)', 'succeeded', {
      summary: 'Password reset; she must change it at next sign-in. The temporary password was shown once to Alex Wilber in their personal chat.',
      shownOnceLabel: 'Temporary password',
    }),
    { id: 'tellAdmins', title: 'Notice to the admin channel', kind: 'notice', status: 'succeeded', summary: 'Sent to the admin channel.' },
  ],
});

const hygieneView: PlaybookView = {
  id: LICENCE_HYGIENE.id,
  name: LICENCE_HYGIENE.name,
  description: LICENCE_HYGIENE.description,
  policies: [
    {
      id: 'disabled-users-with-licences',
      name: 'Disabled users with licences',
      description: LICENCE_HYGIENE.policies[0]!.description,
      mode: 'action',
      defaultMode: 'alert',
      modes: ['alert', 'attestation', 'action'],
      remediation: 'remove all their licences',
      attestationExpiresInHours: 24,
      setBy: alex,
      setAt: '2026-03-01T08:00:00.000Z',
    },
  ],
  schedule: { tenantId, playbookId: LICENCE_HYGIENE.id, cron: '0 6 * * 1', timeZone: 'Europe/Amsterdam', setBy: alex, setAt: '2026-03-01T08:00:00.000Z', armedAt: '2026-03-01T08:00:00.000Z', nextRunAt: '2026-03-09T05:00:00.000Z' },
  lastRun: { id: '9d2a4f7e-1c3b-4e5f-8a6b-7c8d9e0f1a2b', state: 'completed', trigger: { kind: 'schedule', slot: '2026-03-02T05:00:00.000Z' }, startedAt: '2026-03-02T05:00:03.000Z', finishedAt: '2026-03-02T05:00:09.000Z', findings: 3 },
};

const accountHygieneView: PlaybookView = {
  id: ACCOUNT_HYGIENE.id,
  name: ACCOUNT_HYGIENE.name,
  description: ACCOUNT_HYGIENE.description,
  policies: ACCOUNT_HYGIENE.policies.map((policy) => ({
    id: policy.id,
    name: policy.name,
    description: policy.description,
    mode: policy.id === 'guests-without-sponsor' ? ('attestation' as const) : ('alert' as const),
    defaultMode: policy.defaultMode,
    modes: policy.remediation ? (['alert', 'attestation', 'action'] as const).slice() : ['alert' as const],
    ...(policy.remediation ? { remediation: policy.remediation.describe } : {}),
    ...(policy.id === 'guests-without-sponsor' ? { approver: alex } : {}),
    attestationExpiresInHours: 48,
  })),
};

function finding(index: number, remediation: PlaybookFinding['remediation'], summary?: string): PlaybookFinding {
  return {
    runId: 'r',
    policyId: 'disabled-users-with-licences',
    userId: `user-${index}`,
    userPrincipalName: `leaver${index}@contoso.onmicrosoft.com`,
    displayName: `Leaver ${index}`,
    facts: { assignedSkuIds: ['c7df2760-2c81-4ef7-b578-5b5392b571df', '4b590615-0888-425a-a965-b3bf7789848d'].slice(0, 1 + (index % 2)) },
    remediation,
    ...(summary ? { summary } : {}),
  };
}

function hygieneRun(state: PlaybookRun['state'], policy: Partial<PolicyRun>): PlaybookRun {
  return {
    id: '9d2a4f7e-1c3b-4e5f-8a6b-7c8d9e0f1a2b',
    tenantId,
    playbookId: LICENCE_HYGIENE.id,
    playbookName: LICENCE_HYGIENE.name,
    trigger: { kind: 'manual' },
    requestedBy: alex,
    correlationId: 'c',
    startedAt: '2026-03-02T09:00:00.000Z',
    ...(state === 'completed' ? { finishedAt: '2026-03-02T09:00:06.000Z' } : {}),
    state,
    policies: [
      {
        runId: 'r',
        policyId: 'disabled-users-with-licences',
        policyName: 'Disabled users with licences',
        position: 0,
        query: { kind: 'disabledUsersWithLicences' },
        mode: 'alert',
        remediation: LICENCE_HYGIENE.policies[0]!.remediation!,
        attestationExpiresInMs: 86_400_000,
        state: 'done',
        findingCount: 3,
        ...policy,
      },
    ],
  };
}

const counts = (findings: PlaybookFinding[]) => ({
  findings: findings.length,
  succeeded: findings.filter((f) => f.remediation === 'succeeded').length,
  failed: findings.filter((f) => f.remediation === 'failed').length,
  unknown: findings.filter((f) => f.remediation === 'unknown').length,
  skipped: findings.filter((f) => f.remediation === 'skipped').length,
  pending: 0,
});

function report(runState: PlaybookRun['state'], policy: Partial<PolicyRun>, findings: PlaybookFinding[], more = 0): PlaybookRunReport {
  const r = hygieneRun(runState, policy);
  return { run: r, policies: [{ policy: r.policies[0]!, counts: counts(findings), findings, moreFindings: more }] };
}

const alertFindings = [1, 2, 3].map((i) => finding(i, 'none'));
const actionFindings = [finding(1, 'succeeded', 'Removed 1 licence.'), finding(2, 'succeeded', 'Removed 2 licences.'), finding(3, 'failed', 'Microsoft Graph refused the change.')];

export const workflowCardSamples: readonly CardCatalogEntry[] = [
  { name: 'workflows: the built-in templates with their start forms', render: () => workflowsCard(summaries) },
  {
    name: 'workflow preview: offboarding, automatic reply included',
    render: () => previewCard(preview('offboarding', {}, ['automaticReply']), { workflow: 'offboarding', user: patti.upn, inputs: {}, optIn: ['automaticReply'] }, summaryOf('offboarding')),
  },
  {
    name: 'workflow preview: values changed after the preview',
    render: () =>
      previewCard(preview('offboarding', { replyMessage: 'Patti has left; write to sales@contoso.com.' }, []), { workflow: 'offboarding', user: patti.upn, inputs: { replyMessage: 'Patti has left; write to sales@contoso.com.' }, optIn: [] }, summaryOf('offboarding'), {
        message: { text: 'The values or the optional steps changed after the preview, so nothing was started. Check the steps below, then select Start again.', tone: 'warning' },
      }),
  },
  {
    name: 'workflow preview: remediate a compromised account',
    render: () => previewCard(preview('compromised-account', {}, []), { workflow: 'compromised-account', user: patti.upn, inputs: {}, optIn: [] }, summaryOf('compromised-account'), { remediation: true }),
  },
  {
    name: 'workflow form: onboarding with values missing',
    render: () =>
      formCard(summaryOf('onboarding'), { workflow: 'onboarding', inputs: { firstName: 'Nina', lastName: 'Berg' }, optIn: [] }, ['domain (The domain of their sign-in name, e.g. contoso.com) is missing.', 'department (Their department, e.g. Marketing) is missing.'], 'Some values are missing or don’t fit, so nothing was started:'),
  },
  { name: 'workflow form: offboarding without a user', render: () => formCard(summaryOf('offboarding'), { workflow: 'offboarding', inputs: {}, optIn: [] }, [], 'Say which user this Offboarding run is for.') },
  { name: 'workflow run: running', render: () => runCard(run({ state: 'running', steps: offboardingSteps('pending') })) },
  {
    name: 'workflow run: waiting for an answer',
    render: () =>
      runCard(
        run({
          state: 'waiting-choice',
          steps: [
            ...offboardingSteps('succeeded').slice(0, 2),
            { id: 'keepMailbox', title: 'Keep the mailbox?', kind: 'choice', status: 'waiting-choice', question: 'Keep the mailbox of Patti Fernandez?', options: ['yes', 'no'] },
            step('removeLicences', 'Remove all licences', 'pending'),
          ],
        }),
      ),
  },
  {
    name: 'workflow run: waiting for approval',
    render: () =>
      runCard(
        run({
          state: 'waiting-approval',
          steps: [
            { id: 'approve', title: 'Approval', kind: 'approval', status: 'waiting-approval', approvalRequestId: '8c1b1e0c-59c4-4b39-9f6e-1d7a2b3c4d5e', deadline: '2026-03-03T09:15:00.000Z' },
            step('blockSignIn', 'Block sign-in', 'pending'),
          ],
        }),
      ),
  },
  { name: 'workflow run: compromised account done, password shown once elsewhere', render: () => runCard(compromisedDone) },
  {
    name: 'workflow run: failed, can retry',
    render: () =>
      runCard(
        run({
          state: 'failed',
          failedStepId: 'removeGroups',
          canRetry: true,
          steps: offboardingSteps('failed').map((s) =>
            s.id === 'removeGroups'
              ? { ...s, code: 'DIRECTORY.THROTTLED', summary: 'Microsoft Graph is throttling the bot; nothing was removed.' }
              : s.status === 'pending'
                ? { ...s, status: 'skipped' as const, code: 'WORKFLOW.NOT_RUN', summary: 'Not run: "Remove from all groups" failed.' }
                : s,
          ),
        }),
      ),
  },
  {
    name: 'workflow run: stopped, with an undone step',
    render: () =>
      runCard(
        run({
          state: 'stopped',
          stoppedBy: alex,
          steps: [
            { ...step('blockSignIn', 'Block sign-in', 'succeeded', { summary: 'Sign-in blocked.' }), compensation: { status: 'succeeded', summary: 'Sign-in unblocked again.' } },
            step('removeGroups', 'Remove from all groups', 'skipped', { summary: 'Not run: stopped by Alex Wilber.' }),
          ],
        }),
      ),
  },
  { name: 'workflow runs: recent runs', render: () => runsCard([compromisedDone, run({ state: 'running', steps: offboardingSteps('pending') }), run({ state: 'failed', failedStepId: 'removeGroups', canRetry: true, steps: offboardingSteps('failed') })], false) },
  { name: 'workflow runs: none yet (an operator)', render: () => runsCard([], true) },
  {
    name: 'workflow batch: preview for a group, one user left out',
    render: () => {
      const lynne: WorkflowUser = { userId: '6d1c5e3a-2b4f-4a9e-8c7d-1f2e3d4c5b6a', upn: 'lynne@contoso.onmicrosoft.com', displayName: 'Lynne Robbins', department: 'Sales' };
      return batchPreviewCard(
        { preview: preview('offboarding', {}, []), users: [patti, lynne], refused: [{ upn: 'megan@contoso.onmicrosoft.com', code: 'ACCESS.NOT_IN_SCOPE', message: "Megan Bowen isn't in your scope (Sales)." }] },
        { workflow: 'offboarding', inputs: {}, optIn: [] },
        { group: 'Leavers' },
        summaryOf('offboarding'),
      );
    },
  },
  {
    name: 'workflow batch: progress, one done, one running',
    render: () =>
      batchProgressCard('Offboarding', 'the group Leavers', [run({ state: 'succeeded', steps: offboardingSteps('succeeded') }), run({ id: '9c8b7a65-4f3e-4d2c-8b1a-0f9e8d7c6b5a', state: 'running', steps: offboardingSteps('pending') })], []),
  },
  {
    name: 'workflow batch: done, one failed, one left out',
    render: () =>
      batchProgressCard(
        'Offboarding',
        'the department Sales',
        [run({ state: 'succeeded', steps: offboardingSteps('succeeded') }), run({ id: '9c8b7a65-4f3e-4d2c-8b1a-0f9e8d7c6b5a', state: 'failed', failedStepId: 'removeGroups', canRetry: true, steps: offboardingSteps('failed') })],
        ["megan@contoso.onmicrosoft.com: Megan Bowen isn't in your scope (Sales)."],
      ),
  },
  { name: 'playbooks: both built-in playbooks', render: () => playbooksCard([hygieneView, accountHygieneView]) },
  { name: 'playbooks: after a mode change', render: () => playbooksCard([hygieneView], { text: 'Disabled users with licences: Remediate automatically: it acts on each user it finds.', tone: 'good' }) },
  { name: 'playbook run: just started, no admin channel', render: () => playbookRunCard(report('running', { state: 'pending', findingCount: 0 }, []), { adminChannel: false, justStarted: true }) },
  { name: 'playbook run: alert report', render: () => playbookRunCard(report('completed', {}, alertFindings), { adminChannel: true }) },
  { name: 'playbook run: remediated, one failed, more than the card lists', render: () => playbookRunCard(report('completed', { mode: 'action' }, actionFindings, 40), { adminChannel: true }) },
  { name: 'playbook run: waiting for attestation', render: () => playbookRunCard(report('awaiting-attestation', { mode: 'attestation', state: 'awaiting-approval', approver: alex }, alertFindings), { adminChannel: true }) },
  {
    name: 'playbook run: a policy not available',
    render: () => playbookRunCard(report('completed', { state: 'unavailable', findingCount: 0, reason: 'Sign-in activity needs Microsoft Entra ID P1, which this tenant does not have.' }, []), { adminChannel: false }),
  },
];
