/**
 * The audit of reviewed definitions: one record per change (after its commit) and one per refusal
 * (before it is thrown), all with target { type: <area>, id: <name> } and action `<area>.<step>`
 * (customAction.publish, workflowDefinition.approve). Details hold ids, states, counts and the
 * diff summary; never parameter values or secrets.
 */
import { toPerson, type Actor } from '../access/actor';
import type { AuditOutcome, AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { DefinitionErrorFactory, DefinitionErrorKind } from './definition-errors';
import type { DefinitionVersion } from './definition-lifecycle.types';

/** The steps of the lifecycle, as audited. */
export type DefinitionStep = 'create' | 'edit' | 'submit' | 'reject' | 'approve' | 'publish' | 'disable' | 'enable';

export interface DefinitionAuditSubject<TDefinition> {
  /** The audit area: target type and action prefix (customAction, workflowDefinition). */
  area: string;
  title(definition: TDefinition): string;
  error: DefinitionErrorFactory;
}

export interface Refusal<TDefinition> {
  step: DefinitionStep;
  name: string;
  kind: DefinitionErrorKind;
  /** The sentence the user sees. */
  message: string;
  correlationId: string;
  version?: DefinitionVersion<TDefinition>;
  /** 'denied' for a rule about the person (four-eyes); 'failed' for the request itself. Default 'failed'. */
  outcome?: Exclude<AuditOutcome, 'ok'>;
  /** For INVALID_DEFINITION: the problems (the first few go into the audit, all into the error). */
  problems?: string[];
  warnings?: string[];
}

export class DefinitionAuditTrail<TDefinition> {
  constructor(
    private readonly audit: AuditWriter,
    private readonly subject: DefinitionAuditSubject<TDefinition>,
  ) {}

  async changed(actor: Actor, step: DefinitionStep, version: DefinitionVersion<TDefinition>, correlationId: string, details: JsonObject): Promise<void> {
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: `${this.subject.area}.${step}`,
      target: { type: this.subject.area, id: version.name, displayName: this.subject.title(version.definition) },
      result: { outcome: 'ok' },
      correlationId,
      details: { version: version.version, revision: version.revision, ...details },
    });
  }

  /** Audits the refusal, then throws it as the definition's own error. */
  async refuse(actor: Actor, refusal: Refusal<TDefinition>): Promise<never> {
    const { step, name, kind, message, correlationId, version, problems, warnings } = refusal;
    const error = this.subject.error(kind, message, {
      details: { name, ...(version ? { state: version.state } : {}), ...(problems ? { problems } : {}), ...(warnings ? { warnings } : {}) },
      correlationId,
    });
    await this.refused(actor, step, name, version, error.code, correlationId, refusal.outcome ?? 'failed', problems ? { problemCount: problems.length, problems: problems.slice(0, 5) } : {});
    throw error;
  }

  /** A refusal record only, for errors rethrown as they are (an Entra outage while counting admins). */
  async refused(
    actor: Actor,
    step: DefinitionStep,
    name: string,
    version: DefinitionVersion<TDefinition> | undefined,
    code: string,
    correlationId: string,
    outcome: Exclude<AuditOutcome, 'ok'>,
    details: JsonObject = {},
  ): Promise<void> {
    await this.audit.append({
      tenantId: actor.tenantId,
      actor: toPerson(actor),
      action: `${this.subject.area}.${step}`,
      target: { type: this.subject.area, id: name || '(unnamed)', ...(version ? { displayName: this.subject.title(version.definition) } : {}) },
      result: { outcome, code },
      correlationId,
      details: { ...(version ? { version: version.version, revision: version.revision, state: version.state } : {}), ...details },
    });
  }
}
