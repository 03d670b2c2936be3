import template from './templates/session-status.json';
import { expandTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

export type SessionState = 'OFF' | 'ENABLING' | 'ON' | 'DISABLING' | 'ERROR';

/** What the status card shows. Later issues fill the ON fields (who, when, which account). */
export interface SessionStatusView {
  state: SessionState;
  tenantId: string;
  /** e.g. "Not configured", "Default", "Advanced". */
  modeLabel: string;
  enabledBy?: string;
  enabledAt?: string;
  principal?: string;
  errorReason?: string;
}

const presentation: Record<SessionState, { title: string; color: string; style: string; summary: string }> = {
  OFF: {
    title: 'Management OFF',
    color: 'Warning',
    style: 'emphasis',
    summary: 'Management actions are unavailable until the management session is turned on.',
  },
  ENABLING: { title: 'Management turning on…', color: 'Accent', style: 'emphasis', summary: 'The management session is starting.' },
  ON: { title: 'Management ON', color: 'Good', style: 'good', summary: 'Management actions run inside this session.' },
  DISABLING: { title: 'Management turning off…', color: 'Accent', style: 'emphasis', summary: 'The management session is stopping.' },
  ERROR: { title: 'Management ERROR', color: 'Attention', style: 'attention', summary: 'The management session failed.' },
};

export function renderSessionStatusCard(view: SessionStatusView): AdaptiveCardJson {
  const look = presentation[view.state];
  const optional: Array<[string, string | undefined]> = [
    ['Enabled by', view.enabledBy],
    ['Enabled at', view.enabledAt],
    ['Acting as', view.principal],
    ['Reason', view.errorReason],
  ];
  const facts = [
    { label: 'Tenant', value: plainText(view.tenantId) },
    { label: 'Mode', value: plainText(view.modeLabel) },
    ...optional.flatMap(([label, value]) => (value ? [{ label, value: plainText(value) }] : [])),
  ];
  return expandTemplate(template, {
    title: look.title,
    headerColor: look.color,
    headerStyle: look.style,
    summary: look.summary,
    facts,
    verbs: { refresh: Verbs.refreshSessionStatus },
  });
}
