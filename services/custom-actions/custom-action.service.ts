/**
 * The lifecycle of custom actions (issue 14): tenant admins define them (JSON, YAML or the card
 * form), a second tenant admin approves, a tenant admin publishes, disables or enables them, and
 * the runner asks `requireRunnable` before anything runs. A chat command, a card verb and the
 * tab call the same methods; each re-checks the caller itself (DESIGN.md §6.2).
 *
 * Decisions (see also custom-action.types.ts):
 * - Editing a draft, submitted or approved version changes it in place and puts it back to
 *   draft: the approval was for other content. Editing a published (or disabled) action starts
 *   version n+1 as a draft; version n keeps running until n+1 is approved and published, which
 *   supersedes it. So fixing a live action never takes it away from operators by surprise; to
 *   stop it at once, disable it.
 * - Four-eyes: nobody who wrote a version (created or edited it) or submitted it may approve it.
 *   A tenant whose policy is self-approve and that has a single tenant admin may approve its own
 *   (DESIGN.md §6.4, as ApprovalService decides it); that approval is flagged in the history and
 *   the audit.
 * - A disabled version can be enabled again without a new approval: its content is the approved
 *   content. It is checked against today's allow-list first, like every submit, approval,
 *   publish and run, so an entry removed from the allow-list stops actions that used it.
 * - Every step is idempotent for a repeated click: a step whose result is already there changes
 *   nothing and writes no second history line or audit record.
 * - Every change is one conditional commit with its history line, then one audit record; every
 *   refusal is audited too.
 */
