import template from './templates/operators.json';
import { cardDateTime, personWords } from './card-words';
import { compileTemplate, plainText, usageText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export interface OperatorRowView {
  /** "Alex Wilber (alex@contoso.com)" */
  name: string;
  scope: readonly string[];
  actions: readonly string[];
  includePrivileged: boolean;
  grantedBy: string;
  /** UTC ISO. */
  grantedAt: string;
}

/** One page of operator grants (and every auditor), for tenant admins. */
export interface OperatorsView {
  operators: readonly OperatorRowView[];
  auditors: readonly string[];
  /** Index of the first row shown, and how many exist. */
  offset: number;
  pageSize: number;
  total: number;
}

export function renderOperatorsCard(view: OperatorsView): AdaptiveCardJson {
  const shown = view.operators.length;
  const summary =
    view.total === 0
      ? 'No operators yet. A tenant admin can grant one, e.g. "grant operator alex@contoso.com scope department Sales actions block sign-in".'
      : `Showing ${view.offset + 1}–${view.offset + shown} of ${view.total} operator grant(s).`;
  const nextOffset = view.offset + view.pageSize < view.total ? view.offset + view.pageSize : -1;
  const previousOffset = view.offset > 0 ? Math.max(0, view.offset - view.pageSize) : -1;
  return renderTemplate({
    summary,
    operators: view.operators.map((row) => ({
      name: plainText(personWords(row.name), 160),
      scope: plainText(row.scope.join('; '), 500),
      actions: plainText(row.actions.join(', '), 300),
      privileged: row.includePrivileged ? 'Yes, explicitly included' : 'No',
      grantedBy: plainText(personWords(row.grantedBy), 160),
      grantedAt: cardDateTime(row.grantedAt),
    })),
    auditors: view.auditors.length > 0 ? plainText(view.auditors.join(', '), 1000) : `No auditors yet ("${usageText('grant auditor <user>')}").`,
    previousOffset,
    nextOffset,
    verbs: { page: Verbs.operatorsPage },
  });
}
