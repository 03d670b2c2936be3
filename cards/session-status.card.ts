import template from './templates/session-status.json';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

export type SessionState = 'OFF' | 'ENABLING' | 'ON' | 'DISABLING' | 'ERROR';

/**
 * What the status card ("Management ON/OFF") shows: the session's mode, the account its Graph
 * calls use, who turned it on and when, when it ends, and whether auto-enable is on. Every text
 * is display-ready (dates already formatted); the card makes no decisions.
 */
export interface SessionStatusView {
  state: SessionState;
  tenantId: string;
  /** e.g. "Not configured", "Default", "Advanced". */
  modeLabel: string;
  enabledBy?: string;
  enabledAt?: string;
  /** The account whose token the session's Graph calls carry. */
  principal?: string;
  expiresAt?: string;
  /** "On" / "Off". */
  autoEnable?: string;
  /** Why it last changed when that matters (expired, restarted, ended by a mode change). */
  lastChange?: string;
  errorReason?: string;
  /** One bold line above the facts, e.g. "Turned on automatically for your action." */
  note?: string;
  /** Buttons for the viewer; each is re-authorized when clicked. */
  /** `chooseMode`: no management type yet and the viewer is a tenant admin: the seed's two first-run options. */
  offer?: { turnOn?: boolean; turnOff?: boolean; details?: boolean; chooseMode?: boolean };
}

const presentation: Record<SessionState, { title: string; color: string; style: string; summary: string }> = {
  OFF: {
    title: 'Management OFF',
    // Yellow or green title text is hard to read; the container's style carries the tone.
    color: 'Default',
    style: 'emphasis',
    summary: 'Management actions are unavailable until the management session is turned on.',
  },
  ENABLING: { title: 'Management turning on…', color: 'Accent', style: 'emphasis', summary: 'The management session is starting.' },
  ON: { title: 'Management ON', color: 'Default', style: 'good', summary: 'Management actions run inside this session.' },
  DISABLING: { title: 'Management turning off…', color: 'Accent', style: 'emphasis', summary: 'The management session is stopping.' },
  ERROR: { title: 'Management ERROR', color: 'Attention', style: 'attention', summary: 'The management session failed.' },
};

export function renderSessionStatusCard(view: SessionStatusView): AdaptiveCardJson {
  const look = presentation[view.state];
  const optional: Array<[string, string | undefined]> = [
    ['Acting as', view.principal],
    ['Enabled by', view.enabledBy],
    ['Enabled at', view.enabledAt],
    ['Expires', view.expiresAt],
    ['Auto-enable', view.autoEnable],
    ['Last change', view.lastChange],
    ['Reason', view.errorReason],
  ];
  const facts = [
    { label: 'Tenant', value: plainText(view.tenantId) },
    { label: 'Mode', value: plainText(view.modeLabel) },
    ...optional.flatMap(([label, value]) => (value ? [{ label, value: plainText(humanizeInstants(value), 300) }] : [])),
  ];
  return renderTemplate({
    title: look.title,
    headerColor: look.color,
    headerStyle: look.style,
    summary: look.summary,
    facts,
    hasNote: Boolean(view.note),
    note: view.note ? plainText(view.note, 300) : '',
    offer: { turnOn: view.offer?.turnOn === true, turnOff: view.offer?.turnOff === true, details: view.offer?.details === true, chooseMode: view.offer?.chooseMode === true },
    verbs: {
      refresh: Verbs.refreshSessionStatus,
      turnOn: Verbs.sessionTurnOn,
      turnOff: Verbs.sessionTurnOff,
      details: Verbs.sessionDetails,
      createServiceAccount: Verbs.serviceAccountCreate,
      chooseMode: Verbs.modeChangeRequest,
    },
  });
}
