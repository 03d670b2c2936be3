/**
 * A ConfirmationPreparer that records what each typed dialog collected and answers with a small
 * valid confirmation card listing it. The real preparer's authorization, directory look-ups and
 * pending confirmations are tested with the access services; here the outcome that matters is
 * what the dialog handed over, for whom, and that the user got the card.
 */
import { renderGrantConfirmationCard, Verbs, type AdaptiveCardJson, type CardFact } from '../../../../cards';
import { ConfirmationPreparer, type ConfirmationPreparerDependencies, type OperatorGrantInput } from '../../../../dialogs/access/confirmation-preparer';
import type { Actor } from '../../../../services/access/actor';
import { NOW } from './fake-sessions';

export type PreparedKind = 'operator.grant' | 'operator.revoke' | 'auditor.grant' | 'auditor.revoke';

export interface PreparedRequest {
  kind: PreparedKind;
  actorId: string;
  /** What the dialog collected: the grant's three parts, or the user. */
  input: OperatorGrantInput | { user: string };
  correlationId: string;
}

const VERBS: Record<PreparedKind, string> = {
  'operator.grant': Verbs.grantOperatorConfirm,
  'operator.revoke': Verbs.revokeOperatorConfirm,
  'auditor.grant': Verbs.grantAuditorConfirm,
  'auditor.revoke': Verbs.revokeAuditorConfirm,
};

const TITLES: Record<PreparedKind, string> = {
  'operator.grant': 'Grant operator access?',
  'operator.revoke': 'Revoke operator access?',
  'auditor.grant': 'Grant auditor access?',
  'auditor.revoke': 'Revoke auditor access?',
};

/**
 * The dialogs take the ConfirmationPreparer class itself (not a `Pick<…>` of it), so the fake
 * extends it; every method the dialogs call is overridden and never reaches these dependencies.
 */
const UNUSED_DEPENDENCIES = {} as ConfirmationPreparerDependencies;

export class RecordingPreparer extends ConfirmationPreparer {
  readonly requests: PreparedRequest[] = [];

  constructor() {
    super(UNUSED_DEPENDENCIES);
  }

  override async prepareOperatorGrant(actor: Actor, input: OperatorGrantInput, correlationId: string): Promise<AdaptiveCardJson> {
    return this.record('operator.grant', actor, { ...input }, correlationId, [
      { label: 'Operator', value: input.operator },
      { label: 'Scope', value: input.scope },
      { label: 'Actions', value: input.actions },
    ]);
  }

  override async prepareOperatorRevoke(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.record('operator.revoke', actor, { user }, correlationId, [{ label: 'Operator', value: user }]);
  }

  override async prepareAuditorGrant(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.record('auditor.grant', actor, { user }, correlationId, [{ label: 'Auditor', value: user }]);
  }

  override async prepareAuditorRevoke(actor: Actor, user: string, correlationId: string): Promise<AdaptiveCardJson> {
    return this.record('auditor.revoke', actor, { user }, correlationId, [{ label: 'Auditor', value: user }]);
  }

  private record(kind: PreparedKind, actor: Actor, input: PreparedRequest['input'], correlationId: string, facts: CardFact[]): AdaptiveCardJson {
    this.requests.push({ kind, actorId: actor.userId, input, correlationId });
    const pendingId = `pending-${this.requests.length}`;
    return renderGrantConfirmationCard({
      title: TITLES[kind],
      intro: 'This is exactly what will change.',
      facts,
      verb: VERBS[kind],
      confirmTitle: kind.endsWith('.grant') ? 'Grant' : 'Revoke',
      destructive: kind.endsWith('.revoke'),
      expiresAt: NOW,
      confirmData: { pendingId, choice: 'confirm' },
      cancelData: { pendingId, choice: 'cancel' },
    });
  }
}