import { randomUUID } from 'node:crypto';
import { toPerson, type Actor, type Person } from '../access/actor';
import type { AuthorizationService } from '../access/authorization.service';
import type { CapabilityId } from '../access/capabilities';
import type { RoleService } from '../access/role.service';
import type { AuditOutcome, AuditWriter, JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { CustomActionAuditTrail, type CustomActionAuditAction } from './custom-action-audit';
import { CustomActionError, type CustomActionErrorCode } from './custom-action-errors';
import { CustomActionFourEyes, samePerson, type ApprovalPolicySource } from './custom-action-four-eyes';
import { describeChanges } from './custom-action-diff';
import { describeIssue, validateCustomActionDefinition, type CustomActionValidation } from './custom-action-parser';
import { buildCustomActionRequest, describeCustomActionRequest } from './custom-action-request';
import type { CustomActionRepository, CustomActionVersionUpdate } from './custom-action.repository.port';
import { mayRunCustomAction, type CustomActionCaller } from './custom-action-runners';
import type { CustomActionDefinition } from './custom-action.schema';
import {
  LIVE_STATES,
  OPEN_STATES,
  type CustomActionEvent,
  type CustomActionHistoryEntry,
  type CustomActionRequest,
  type CustomActionState,
  type CustomActionSummary,
  type CustomActionTargetRef,
  type CustomActionVersion,
  type RunnableCustomAction,
} from './custom-action.types';

export type { ApprovalPolicySource } from './custom-action-four-eyes';

export interface CustomActionServiceOptions {
  /** The tenant's approval policy; without it every tenant is four-eyes. */
  approvalPolicy?: ApprovalPolicySource;
  /** Counts the tenant admins for the single-admin rule of self-approve (RoleService). */
  tenantAdmins?: Pick<RoleService, 'tenantAdminCensus'>;
  /** The Graph address previews show. Default https://graph.microsoft.com/v1.0. */
  graphBaseUrl?: string;
}

export interface StepOptions {
  correlationId?: string;
}

/** Which content someone looked at: a version and its revision (both on every card). */
export interface VersionRef {
  version: number;
  revision: number;
}

export interface EditOptions extends StepOptions {
  /** What the editor saw (the open version, or the live one when none is open); anything else stored now is a conflict. */
  expected?: VersionRef;
}

export interface SaveResult {
  version: CustomActionVersion;
  /** The diff summary written to the history (empty when nothing changed). */
  changes: string[];
  /** Not blocking, e.g. a parameter never used; one sentence each, with its line for pasted text. */
  warnings: string[];
}

export interface StepResult {
  version: CustomActionVersion;
  /** False when the step's result was already there (a repeated click): nothing was written. */
  changed: boolean;
}

export interface CustomActionPreview {
  request: CustomActionRequest;
  /** Method, URL and JSON body, as a card shows them. */
  text: string;
}

const STATE_WORDS: Record<CustomActionState, string> = {
  draft: 'a draft',
  submitted: 'waiting for approval by a second tenant admin',
  approved: 'approved but not published yet',
  published: 'published',
  disabled: 'disabled',
  superseded: 'replaced by a newer version',
};

export class CustomActionService {
  private readonly trail: CustomActionAuditTrail;
  private readonly fourEyes: CustomActionFourEyes;

  constructor(
    private readonly repository: CustomActionRepository,
    private readonly authorization: Pick<AuthorizationService, 'require'>,
    audit: AuditWriter,
    private readonly clock: Clock,
    private readonly options: CustomActionServiceOptions = {},
  ) {
    this.trail = new CustomActionAuditTrail(audit);
    this.fourEyes = new CustomActionFourEyes(this.trail, options.approvalPolicy, options.tenantAdmins);
  }

  /** Checks a definition without saving it (the card's "Check" button). Needs no permission: nothing is read or written. */
  validate(input: unknown): CustomActionValidation {
    return validateCustomActionDefinition(input);
  }

  /**
   * Saves a new custom action as a draft (version 1). `input` is pasted JSON or YAML, or the card form's object.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.INVALID_DEFINITION (every problem in words, with its line),
   *   CUSTOM_ACTION.ALREADY_EXISTS. Both are audited.
   */
  async createDraft(actor: Actor, input: unknown, options: StepOptions = {}): Promise<SaveResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const { definition, warnings } = await this.validOrRefused(actor, 'customAction.create', input, correlationId);
    if ((await this.repository.listVersions(actor.tenantId, definition.name)).length > 0) {
      await this.refuse(actor, 'customAction.create', definition.name, 'CUSTOM_ACTION.ALREADY_EXISTS', `A custom action named "${definition.name}" already exists.`, correlationId);
    }
    const now = this.now();
    const author = toPerson(actor);
    const version: CustomActionVersion = {
      tenantId: actor.tenantId,
      name: definition.name,
      version: 1,
      state: 'draft',
      revision: 1,
      definition,
      createdBy: author,
      createdAt: now,
      updatedBy: author,
      updatedAt: now,
      authors: [author],
    };
    const changes = describeChanges(undefined, definition);
    const stored = await this.repository.commit({ insert: version, updates: [], history: [this.historyOf(actor, version, 'created', undefined, changes, correlationId)] });
    if (!stored) await this.refuse(actor, 'customAction.create', definition.name, 'CUSTOM_ACTION.ALREADY_EXISTS', `A custom action named "${definition.name}" already exists.`, correlationId);
    await this.trail.changed(actor, 'customAction.create', version, correlationId, { state: 'draft', changes });
    return { version, changes, warnings };
  }

  /**
   * Saves a new definition for an existing action. A draft, submitted or approved version is
   * changed in place and goes back to draft (a new approval is needed); a published or disabled
   * action gets version n+1 as a draft, and version n keeps its state until n+1 is published.
   * An edit that changes nothing writes nothing.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.INVALID_DEFINITION (also when the name differs),
   *   CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.CONFLICT (someone else saved first). All audited.
   */
  async editDraft(actor: Actor, name: string, input: unknown, options: EditOptions = {}): Promise<SaveResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const { definition, warnings } = await this.validOrRefused(actor, 'customAction.edit', input, correlationId, name);
    const versions = await this.versionsOrRefused(actor, 'customAction.edit', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    const base = open ?? versions.find((v) => LIVE_STATES.includes(v.state)) ?? (versions[0] as CustomActionVersion);
    if (options.expected && !isRef(base, options.expected)) await this.refuseConflict(actor, 'customAction.edit', base, correlationId);
    const changes = describeChanges(base.definition, definition);
    if (changes.length === 0) return { version: base, changes, warnings };

    const now = this.now();
    const author = toPerson(actor);
    if (open) {
      const next: CustomActionVersion = {
        ...withoutDecisions(open),
        state: 'draft',
        revision: open.revision + 1,
        definition,
        updatedBy: author,
        updatedAt: now,
        authors: withPerson(open.authors, author),
      };
      const note = open.state === 'draft' ? undefined : `It was ${STATE_WORDS[open.state]}; the edit took it back to draft, so it needs a new approval.`;
      const stored = await this.repository.commit({
        updates: [{ expected: { state: open.state, revision: open.revision }, next }],
        history: [this.historyOf(actor, next, 'edited', open.state, changes, correlationId, note)],
      });
      if (!stored) await this.refuseConflict(actor, 'customAction.edit', open, correlationId);
      await this.trail.changed(actor, 'customAction.edit', next, correlationId, { from: open.state, state: 'draft', changes });
      return { version: next, changes, warnings };
    }
    const latest = versions[0] as CustomActionVersion;
    const next: CustomActionVersion = {
      tenantId: actor.tenantId,
      name,
      version: latest.version + 1,
      state: 'draft',
      revision: 1,
      definition,
      createdBy: author,
      createdAt: now,
      updatedBy: author,
      updatedAt: now,
      authors: [author],
    };
    const note = `Version ${base.version} stays ${STATE_WORDS[base.state]} until this version is approved and published.`;
    const stored = await this.repository.commit({ insert: next, updates: [], history: [this.historyOf(actor, next, 'newVersion', undefined, changes, correlationId, note)] });
    if (!stored) await this.refuseConflict(actor, 'customAction.edit', base, correlationId);
    await this.trail.changed(actor, 'customAction.edit', next, correlationId, { state: 'draft', basedOn: base.version, changes });
    return { version: next, changes, warnings };
  }

  /**
   * Submits the draft for approval by a second tenant admin. The definition is checked against
   * today's allow-list again.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE (nothing to submit, or
   *   already approved), CUSTOM_ACTION.CONFLICT (changed since `expected`), CUSTOM_ACTION.INVALID_DEFINITION.
   */
  async submit(actor: Actor, name: string, options: EditOptions = {}): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'customAction.submit', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'submitted' && (!options.expected || isRef(open, options.expected))) return { version: open, changed: false };
    if (!open || open.state !== 'draft') {
      const version = open ?? (versions[0] as CustomActionVersion);
      const why = open ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}, so there is nothing to submit.` : `"${name}" has no draft to submit: edit it to start a new version.`;
      await this.refuse(actor, 'customAction.submit', name, 'CUSTOM_ACTION.INVALID_STATE', why, correlationId, version);
    }
    const draft = open as CustomActionVersion;
    if (options.expected && !isRef(draft, options.expected)) await this.refuseConflict(actor, 'customAction.submit', draft, correlationId);
    await this.stillValidOrRefused(actor, 'customAction.submit', draft, correlationId);
    const next: CustomActionVersion = { ...draft, state: 'submitted', submittedBy: toPerson(actor), submittedAt: this.now() };
    return this.step(actor, 'customAction.submit', 'submitted', draft, next, correlationId);
  }

  /**
   * Sends a submitted (or approved, not yet published) version back to draft. Done by its
   * submitter it is a withdrawal; done by another tenant admin, a rejection with a reason.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.approve).
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE.
   */
  async reject(actor: Actor, name: string, options: StepOptions & { reason?: string } = {}): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.approve', undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'customAction.reject', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'draft') return { version: open, changed: false };
    if (!open) await this.refuse(actor, 'customAction.reject', name, 'CUSTOM_ACTION.INVALID_STATE', `"${name}" has no version waiting for approval.`, correlationId, versions[0]);
    const current = open as CustomActionVersion;
    const withdrawn = current.submittedBy !== undefined && samePerson(current.submittedBy, actor);
    const next: CustomActionVersion = { ...withoutDecisions(current), state: 'draft' };
    const reason = options.reason?.trim().slice(0, 500);
    return this.step(actor, 'customAction.reject', withdrawn ? 'withdrawn' : 'rejected', current, next, correlationId, reason || undefined);
  }

  /**
   * Approves the submitted version, by a tenant admin (checked in Entra now) who neither wrote
   * nor submitted it, unless a single-admin tenant chose self-approve. `expected` is the version
   * and revision the approver reviewed: an approval never covers content they did not see.
   * @throws AccessDeniedError unless the actor is a tenant admin now (customAction.approve).
   * @throws CustomActionError CUSTOM_ACTION.SELF_APPROVAL_FORBIDDEN (audited as denied),
   *   CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE, CUSTOM_ACTION.CONFLICT, CUSTOM_ACTION.INVALID_DEFINITION.
   * @throws AccessError or DirectoryError when the tenant admins cannot be counted for a self-approval (fail closed, audited).
   */
  async approve(actor: Actor, name: string, options: StepOptions & { expected: VersionRef }): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.approve', undefined, { correlationId, freshRoles: true });
    const versions = await this.versionsOrRefused(actor, 'customAction.approve', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'approved' && isRef(open, options.expected) && open.approvedBy && samePerson(open.approvedBy, actor)) return { version: open, changed: false };
    if (!open || open.state !== 'submitted') {
      const why = open
        ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}${open.state === 'draft' ? ': it must be submitted before it can be approved' : ''}.`
        : `"${name}" has no version waiting for approval.`;
      await this.refuse(actor, 'customAction.approve', name, 'CUSTOM_ACTION.INVALID_STATE', why, correlationId, open ?? versions[0]);
    }
    const submitted = open as CustomActionVersion;
    if (!isRef(submitted, options.expected)) await this.refuseConflict(actor, 'customAction.approve', submitted, correlationId);
    const selfApproved = await this.fourEyes.requireSecondAdmin(actor, submitted, correlationId);
    await this.stillValidOrRefused(actor, 'customAction.approve', submitted, correlationId);
    const next: CustomActionVersion = { ...submitted, state: 'approved', approvedBy: toPerson(actor), approvedAt: this.now(), selfApproved };
    const note = selfApproved ? 'Approved by its own author under the self-approve policy of a single-admin tenant.' : undefined;
    return this.step(actor, 'customAction.approve', 'approved', submitted, next, correlationId, note, { selfApproved });
  }

  /**
   * Publishes the approved version: from now on it can be run and delegated. The version
   * published before it (or disabled) is superseded in the same commit.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE (not approved yet),
   *   CUSTOM_ACTION.CONFLICT, CUSTOM_ACTION.INVALID_DEFINITION.
   */
  async publish(actor: Actor, name: string, options: StepOptions = {}): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'customAction.publish', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (!open && live?.state === 'published') return { version: live, changed: false };
    if (!open || open.state !== 'approved') {
      const why = open
        ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}: only a version another tenant admin approved can be published.`
        : `"${name}" has no approved version to publish.`;
      await this.refuse(actor, 'customAction.publish', name, 'CUSTOM_ACTION.INVALID_STATE', why, correlationId, open ?? live ?? versions[0]);
    }
    const approved = open as CustomActionVersion;
    await this.stillValidOrRefused(actor, 'customAction.publish', approved, correlationId);
    const now = this.now();
    const next: CustomActionVersion = { ...approved, state: 'published', publishedBy: toPerson(actor), publishedAt: now };
    const updates: CustomActionVersionUpdate[] = [];
    const history: CustomActionHistoryEntry[] = [];
    if (live) {
      const superseded: CustomActionVersion = { ...live, state: 'superseded', supersededAt: now };
      updates.push({ expected: { state: live.state, revision: live.revision }, next: superseded });
      history.push(this.historyOf(actor, superseded, 'superseded', live.state, [], correlationId, `Replaced by version ${approved.version}.`));
    }
    updates.push({ expected: { state: approved.state, revision: approved.revision }, next });
    history.push(this.historyOf(actor, next, 'published', approved.state, [], correlationId));
    if (!(await this.repository.commit({ updates, history }))) await this.refuseConflict(actor, 'customAction.publish', approved, correlationId);
    await this.trail.changed(actor, 'customAction.publish', next, correlationId, { from: 'approved', state: 'published', ...(live ? { supersededVersion: live.version } : {}) });
    return { version: next, changed: true };
  }

  /**
   * Disables the published version: it can no longer be run or delegated until enabled again.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE (never published), CUSTOM_ACTION.CONFLICT.
   */
  async disable(actor: Actor, name: string, options: StepOptions & { reason?: string } = {}): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'customAction.disable', name, correlationId);
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (live?.state === 'disabled') return { version: live, changed: false };
    if (!live) await this.refuse(actor, 'customAction.disable', name, 'CUSTOM_ACTION.INVALID_STATE', `"${name}" was never published, so there is nothing to disable.`, correlationId, versions[0]);
    const published = live as CustomActionVersion;
    const reason = options.reason?.trim().slice(0, 500) || undefined;
    const next: CustomActionVersion = { ...published, state: 'disabled', disabledBy: toPerson(actor), disabledAt: this.now(), ...(reason ? { disabledReason: reason } : {}) };
    return this.step(actor, 'customAction.disable', 'disabled', published, next, correlationId, reason);
  }

  /**
   * Enables a disabled version again, without a new approval (its content was approved), after
   * checking it against today's allow-list.
   * @throws AccessDeniedError unless the actor is a tenant admin (customAction.define).
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, CUSTOM_ACTION.INVALID_STATE (not disabled),
   *   CUSTOM_ACTION.INVALID_DEFINITION (the allow-list no longer allows it), CUSTOM_ACTION.CONFLICT.
   */
  async enable(actor: Actor, name: string, options: StepOptions = {}): Promise<StepResult> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, 'customAction.define', undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'customAction.enable', name, correlationId);
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (live?.state === 'published') return { version: live, changed: false };
    if (!live) await this.refuse(actor, 'customAction.enable', name, 'CUSTOM_ACTION.INVALID_STATE', `"${name}" was never published, so there is nothing to enable.`, correlationId, versions[0]);
    const disabled = live as CustomActionVersion;
    await this.stillValidOrRefused(actor, 'customAction.enable', disabled, correlationId);
    const { disabledBy: _by, disabledAt: _at, disabledReason: _reason, ...rest } = disabled;
    const next: CustomActionVersion = { ...rest, state: 'published' };
    return this.step(actor, 'customAction.enable', 'enabled', disabled, next, correlationId);
  }

  /**
   * The published version, for the runner: the one check before a custom action runs or is
   * delegated. Not audited here: the runner audits its refusal with the run's correlation id.
   * @throws CustomActionError CUSTOM_ACTION.NOT_FOUND, or CUSTOM_ACTION.NOT_RUNNABLE saying why (a draft,
   *   waiting for approval, approved but not published, disabled, or no longer allowed by the allow-list).
   */
  async requireRunnable(tenantId: string, name: string): Promise<RunnableCustomAction> {
    const versions = await this.repository.listVersions(tenantId, name);
    if (versions.length === 0) throw notFound(name);
    const published = versions.find((v) => v.state === 'published');
    if (!published) {
      const live = versions.find((v) => LIVE_STATES.includes(v.state));
      const open = versions.find((v) => OPEN_STATES.includes(v.state));
      const state = live?.state ?? open?.state ?? 'superseded';
      const title = (live ?? open ?? (versions[0] as CustomActionVersion)).definition.title;
      const why =
        state === 'disabled'
          ? `"${title}" is disabled, so it can't be run. A tenant admin can enable it again.`
          : `"${title}" isn't published yet (it is ${STATE_WORDS[state]}), so it can't be run. It runs once a second tenant admin has approved it and a tenant admin has published it.`;
      throw new CustomActionError('CUSTOM_ACTION.NOT_RUNNABLE', why, { details: { name, state } });
    }
    const check = validateCustomActionDefinition(published.definition);
    if (!check.ok) {
      throw new CustomActionError('CUSTOM_ACTION.NOT_RUNNABLE', `"${published.definition.title}" no longer fits the requests custom actions may make, so it can't be run.`, {
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
    if (!version) throw notFound(name);
    return this.preview(version.definition, sampleTarget, parameters);
  }

  /** One action's live and open versions (for its card), or undefined. Authorize at the door first. */
  async get(tenantId: string, name: string): Promise<CustomActionSummary | undefined> {
    return summarize(await this.repository.listVersions(tenantId, name))[0];
  }

  /** Every action of the tenant, by name (the `custom actions` card for tenant admins). */
  async list(tenantId: string): Promise<CustomActionSummary[]> {
    return summarize(await this.repository.listTenant(tenantId));
  }

  /** Published actions the caller may run (the operators' list); the target's scope is checked when one runs. */
  async listRunnable(tenantId: string, caller: CustomActionCaller): Promise<CustomActionSummary[]> {
    return (await this.list(tenantId)).filter((summary) => summary.live?.state === 'published' && mayRunCustomAction(summary.live.definition, caller));
  }

  /** Every change of one action, oldest first: who, when, what. Authorize at the door first. */
  async history(tenantId: string, name: string, options: { limit?: number } = {}): Promise<CustomActionHistoryEntry[]> {
    return this.repository.listHistory(tenantId, name, options);
  }

  /** A state change of one version: commit with its history line, then audit. */
  private async step(
    actor: Actor,
    action: CustomActionAuditAction,
    event: CustomActionEvent,
    current: CustomActionVersion,
    next: CustomActionVersion,
    correlationId: string,
    note?: string,
    extra: JsonObject = {},
  ): Promise<StepResult> {
    const stored = await this.repository.commit({
      updates: [{ expected: { state: current.state, revision: current.revision }, next }],
      history: [this.historyOf(actor, next, event, current.state, [], correlationId, note)],
    });
    if (!stored) await this.refuseConflict(actor, action, current, correlationId);
    await this.trail.changed(actor, action, next, correlationId, { from: current.state, state: next.state, ...(event === 'withdrawn' ? { withdrawn: true } : {}), ...(note ? { note } : {}), ...extra });
    return { version: next, changed: true };
  }

  private async validOrRefused(
    actor: Actor,
    action: CustomActionAuditAction,
    input: unknown,
    correlationId: string,
    expectedName?: string,
  ): Promise<{ definition: CustomActionDefinition; warnings: string[] }> {
    const validation = validateCustomActionDefinition(input);
    const warnings = validation.warnings.map(describeIssue);
    const problems = validation.errors.map(describeIssue);
    const named = validation.definition?.name;
    if (validation.ok && expectedName !== undefined && named !== expectedName) {
      problems.push(`The name can't change: this is "${expectedName}", and the definition says "${named}". To make a new action, define it instead.`);
    }
    if (problems.length > 0 || !validation.definition) {
      const subject = expectedName ?? named ?? nameOf(input);
      const plural = problems.length === 1 ? 'this problem' : `these ${problems.length} problems`;
      await this.refuse(actor, action, subject, 'CUSTOM_ACTION.INVALID_DEFINITION', `The custom action was not saved because of ${plural}:\n${problems.join('\n')}`, correlationId, undefined, 'failed', {
        problems,
        warnings,
      });
    }
    return { definition: validation.definition as CustomActionDefinition, warnings };
  }

  /** A stored version checked against today's allow-list (it may have shrunk since the version was saved). */
  private async stillValidOrRefused(actor: Actor, action: CustomActionAuditAction, version: CustomActionVersion, correlationId: string): Promise<void> {
    const validation = validateCustomActionDefinition(version.definition);
    if (validation.ok) return;
    const problems = validation.errors.map(describeIssue);
    await this.refuse(
      actor,
      action,
      version.name,
      'CUSTOM_ACTION.INVALID_DEFINITION',
      `Version ${version.version} of "${version.definition.title}" no longer fits the requests custom actions may make:\n${problems.join('\n')}`,
      correlationId,
      version,
      'failed',
      { problems },
    );
  }

  private async versionsOrRefused(actor: Actor, action: CustomActionAuditAction, name: string, correlationId: string): Promise<CustomActionVersion[]> {
    const versions = await this.repository.listVersions(actor.tenantId, name);
    if (versions.length === 0) await this.refuse(actor, action, name, 'CUSTOM_ACTION.NOT_FOUND', `There is no custom action named "${name}".`, correlationId);
    return versions;
  }

  private async refuseConflict(actor: Actor, action: CustomActionAuditAction, version: CustomActionVersion, correlationId: string): Promise<never> {
    return this.refuse(
      actor,
      action,
      version.name,
      'CUSTOM_ACTION.CONFLICT',
      `"${version.definition.title}" changed since you opened it (someone saved, submitted or decided it meanwhile), so nothing was done.`,
      correlationId,
      version,
    );
  }

  /** Audits the refusal, then throws it (CustomActionAuditTrail.refuse). */
  private async refuse(
    actor: Actor,
    action: CustomActionAuditAction,
    name: string,
    code: CustomActionErrorCode,
    message: string,
    correlationId: string,
    version?: CustomActionVersion,
    outcome: Exclude<AuditOutcome, 'ok'> = 'failed',
    details: { problems?: string[]; warnings?: string[] } = {},
  ): Promise<never> {
    return this.trail.refuse(actor, { action, name, code, message, correlationId, outcome, ...(version ? { version } : {}), ...details });
  }

  private historyOf(
    actor: Actor,
    version: CustomActionVersion,
    event: CustomActionEvent,
    fromState: CustomActionState | undefined,
    changes: string[],
    correlationId: string,
    note?: string,
  ): CustomActionHistoryEntry {
    return {
      tenantId: version.tenantId,
      name: version.name,
      version: version.version,
      at: this.now(),
      actor: toPerson(actor),
      event,
      ...(fromState ? { fromState } : {}),
      toState: version.state,
      revision: version.revision,
      changes,
      ...(note ? { note } : {}),
      correlationId,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The version without its submission and approval: what an edit or a rejection leaves. */
function withoutDecisions(version: CustomActionVersion): CustomActionVersion {
  const { submittedBy: _sb, submittedAt: _sa, approvedBy: _ab, approvedAt: _aa, selfApproved: _self, ...rest } = version;
  return rest;
}

function isRef(version: CustomActionVersion, ref: VersionRef): boolean {
  return version.version === ref.version && version.revision === ref.revision;
}

function withPerson(people: readonly Person[], person: Person): Person[] {
  return people.some((p) => samePerson(p, person)) ? [...people] : [...people, person];
}

function notFound(name: string): CustomActionError {
  return new CustomActionError('CUSTOM_ACTION.NOT_FOUND', `There is no custom action named "${name}".`, { details: { name } });
}

/** A name for the audit of a definition too broken to parse: the slug it names, if any. */
function nameOf(input: unknown): string {
  const raw = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : typeof input === 'string' ? /^\s*"?name"?\s*:\s*"?([a-z][a-z0-9-]{0,63})/m.exec(input)?.[1] : undefined;
  return typeof raw === 'string' && /^[a-z][a-z0-9-]{0,63}$/.test(raw) ? raw : '(unnamed)';
}

function summarize(versions: readonly CustomActionVersion[]): CustomActionSummary[] {
  const byName = new Map<string, CustomActionVersion[]>();
  for (const version of versions) byName.set(version.name, [...(byName.get(version.name) ?? []), version]);
  return [...byName.entries()].map(([name, list]) => {
    const live = list.find((v) => LIVE_STATES.includes(v.state));
    const open = list.find((v) => OPEN_STATES.includes(v.state));
    const newest = open ?? live ?? (list[0] as CustomActionVersion);
    return { tenantId: newest.tenantId, name, title: newest.definition.title, ...(live ? { live } : {}), ...(open ? { open } : {}) };
  });
}

/** For the cards: the capability each step needs, so a card shows only the buttons a viewer may use. */
export const CUSTOM_ACTION_STEP_CAPABILITIES: Readonly<Record<'define' | 'submit' | 'approve' | 'reject' | 'publish' | 'disable' | 'enable', CapabilityId>> = {
  define: 'customAction.define',
  submit: 'customAction.define',
  approve: 'customAction.approve',
  reject: 'customAction.approve',
  publish: 'customAction.define',
  disable: 'customAction.define',
  enable: 'customAction.define',
};

