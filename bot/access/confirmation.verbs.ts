import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import { renderAccessDeniedCard, renderGrantResultCard, Verbs, type AdaptiveCardJson } from '../../cards';
import type { ConfirmationKind, ConfirmationOutcome, PendingConfirmation, PendingConfirmations } from '../../services/access/pending-confirmation.port';
import type { AccessGrantService } from '../../services/access/access-grant.service';
import type { ManagementActionId } from '../../services/access/actions';
import { describePerson, toPerson, type Actor } from '../../services/access/actor';
import type { ScopeRule } from '../../services/access/operator-grant';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { VerbContext, VerbDefinition, VerbResult } from '../invoke-router';

export interface ConfirmationVerbDependencies {
  confirmations: PendingConfirmations;
  grants: AccessGrantService;
  audit: AuditWriter;
}

/** Why a confirmation click was refused before anything ran; audited as a denial. */
type RefusalCode = 'CONFIRMATION.OTHER_TENANT' | 'CONFIRMATION.NOT_YOURS' | 'CONFIRMATION.TAMPERED';

const REFUSALS: Record<RefusalCode, string> = {
  'CONFIRMATION.OTHER_TENANT': 'This card belongs to another organization, so nothing was done.',
  'CONFIRMATION.NOT_YOURS': 'Only the admin who asked for this change can confirm it. Run the command yourself if you need it.',
  'CONFIRMATION.TAMPERED': "This card's details don't match what was prepared, so nothing was done. Run the command again.",
};

const VERB_KINDS: ReadonlyArray<[string, ConfirmationKind]> = [
  [Verbs.grantOperatorConfirm, 'operator.grant'],
  [Verbs.revokeOperatorConfirm, 'operator.revoke'],
  [Verbs.grantAuditorConfirm, 'auditor.grant'],
  [Verbs.revokeAuditorConfirm, 'auditor.revoke'],
];

interface ButtonData {
  pendingId: string;
  choice: 'confirm' | 'cancel';
  tenantId?: string;
  requesterId?: string;
  subjectId?: string;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}

function parseButtonData(data: Readonly<Record<string, unknown>>): ButtonData | undefined {
  const pendingId = optionalString(data.pendingId);
  const choice = data.choice === 'confirm' || data.choice === 'cancel' ? data.choice : undefined;
  if (!pendingId || !choice) return undefined;
  return { pendingId, choice, tenantId: optionalString(data.tenantId), requesterId: optionalString(data.requesterId), subjectId: optionalString(data.subjectId) };
}

function resultCard(outcome: ConfirmationOutcome, record: Pick<PendingConfirmation, 'facts'> | undefined, correlationId: string, nextStep?: string): AdaptiveCardJson {
  return renderGrantResultCard({ ...outcome, facts: record?.facts, nextStep, correlationId });
}

/**
 * Confirm / Cancel of the grant and revoke confirmation cards. The card names a pending id;
 * what is granted, to whom and by whom comes from the server-side record, and the echoes on
 * the card (tenant, requester, subject) must match it. The record moves open → working → done
 * by compare-and-set, so a double click or a redelivered invoke runs the change once and is
 * answered with the same result card.
 */
export class ConfirmationVerbs {
  constructor(private readonly dependencies: ConfirmationVerbDependencies) {}

  definitions(): VerbDefinition[] {
    return VERB_KINDS.map(([verb, kind]) => ({ verb, handle: (context) => this.handle(kind, context) }));
  }

  private async handle(kind: ConfirmationKind, context: VerbContext): Promise<VerbResult> {
    const { correlationId, tenantId } = context;
    const data = parseButtonData(context.data);
    if (!data) return { card: resultCard({ outcome: 'failed', title: 'Nothing was changed', message: 'This card is incomplete.' }, undefined, correlationId, 'Run the command again.') };
    const actor = context.actor;
    if (data.tenantId !== undefined && data.tenantId !== tenantId) return this.refuse(actor, kind, data, 'CONFIRMATION.OTHER_TENANT', correlationId);

    const store = this.dependencies.confirmations;
    const record = await store.get(tenantId, data.pendingId);
    if (!record) {
      return { card: resultCard({ outcome: 'failed', title: 'Nothing was changed', message: 'This confirmation is no longer valid.' }, undefined, correlationId, 'Run the command again.') };
    }
    if (record.kind !== kind) return this.refuse(actor, kind, data, 'CONFIRMATION.TAMPERED', correlationId);
    if (record.requesterId !== actor.userId) return this.refuse(actor, kind, data, 'CONFIRMATION.NOT_YOURS', correlationId);
    if ((data.requesterId !== undefined && data.requesterId !== record.requesterId) || (data.subjectId !== undefined && data.subjectId !== record.subjectId)) {
      return this.refuse(actor, kind, data, 'CONFIRMATION.TAMPERED', correlationId);
    }
    if (record.state !== 'open') return { card: this.currentCard(record, correlationId) };
    if (store.isExpired(record)) {
      const expired: ConfirmationOutcome = { outcome: 'cancelled', title: 'This confirmation expired', message: 'Nothing was changed.' };
      await store.transition(tenantId, record.id, 'open', 'cancelled', expired);
      return { card: resultCard(expired, record, correlationId, 'Run the command again if you still need the change.') };
    }
    if (data.choice === 'cancel') return this.cancel(actor, record, correlationId);
    return this.confirm(actor, record, correlationId);
  }

