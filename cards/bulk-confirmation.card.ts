import template from './templates/bulk-confirmation.json';
import type { CardFact } from './grant-confirmation.card';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

/** Skipped users listed on the card, at most (the card must stay under ~28 KB). */
const MAX_SKIPPED_LINES = 25;

/**
 * "This is what will happen" for a bulk action: how many users it acts on, and every user it
 * skips and why. The buttons carry only the job id; who, what and on whom are held server-side.
 */
export interface BulkConfirmationView {
  /** e.g. "Block sign-in for 37 users?" */
  title: string;
  facts: readonly CardFact[];
  /** "Megan Bowen (megan@contoso.com): outside your scope". */
  skipped: readonly string[];
  /** How many skipped lines are not shown. */
  moreSkipped: number;
  note?: string;
  verb: string;
  jobId: string;
  confirmTitle: string;
  destructive: boolean;
  /**
   * The person must first ask a tenant admin's approval: the main button asks for it (decision
   * `requestApproval`) instead of running, and the card says so.
   */
  askApproval?: boolean;
  expiresAt: string;
}

export function renderBulkConfirmationCard(view: BulkConfirmationView): AdaptiveCardJson {
  const skipped = view.skipped.slice(0, MAX_SKIPPED_LINES).map((line) => plainText(line, 200));
  const more = view.moreSkipped + Math.max(0, view.skipped.length - MAX_SKIPPED_LINES);
  if (more > 0) skipped.push(`and ${more} more`);
  return renderTemplate({
    title: plainText(view.title, 200),
    hasNote: Boolean(view.note),
    note: view.note ? plainText(view.note, 300) : '',
    facts: view.facts.map((fact) => ({ label: plainText(fact.label, 40), value: plainText(fact.value, 300) })),
    hasSkipped: skipped.length > 0,
    skipped,
    verb: view.verb,
    jobId: view.jobId,
    confirmTitle: view.askApproval ? 'Ask for approval' : plainText(view.confirmTitle, 40),
    confirmStyle: view.askApproval ? 'positive' : view.destructive ? 'destructive' : 'positive',
    decision: view.askApproval ? 'requestApproval' : 'confirm',
    footer: plainText(footerOf(view), 400),
    expiresAt: plainText(view.expiresAt, 60),
  });
}

function footerOf(view: BulkConfirmationView): string {
  if (view.askApproval) {
    return `Nothing changes until a tenant admin approves. Once approved, you get a card to start it, and its progress shows there. You can ask until ${view.expiresAt}.`;
  }
  return `Nothing changes until you select ${view.confirmTitle}. Progress shows on this card, and you can cancel it there. This confirmation expires at ${view.expiresAt}.`;
}
