import template from './templates/action-approvals.json';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export interface ActionApprovalRowView {
  actionId: string;
  title: string;
  required: boolean;
  /** The action's default, so the card can say when a tenant admin changed it. */
  byDefault: boolean;
}

/** `action approvals`, for tenant admins: which operator runs need a second admin, and the bulk size. */
export interface ActionApprovalsView {
  actions: readonly ActionApprovalRowView[];
  bulkThreshold: number;
  /** What the last click changed, e.g. "Reset password no longer needs approval." */
  message?: string;
}

export function renderActionApprovalsCard(view: ActionApprovalsView): AdaptiveCardJson {
  return renderTemplate({
    hasMessage: Boolean(view.message),
    message: view.message ? plainText(view.message, 200) : '',
    actions: view.actions.map((row) => ({
      actionId: row.actionId,
      title: plainText(row.title, 80),
      state: `${row.required ? 'Needs approval' : 'No approval needed'}${row.required === row.byDefault ? ' (the default)' : ' (changed from the default)'}`,
      buttonTitle: `Approval: ${plainText(row.title, 60)}`,
      buttonTooltip: row.required ? `Let operators run ${row.title} without approval` : `Make operators ask approval for ${row.title}`,
      requiredNext: row.required ? 'no' : 'yes',
    })),
    bulkText: `An operator's bulk action on more than ${view.bulkThreshold.toLocaleString('en-US')} users needs a tenant admin's approval.`,
    bulkThreshold: view.bulkThreshold,
    verbs: { toggle: Verbs.actionsApprovalSet, bulkThreshold: Verbs.actionsBulkThresholdSet, catalogue: Verbs.actionsList },
  });
}
