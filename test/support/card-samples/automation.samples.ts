/** Notices of workflow steps and playbook runs (bot/automation/automation-notices.ts). */
import { renderAutomationNoticeCard, Verbs } from '../../../cards';
import type { CardCatalogEntry } from './index';

export const automationCardSamples: readonly CardCatalogEntry[] = [
  {
    name: 'workflow notice to the admin channel',
    render: () =>
      renderAutomationNoticeCard({
        title: 'Account secured',
        source: 'From the workflow Compromised account, started by Alex Wilber (admin@contoso.onmicrosoft.com)',
        text: 'Patti Fernandez was blocked, signed out everywhere and given a new temporary password.',
        facts: [{ label: 'User', value: 'Patti Fernandez (patti@contoso.onmicrosoft.com)' }],
        nextStep: { title: 'Workflow runs', verb: Verbs.workflowRuns },
      }),
  },
  {
    name: 'playbook findings, more than the card lists, no admin channel',
    render: () =>
      renderAutomationNoticeCard({
        title: 'Disabled users with licences: 72 found',
        source: 'From the playbook Licence hygiene, on its schedule',
        text: 'Nothing was changed (alert only).',
        facts: [
          { label: 'Policy', value: 'Disabled users with licences' },
          { label: 'Found', value: '72 users' },
        ],
        linesHeading: 'Found',
        lines: Array.from({ length: 60 }, (_, i) => `Leaver ${i + 1} (leaver${i + 1}@contoso.onmicrosoft.com): 2 licences`),
        moreLines: 12,
        footer: 'No admin channel is registered, so this came to you. A tenant admin can type "notify here" in a channel to send these there.',
        tone: 'attention',
        nextStep: { title: 'Playbooks', verb: Verbs.playbooksList },
      }),
  },
];
