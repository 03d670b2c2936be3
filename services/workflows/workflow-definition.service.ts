/**
 * The workflows tenant admins define (issue 14), reviewed like custom actions: pasted YAML or
 * JSON is checked on save (every problem in words, with its line), a second tenant admin
 * approves, a tenant admin publishes, disables or enables. The steps, their four-eyes rule,
 * idempotence, history and audit are the lifecycle every reviewed definition shares
 * (services/definitions/definition-lifecycle.ts, whose decisions apply here); this service adds
 * what only workflows know: their validation (the built-in templates' names are reserved, and
 * `custom:<name>` steps are checked against the tenant's custom actions) and their diff.
 * Only the published version runs: WorkflowCatalog reads it from the same store.
 */
import type { AuthorizationService } from '../access/authorization.service';
import { DefinitionLifecycle, type DefinitionKind, type DefinitionLifecycleOptions, type SaveResult, type StepResult } from '../definitions/definition-lifecycle';
import type { DefinitionState, DefinitionSummary } from '../definitions/definition-lifecycle.types';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import type { CustomActionDefinition } from '../custom-actions/custom-action.schema';
import { WorkflowCatalog } from './workflow-catalog';
import { workflowDefinitionError } from './workflow-definition-errors';
import type { WorkflowDefinitionRepository } from './workflow-definition.repository.port';
import { describeWorkflowChanges } from './workflow-diff';
import { describeIssue, validateWorkflowDefinition, type WorkflowValidation } from './workflow-parser';
import type { WorkflowValidationContext } from './workflow-validation';
import type { WorkflowDefinition } from './workflow.schema';

export type { EditOptions, StepOptions, VersionRef } from '../definitions/definition-lifecycle';
export type WorkflowSaveResult = SaveResult<WorkflowDefinition>;
export type WorkflowStepResult = StepResult<WorkflowDefinition>;
export type WorkflowDefinitionSummary = DefinitionSummary<WorkflowDefinition>;

/** The tenant's custom actions, for checking a workflow's `custom:<name>` steps (CustomActionService). */
export interface CustomActionSource {
  list(tenantId: string): Promise<ReadonlyArray<DefinitionSummary<CustomActionDefinition>>>;
}

export interface WorkflowDefinitionServiceOptions extends DefinitionLifecycleOptions {
  /** Without it, a `custom:<name>` step is checked for the form of its name only. */
  customActions?: CustomActionSource;
}

const WORKFLOW_DEFINITION_CAPABILITIES = { define: 'workflow.define', approve: 'workflow.approve' } as const;

export class WorkflowDefinitionService extends DefinitionLifecycle<WorkflowDefinition> {
  private readonly context: (tenantId: string) => Promise<WorkflowValidationContext>;

  constructor(
    repository: WorkflowDefinitionRepository,
    authorization: Pick<AuthorizationService, 'require'>,
    audit: AuditWriter,
    clock: Clock,
    options: WorkflowDefinitionServiceOptions = {},
  ) {
    const context = (tenantId: string) => validationContext(tenantId, options.customActions);
    const kind: DefinitionKind<WorkflowDefinition> = {
      area: 'workflowDefinition',
      noun: 'workflow',
      renameHint: 'To make a new workflow, define it instead.',
      staleWords: 'no longer passes the checks a workflow must pass (a custom action it uses may have changed)',
      capabilities: WORKFLOW_DEFINITION_CAPABILITIES,
      error: workflowDefinitionError,
      name: (definition) => definition.name,
      title: (definition) => definition.title,
      check: async (input, tenantId) => checked(validateWorkflowDefinition(input, await context(tenantId))),
      recheck: async (definition, tenantId) => validateWorkflowDefinition(definition, await context(tenantId)).errors.map(describeIssue),
      describeChanges: describeWorkflowChanges,
    };
    super(kind, repository, authorization, audit, clock, options);
    this.context = context;
  }

  /**
   * Checks a definition without saving it (the form's Check button), as a save would check it.
   * Reads the tenant's custom actions; writes nothing. Authorize workflow.define at the door first.
   */
  async validate(tenantId: string, input: unknown): Promise<WorkflowValidation> {
    return validateWorkflowDefinition(input, await this.context(tenantId));
  }
}

function checked(validation: WorkflowValidation): { definition?: WorkflowDefinition; problems: string[]; warnings: string[] } {
  return { ...(validation.ok && validation.definition ? { definition: validation.definition } : {}), problems: validation.errors.map(describeIssue), warnings: validation.warnings.map(describeIssue) };
}

/** A custom action's state as the validation's warning says it ("is a draft, not published"); published stays 'published'. */
const CUSTOM_ACTION_STATE_WORDS: Readonly<Record<DefinitionState, string>> = {
  draft: 'a draft',
  submitted: 'waiting for approval',
  approved: 'approved',
  published: 'published',
  disabled: 'disabled',
  superseded: 'replaced by a newer version',
};

/** The templates' names are reserved; `custom:<name>` steps name the tenant's custom actions (their working version's parameters). */
async function validationContext(tenantId: string, customActions: CustomActionSource | undefined): Promise<WorkflowValidationContext> {
  const reservedNames = WorkflowCatalog.reservedNames();
  if (!customActions) return { reservedNames };
  const known = new Map<string, { state: string; parameters: CustomActionDefinition['parameters'] }>();
  for (const summary of await customActions.list(tenantId)) {
    const version = summary.live ?? summary.open;
    if (version) known.set(summary.name, { state: CUSTOM_ACTION_STATE_WORDS[version.state], parameters: version.definition.parameters });
  }
  return { reservedNames, customActions: known };
}
