/**
 * The lifecycle of custom actions (issue 14): tenant admins define them (JSON, YAML or the card
 * form), a second tenant admin approves, a tenant admin publishes, disables or enables them, and
 * the runner asks `requireRunnable` before anything runs. The steps, their four-eyes rule,
 * idempotence, history and audit are the lifecycle every reviewed definition shares
 * (services/definitions/definition-lifecycle.ts, whose decisions apply here); this service adds
 * what only custom actions know: the allow-list check (on save, and again on submit, approval,
 * publish, enable and every run, so an entry removed from the allow-list stops actions that used
 * it), the diff in request words, the preview of the exact request, and who may run one.
 */
import type { AuthorizationService } from '../access/authorization.service';
import { DefinitionLifecycle, stepCapabilities, type DefinitionKind, type DefinitionLifecycleOptions, type SaveResult as DefinitionSaveResult, type StepResult as DefinitionStepResult } from '../definitions/definition-lifecycle';
import type { AuditWriter } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { CustomActionError, customActionError } from './custom-action-errors';
import { describeChanges } from './custom-action-diff';
import { describeIssue, validateCustomActionDefinition, type CustomActionValidation } from './custom-action-parser';
import { buildCustomActionRequest, describeCustomActionRequest } from './custom-action-request';
import type { CustomActionRepository } from './custom-action.repository.port';
import { mayRunCustomAction, type CustomActionCaller } from './custom-action-runners';
import type { CustomActionDefinition } from './custom-action.schema';
import { LIVE_STATES, OPEN_STATES, type CustomActionRequest, type CustomActionSummary, type CustomActionTargetRef, type RunnableCustomAction } from './custom-action.types';

export type { ApprovalPolicySource, EditOptions, StepOptions, VersionRef } from '../definitions/definition-lifecycle';

export interface CustomActionServiceOptions extends DefinitionLifecycleOptions {
  /** The Graph address previews show. Default https://graph.microsoft.com/v1.0. */
  graphBaseUrl?: string;
}

export type SaveResult = DefinitionSaveResult<CustomActionDefinition>;
export type StepResult = DefinitionStepResult<CustomActionDefinition>;

export interface CustomActionPreview {
  request: CustomActionRequest;
  /** Method, URL and JSON body, as a card shows them. */
  text: string;
}

const STALE_WORDS = 'no longer fits the requests custom actions may make';

/** Custom actions for the lifecycle: checked against the allow-list, diffed in request words. */
export const CUSTOM_ACTION_KIND: DefinitionKind<CustomActionDefinition> = {
  area: 'customAction',
  noun: 'custom action',
  renameHint: 'To make a new action, define it instead.',
  staleWords: STALE_WORDS,
  capabilities: { define: 'customAction.define', approve: 'customAction.approve' },
  error: customActionError,
  name: (definition) => definition.name,
  title: (definition) => definition.title,
  check: (input) => {
    const validation = validateCustomActionDefinition(input);
    return { ...(validation.ok && validation.definition ? { definition: validation.definition } : {}), problems: validation.errors.map(describeIssue), warnings: validation.warnings.map(describeIssue) };
  },
  recheck: (definition) => validateCustomActionDefinition(definition).errors.map(describeIssue),
  describeChanges,
};

export class CustomActionService extends DefinitionLifecycle<CustomActionDefinition> {
  constructor(
    repository: CustomActionRepository,
    authorization: Pick<AuthorizationService, 'require'>,
    audit: AuditWriter,
    clock: Clock,
    private readonly options: CustomActionServiceOptions = {},
  ) {
    super(CUSTOM_ACTION_KIND, repository, authorization, audit, clock, options);
  }

  /** Checks a definition without saving it (the card's "Check" button). Needs no permission: nothing is read or written. */
  validate(input: unknown): CustomActionValidation {
    return validateCustomActionDefinition(input);
  }

  /**
   * The published version, for the runner: the one check before a custom action runs or is
   * delegated. Not audited here: the runner audits its refusal with the run's correlation id.
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, or CUSTOM_ACTION.NOT_RUNNABLE saying why (a draft,
   *   waiting for approval, approved but not published, disabled, or no longer allowed by the allow-list).
   */
  async requireRunnable(tenantId: string, name: string): Promise<RunnableCustomAction> {
    const published = await this.requirePublished(tenantId, name);
    const check = validateCustomActionDefinition(published.definition);
    if (!check.ok) {
      throw new CustomActionError('CUSTOM_ACTION.NOT_RUNNABLE', `"${published.definition.title}" ${STALE_WORDS}, so it can't be run.`, {
        details: { name, state: 'published', problems: check.errors.map(describeIssue) },
        nextStep: 'A tenant admin edits it into an allowed request; the new version needs a second admin\'s approval.',
      });
    }
    return {
      tenantId,
      name,
      version: published.version,
      definition: published.definition,
      approvedBy: published.approvedBy ?? published.publishedBy ?? published.createdBy,
      publishedAt: published.publishedAt ?? published.updatedAt,
    };
  }

  /**
   * The exact request the definition makes for a sample target and parameter values: method,
   * URL and JSON body with the values substituted (typed). Reads and writes nothing.
   * @throws CustomActionError CUSTOM_ACTION.INVALID_DEFINITION, CUSTOM_ACTION.INVALID_PARAMETERS.
   */
  preview(definition: CustomActionDefinition, sampleTarget: CustomActionTargetRef, parameters: Readonly<Record<string, unknown>> = {}): CustomActionPreview {
    const check = validateCustomActionDefinition(definition);
    if (!check.ok || !check.definition) {
      const problems = check.errors.map(describeIssue);
      throw new CustomActionError('CUSTOM_ACTION.INVALID_DEFINITION', problems.join('\n'), { details: { name: definition.name, problems } });
    }
    const request = buildCustomActionRequest(check.definition, sampleTarget, parameters, this.options.graphBaseUrl ? { graphBaseUrl: this.options.graphBaseUrl } : {});
    return { request, text: describeCustomActionRequest(request) };
  }

  /** The preview of a stored action: its open version when there is one, else the live one. Authorize customAction.define first. */
  async previewStored(tenantId: string, name: string, sampleTarget: CustomActionTargetRef, parameters: Readonly<Record<string, unknown>> = {}): Promise<CustomActionPreview> {
    const versions = await this.repository.listVersions(tenantId, name);
    const version = versions.find((v) => OPEN_STATES.includes(v.state)) ?? versions.find((v) => LIVE_STATES.includes(v.state));
    if (!version) throw this.notFound(name);
    return this.preview(version.definition, sampleTarget, parameters);
  }

  /** Published actions the caller may run (the operators' list); the target's scope is checked when one runs. */
  async listRunnable(tenantId: string, caller: CustomActionCaller): Promise<CustomActionSummary[]> {
    return (await this.list(tenantId)).filter((summary) => summary.live?.state === 'published' && mayRunCustomAction(summary.live.definition, caller));
  }
}

/** For the cards: the capability each step needs, so a card shows only the buttons a viewer may use. */
export const CUSTOM_ACTION_STEP_CAPABILITIES = stepCapabilities(CUSTOM_ACTION_KIND.capabilities);
