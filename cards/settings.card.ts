import type { CardFact } from './grant-confirmation.card';
import type { ProgressButtonView } from './progress.card';
import template from './templates/settings.json';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/**
 * The `settings` card for tenant admins: what the tenant uses now, its management account, and
 * the forms and buttons for what the admin may do next. The bot decides which buttons appear
 * (from the service's `actions`); every button is authorized again when it is pressed.
 */
export interface SettingsCardView {
  tenantId: string;
  /** Mode, and whatever explains it ("Advanced: actions run as the management account"). */
  modeFacts: readonly CardFact[];
  /** UPN, created, role, secret name and version, rotations; empty when there is no account. */
  accountFacts: readonly CardFact[];
  /** An interrupted creation or disable, and what to press. */
  pending?: string;
  buttons: readonly ProgressButtonView[];
  autoEnable: boolean;
  rotationCron: string;
  rotationTimeZone: string;
  /** "Next rotation: …" or why there is none. */
  rotationSummary: string;
  approvalPolicy: 'four-eyes' | 'self-approve';
  /** "Last changed … by …". */
  updated: string;
  /** Feedback of the last change ("Saved.", or a friendly validation error). */
  message?: { text: string; tone: 'good' | 'attention' };
  correlationId?: string;
}

/** The adaptivecards renderer (and so the tab) shows at most five actions in one set. */
const MAX_BUTTONS = 5;

export function renderSettingsCard(view: SettingsCardView): AdaptiveCardJson {
  return renderTemplate({
    tenantId: plainText(view.tenantId, 64),
    message: view.message ? plainText(view.message.text, 500) : '',
    messageStyle: view.message?.tone === 'attention' ? 'attention' : 'good',
    modeFacts: view.modeFacts.map(fact),
    accountFacts: view.accountFacts.map(fact),
    pending: view.pending ? plainText(view.pending, 400) : '',
    buttons: view.buttons.slice(0, MAX_BUTTONS).map((button) => ({
      title: plainText(button.title, 60),
      verb: button.verb,
      style: button.style ?? 'default',
      data: { ...(button.data ?? {}) },
    })),
    autoEnableValue: view.autoEnable ? 'true' : 'false',
    // Inputs show what the admin typed back verbatim; only their length is bounded here.
    rotationCron: view.rotationCron.slice(0, 100),
    rotationTimeZone: view.rotationTimeZone.slice(0, 64),
    rotationSummary: plainText(view.rotationSummary, 300),
    approvalPolicy: view.approvalPolicy,
    updated: plainText(humanizeInstants(view.updated), 300),
    correlationId: view.correlationId ?? '',
    verbs: {
      autoEnable: Verbs.settingsAutoEnableSet,
      schedule: Verbs.settingsRotationScheduleSet,
      approvalPolicy: Verbs.settingsApprovalPolicySet,
      refresh: Verbs.settingsOpen,
    },
  });
}

function fact(item: CardFact): CardFact {
  return { label: plainText(item.label, 40), value: plainText(humanizeInstants(item.value), 300) };
}
