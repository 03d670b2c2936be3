/**
 * The audit of custom actions: one record per change (after its commit) and one per refusal
 * (before it is thrown), all with target { type: 'customAction', id: <name> }. Details hold ids,
 * states, counts and the diff summary; never parameter values or secrets.
 */
import { toPerson, type Actor } from '../access/actor';
import type { AuditOutcome, AuditWriter, JsonObject } from '../ports/audit-log.port';
import { CustomActionError, type CustomActionErrorCode } from './custom-action-errors';
import type { CustomActionVersion } from './custom-action.types';

export type CustomActionAuditAction =
  | 'customAction.create'
  | 'customAction.edit'
  | 'customAction.submit'
  | 'customAction.reject'
  | 'customAction.approve'
  | 'customAction.publish'
  | 'customAction.disable'
  | 'customAction.enable';

export interface Refusal {
  action: CustomActionAuditAction;
  name: string;
  code: CustomActionErrorCode;
  /** The sentence the user sees. */
  message: string;
  correlationId: string;
  version?: CustomActionVersion;
  /** 'denied' for a rule about the person (four-eyes); 'failed' for the request itself. Default 'failed'. */
  outcome?: Exclude<AuditOutcome, 'ok'>;
  /** For INVALID_DEFINITION: the problems (the first few go into the audit, all into the error). */
  problems?: string[];
  warnings?: string[];
}

export class CustomActionAuditTrail {
  constructor(private readonly audit: AuditWriter) {}

  async changed(actor: Actor, action: CustomActionAuditAction, version: CustomActionVersion, correlationId: string, details: JsonObject): Promise<void> {
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action,
      target: { type: 'customAction', id: version.name, displayName: version.definition.title },
      result: { outcome: 'ok' },
      correlationId,
      details: { version: version.version, revision: version.revision, ...details },
    });
  }

  /** Audits the refusal, then throws it as a CustomActionError. */
  async refuse(actor: Actor, refusal: Refusal): Promise<never> {
    const { action, name, code, message, correlationId, version, problems, warnings } = refusal;
    await this.refused(actor, action, name, version, code, correlationId, refusal.outcome ?? 'failed', problems ? { problemCount: problems.length, problems: problems.slice(0, 5) } : {});
    throw new CustomActionError(code, message, {
      details: { name, ...(version ? { state: version.state } : {}), ...(problems ? { problems } : {}), ...(warnings ? { warnings } : {}) },
      correlationId,
    });
  }

  /** A refusal record only, for errors rethrown as they are (an Entra outage while counting admins). */
  async refused(
    actor: Actor,
    action: CustomActionAuditAction,
    name: string,
    version: CustomActionVersion | undefined,
    code: string,
    correlationId: string,
    outcome: Exclude<AuditOutcome, 'ok'>,
    details: JsonObject = {},
  ): Promise<void> {
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action,
      target: { type: 'customAction', id: name || '(unnamed)', ...(version ? { displayName: version.definition.title } : {}) },
      result: { outcome, code },
      correlationId,
      details: { ...(version ? { version: version.version, revision: version.revision, state: version.state } : {}), ...details },
    });
  }
}