  private async cancel(actor: Actor, record: PendingConfirmation, correlationId: string): Promise<VerbResult> {
    const cancelled: ConfirmationOutcome = { outcome: 'cancelled', title: 'Cancelled', message: 'Nothing was changed.' };
    if ((await this.dependencies.confirmations.transition(record.tenantId, record.id, 'open', 'cancelled', cancelled)) !== 'ok') return this.reread(record, correlationId);
    await this.dependencies.audit.append({
      tenantId: record.tenantId,
      actor: toPerson(actor),
      action: `${record.kind}.cancel`,
      target: { type: 'user', id: record.subjectId },
      result: { outcome: 'ok' },
      correlationId,
      details: { confirmationId: record.id },
    });
    return { card: resultCard(cancelled, record, correlationId) };
  }

  private async confirm(actor: Actor, record: PendingConfirmation, correlationId: string): Promise<VerbResult> {
    const store = this.dependencies.confirmations;
    if ((await store.transition(record.tenantId, record.id, 'open', 'working')) !== 'ok') return this.reread(record, correlationId);
    let outcome: ConfirmationOutcome;
    try {
      outcome = await this.execute(actor, record, correlationId);
    } catch (error) {
      // Nothing was stored (the service authorizes and validates before writing): reopen the
      // confirmation so the admin can click again once the cause (e.g. an outage) is gone.
      await store.transition(record.tenantId, record.id, 'working', 'open');
      const card = expectedErrorCard(error, ANY_VIEWER, correlationId);
      if (card) return { card };
      throw error;
    }
    await store.transition(record.tenantId, record.id, 'working', 'done', outcome);
    return { card: resultCard(outcome, record, correlationId) };
  }

  /** Runs the change through the access service, which re-authorizes and audits it. */
  private async execute(actor: Actor, record: PendingConfirmation, correlationId: string): Promise<ConfirmationOutcome> {
    const grants = this.dependencies.grants;
    const payload = record.payload;
    switch (record.kind) {
      case 'operator.grant': {
        const grant = await grants.grantOperator(
          actor,
          {
            operator: String(payload.operatorId),
            scope: payload.scope as unknown as ScopeRule[],
            actions: payload.actions as unknown as ManagementActionId[],
            includePrivileged: payload.includePrivileged === true,
          },
          { correlationId },
        );
        return { outcome: 'done', title: `${describePerson(grant.operator)} is now an operator`, message: 'The grant is stored and audited. Type "operators" to see every grant.' };
      }
      case 'operator.revoke': {
        const removed = await grants.revokeOperator(actor, String(payload.operatorId), { correlationId });
        return removed
          ? { outcome: 'done', title: 'Operator access revoked', message: 'They can no longer run management actions.' }
          : { outcome: 'unchanged', title: 'Nothing to revoke', message: 'They were no longer an operator.' };
      }
      case 'auditor.grant': {
        const grant = await grants.grantAuditor(actor, String(payload.auditorId), { correlationId });
        return { outcome: 'done', title: `${describePerson(grant.auditor)} is now an auditor`, message: 'They can read, export and verify the audit log.' };
      }
      case 'auditor.revoke': {
        const removed = await grants.revokeAuditor(actor, String(payload.auditorId), { correlationId });
        return removed
          ? { outcome: 'done', title: 'Auditor access revoked', message: 'They can no longer read the audit log.' }
          : { outcome: 'unchanged', title: 'Nothing to revoke', message: 'They were no longer an auditor.' };
      }
    }
  }

  /** Someone (a double click, a redelivery) changed the record first: show where it is now. */
  private async reread(record: PendingConfirmation, correlationId: string): Promise<VerbResult> {
    const current = (await this.dependencies.confirmations.get(record.tenantId, record.id)) ?? record;
    return { card: this.currentCard(current, correlationId) };
  }

  private currentCard(record: PendingConfirmation, correlationId: string): AdaptiveCardJson {
    if (record.outcome) return resultCard(record.outcome, record, correlationId);
    return resultCard({ outcome: 'unchanged', title: 'Already in progress', message: 'This change is being made right now. Type "operators" in a moment to see the result.' }, record, correlationId);
  }

  private async refuse(actor: Actor, kind: ConfirmationKind, data: ButtonData, code: RefusalCode, correlationId: string): Promise<VerbResult> {
    await this.dependencies.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor.userId ? actor : { ...actor, userId: 'unknown' }),
      action: kind,
      target: { type: 'confirmation', id: data.pendingId },
      result: { outcome: 'denied', code },
      correlationId,
      details: { choice: data.choice },
    });
    return { card: renderAccessDeniedCard({ title: 'Nothing was done', reason: REFUSALS[code], whoCanHelp: [], correlationId }) };
  }
}
