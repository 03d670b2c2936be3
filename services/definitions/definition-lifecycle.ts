/**
 * The review lifecycle every tenant-defined definition shares (issue 14): custom actions
 * (services/custom-actions/custom-action.service.ts) and workflows
 * (services/workflows/workflow-definition.service.ts) extend it with what only they know: how a
 * definition is read and checked, what changed between two versions, how it runs. Tenant admins
 * define a draft (pasted JSON or YAML, or a card form), a second tenant admin approves it, a
 * tenant admin publishes, disables or enables it. A chat command, a card verb and the tab call the
 * same methods; each re-checks the caller itself (DESIGN.md §6.2).
 *
 * Decisions:
 * - Editing a draft, submitted or approved version changes it in place and puts it back to
 *   draft: the approval was for other content. Editing a published (or disabled) definition
 *   starts version n+1 as a draft; version n keeps running until n+1 is approved and published,
 *   which supersedes it. So fixing a live definition never takes it away by surprise; to stop it
 *   at once, disable it.
 * - Four-eyes: nobody who wrote a version (created or edited it) or submitted it may approve it.
 *   A tenant whose policy is self-approve and that has a single tenant admin may approve its own
 *   (DESIGN.md §6.4, as ApprovalService decides it); that approval is flagged in the history and
 *   the audit.
 * - A disabled version can be enabled again without a new approval: its content is the approved
 *   content. It is checked again first (`DefinitionKind.recheck`), like every submit, approval
 *   and publish, so a rule that tightened since stops definitions that no longer pass it.
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
import { DefinitionAuditTrail, type DefinitionStep } from './definition-audit';
import type { DefinitionErrorFactory, DefinitionErrorKind } from './definition-errors';
import { DefinitionFourEyes, samePerson, type ApprovalPolicySource } from './definition-four-eyes';
import {
  LIVE_STATES,
  OPEN_STATES,
  type DefinitionEvent,
  type DefinitionHistoryEntry,
  type DefinitionState,
  type DefinitionSummary,
  type DefinitionVersion,
  type VersionRef,
} from './definition-lifecycle.types';
import type { DefinitionVersionRepository, DefinitionVersionUpdate } from './definition-version.repository.port';

export type { ApprovalPolicySource } from './definition-four-eyes';
export type { VersionRef } from './definition-lifecycle.types';

/** A definition read and checked: the definition when it can be saved, else every problem. */
export interface CheckedDefinition<TDefinition> {
  definition?: TDefinition;
  /** One sentence per problem, with its line for pasted text. */
  problems: string[];
  /** Not blocking, one sentence each. */
  warnings: string[];
}

/** What the lifecycle needs to know about one kind of definition. */
export interface DefinitionKind<TDefinition> {
  /** The audit area: target type and action prefix (customAction → customAction.publish). */
  area: string;
  /** The definition in words: "custom action", "workflow". */
  noun: string;
  /** What an admin does instead of renaming: "To make a new action, define it instead." */
  renameHint: string;
  /** How a stored definition fails `recheck`: "no longer fits the requests custom actions may make". */
  staleWords: string;
  /** define: create, edit, submit, publish, disable, enable; approve: approve and reject. */
  capabilities: { define: CapabilityId; approve: CapabilityId };
  error: DefinitionErrorFactory;
  name(definition: TDefinition): string;
  title(definition: TDefinition): string;
  /** Reads and checks a new definition: pasted JSON or YAML, or a card form's object. */
  check(input: unknown, tenantId: string): CheckedDefinition<TDefinition> | Promise<CheckedDefinition<TDefinition>>;
  /** Checks a stored definition against today's rules; the problems, or none. */
  recheck(definition: TDefinition, tenantId: string): string[] | Promise<string[]>;
  /** What changed, in short lines; for a new definition, a one-line summary of it. */
  describeChanges(before: TDefinition | undefined, after: TDefinition): string[];
}

export interface DefinitionLifecycleOptions {
  /** The tenant's approval policy; without it every tenant is four-eyes. */
  approvalPolicy?: ApprovalPolicySource;
  /** Counts the tenant admins for the single-admin rule of self-approve (RoleService). */
  tenantAdmins?: Pick<RoleService, 'tenantAdminCensus'>;
}

export interface StepOptions {
  correlationId?: string;
}

export interface EditOptions extends StepOptions {
  /** What the editor saw (the open version, or the live one when none is open); anything else stored now is a conflict. */
  expected?: VersionRef;
}

export interface SaveResult<TDefinition> {
  version: DefinitionVersion<TDefinition>;
  /** The diff summary written to the history (empty when nothing changed). */
  changes: string[];
  /** Not blocking, e.g. a parameter never used; one sentence each, with its line for pasted text. */
  warnings: string[];
}

export interface StepResult<TDefinition> {
  version: DefinitionVersion<TDefinition>;
  /** False when the step's result was already there (a repeated click): nothing was written. */
  changed: boolean;
}

/** Every step a card can offer, and the capability it needs (cards show only the buttons a viewer may use). */
export type DefinitionStepButton = 'define' | 'submit' | 'approve' | 'reject' | 'publish' | 'disable' | 'enable';

export function stepCapabilities(capabilities: DefinitionKind<unknown>['capabilities']): Readonly<Record<DefinitionStepButton, CapabilityId>> {
  const { define, approve } = capabilities;
  return { define, submit: define, approve, reject: approve, publish: define, disable: define, enable: define };
}

export const STATE_WORDS: Readonly<Record<DefinitionState, string>> = {
  draft: 'a draft',
  submitted: 'waiting for approval by a second tenant admin',
  approved: 'approved but not published yet',
  published: 'published',
  disabled: 'disabled',
  superseded: 'replaced by a newer version',
};

export class DefinitionLifecycle<TDefinition> {
  private readonly trail: DefinitionAuditTrail<TDefinition>;
  private readonly fourEyes: DefinitionFourEyes<TDefinition>;

  constructor(
    protected readonly kind: DefinitionKind<TDefinition>,
    protected readonly repository: DefinitionVersionRepository<TDefinition>,
    private readonly authorization: Pick<AuthorizationService, 'require'>,
    audit: AuditWriter,
    private readonly clock: Clock,
    options: DefinitionLifecycleOptions = {},
  ) {
    this.trail = new DefinitionAuditTrail(audit, kind);
    this.fourEyes = new DefinitionFourEyes(this.trail, (definition) => kind.title(definition), options.approvalPolicy, options.tenantAdmins);
  }

  /**
   * Saves a new definition as a draft (version 1). `input` is pasted JSON or YAML, or a card form's object.
   * @throws AccessDeniedError unless the actor is a tenant admin (the kind's define capability).
   * @throws the kind's INVALID_DEFINITION (every problem in words, with its line) or ALREADY_EXISTS error. Both are audited.
   */
  async createDraft(actor: Actor, input: unknown, options: StepOptions = {}): Promise<SaveResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const { definition, warnings } = await this.validOrRefused(actor, 'create', input, correlationId);
    const name = this.kind.name(definition);
    const taken = `A ${this.kind.noun} named "${name}" already exists.`;
    if ((await this.repository.listVersions(actor.tenantId, name)).length > 0) await this.refuse(actor, 'create', name, 'ALREADY_EXISTS', taken, correlationId);
    const version = this.newVersion(actor, name, 1, definition);
    const changes = this.kind.describeChanges(undefined, definition);
    const stored = await this.repository.commit({ insert: version, updates: [], history: [this.historyOf(actor, version, 'created', undefined, changes, correlationId)] });
    if (!stored) await this.refuse(actor, 'create', name, 'ALREADY_EXISTS', taken, correlationId);
    await this.trail.changed(actor, 'create', version, correlationId, { state: 'draft', changes });
    return { version, changes, warnings };
  }

  /**
   * Saves a new definition for an existing one. A draft, submitted or approved version is
   * changed in place and goes back to draft (a new approval is needed); a published or disabled
   * definition gets version n+1 as a draft, and version n keeps its state until n+1 is published.
   * An edit that changes nothing writes nothing.
   * @throws AccessDeniedError unless the actor is a tenant admin (define).
   * @throws the kind's INVALID_DEFINITION (also when the name differs), NOT_FOUND or CONFLICT (someone else saved first). All audited.
   */
  async editDraft(actor: Actor, name: string, input: unknown, options: EditOptions = {}): Promise<SaveResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const { definition, warnings } = await this.validOrRefused(actor, 'edit', input, correlationId, name);
    const versions = await this.versionsOrRefused(actor, 'edit', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    const base = open ?? versions.find((v) => LIVE_STATES.includes(v.state)) ?? (versions[0] as DefinitionVersion<TDefinition>);
    if (options.expected && !isRef(base, options.expected)) await this.refuseConflict(actor, 'edit', base, correlationId);
    const changes = this.kind.describeChanges(base.definition, definition);
    if (changes.length === 0) return { version: base, changes, warnings };

    const author = toPerson(actor);
    if (open) {
      const next: DefinitionVersion<TDefinition> = {
        ...withoutDecisions(open),
        state: 'draft',
        revision: open.revision + 1,
        definition,
        updatedBy: author,
        updatedAt: this.now(),
        authors: withPerson(open.authors, author),
      };
      const note = open.state === 'draft' ? undefined : `It was ${STATE_WORDS[open.state]}; the edit took it back to draft, so it needs a new approval.`;
      const stored = await this.repository.commit({
        updates: [{ expected: { state: open.state, revision: open.revision }, next }],
        history: [this.historyOf(actor, next, 'edited', open.state, changes, correlationId, note)],
      });
      if (!stored) await this.refuseConflict(actor, 'edit', open, correlationId);
      await this.trail.changed(actor, 'edit', next, correlationId, { from: open.state, state: 'draft', changes });
      return { version: next, changes, warnings };
    }
    const next = this.newVersion(actor, name, (versions[0] as DefinitionVersion<TDefinition>).version + 1, definition);
    const note = `Version ${base.version} stays ${STATE_WORDS[base.state]} until this version is approved and published.`;
    const stored = await this.repository.commit({ insert: next, updates: [], history: [this.historyOf(actor, next, 'newVersion', undefined, changes, correlationId, note)] });
    if (!stored) await this.refuseConflict(actor, 'edit', base, correlationId);
    await this.trail.changed(actor, 'edit', next, correlationId, { state: 'draft', basedOn: base.version, changes });
    return { version: next, changes, warnings };
  }

  /**
   * Submits the draft for approval by a second tenant admin. The definition is checked again.
   * @throws AccessDeniedError unless the actor is a tenant admin (define).
   * @throws the kind's NOT_FOUND, INVALID_STATE (nothing to submit, or already approved), CONFLICT (changed since `expected`), INVALID_DEFINITION.
   */
  async submit(actor: Actor, name: string, options: EditOptions = {}): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'submit', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'submitted' && (!options.expected || isRef(open, options.expected))) return { version: open, changed: false };
    if (!open || open.state !== 'draft') {
      const version = open ?? (versions[0] as DefinitionVersion<TDefinition>);
      const why = open ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}, so there is nothing to submit.` : `"${name}" has no draft to submit: edit it to start a new version.`;
      await this.refuse(actor, 'submit', name, 'INVALID_STATE', why, correlationId, version);
    }
    const draft = open as DefinitionVersion<TDefinition>;
    if (options.expected && !isRef(draft, options.expected)) await this.refuseConflict(actor, 'submit', draft, correlationId);
    await this.stillValidOrRefused(actor, 'submit', draft, correlationId);
    const next: DefinitionVersion<TDefinition> = { ...draft, state: 'submitted', submittedBy: toPerson(actor), submittedAt: this.now() };
    return this.step(actor, 'submit', 'submitted', draft, next, correlationId);
  }

  /**
   * Sends a submitted (or approved, not yet published) version back to draft. Done by its
   * submitter it is a withdrawal; done by another tenant admin, a rejection with a reason.
   * @throws AccessDeniedError unless the actor is a tenant admin (approve).
   * @throws the kind's NOT_FOUND, INVALID_STATE.
   */
  async reject(actor: Actor, name: string, options: StepOptions & { reason?: string } = {}): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.approve, undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'reject', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'draft') return { version: open, changed: false };
    if (!open) await this.refuse(actor, 'reject', name, 'INVALID_STATE', `"${name}" has no version waiting for approval.`, correlationId, versions[0]);
    const current = open as DefinitionVersion<TDefinition>;
    const withdrawn = current.submittedBy !== undefined && samePerson(current.submittedBy, actor);
    const next: DefinitionVersion<TDefinition> = { ...withoutDecisions(current), state: 'draft' };
    const reason = options.reason?.trim().slice(0, 500);
    return this.step(actor, 'reject', withdrawn ? 'withdrawn' : 'rejected', current, next, correlationId, reason || undefined);
  }

  /**
   * Approves the submitted version, by a tenant admin (checked in Entra now) who neither wrote
   * nor submitted it, unless a single-admin tenant chose self-approve. `expected` is the version
   * and revision the approver reviewed: an approval never covers content they did not see.
   * @throws AccessDeniedError unless the actor is a tenant admin now (approve).
   * @throws the kind's SELF_APPROVAL_FORBIDDEN (audited as denied), NOT_FOUND, INVALID_STATE, CONFLICT, INVALID_DEFINITION.
   * @throws AccessError or DirectoryError when the tenant admins cannot be counted for a self-approval (fail closed, audited).
   */
  async approve(actor: Actor, name: string, options: StepOptions & { expected: VersionRef }): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.approve, undefined, { correlationId, freshRoles: true });
    const versions = await this.versionsOrRefused(actor, 'approve', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    if (open?.state === 'approved' && isRef(open, options.expected) && open.approvedBy && samePerson(open.approvedBy, actor)) return { version: open, changed: false };
    if (!open || open.state !== 'submitted') {
      const why = open
        ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}${open.state === 'draft' ? ': it must be submitted before it can be approved' : ''}.`
        : `"${name}" has no version waiting for approval.`;
      await this.refuse(actor, 'approve', name, 'INVALID_STATE', why, correlationId, open ?? versions[0]);
    }
    const submitted = open as DefinitionVersion<TDefinition>;
    if (!isRef(submitted, options.expected)) await this.refuseConflict(actor, 'approve', submitted, correlationId);
    const selfApproved = await this.fourEyes.requireSecondAdmin(actor, submitted, correlationId);
    await this.stillValidOrRefused(actor, 'approve', submitted, correlationId);
    const next: DefinitionVersion<TDefinition> = { ...submitted, state: 'approved', approvedBy: toPerson(actor), approvedAt: this.now(), selfApproved };
    const note = selfApproved ? 'Approved by its own author under the self-approve policy of a single-admin tenant.' : undefined;
    return this.step(actor, 'approve', 'approved', submitted, next, correlationId, note, { selfApproved });
  }

  /**
   * Publishes the approved version: from now on it can be run. The version published before it
   * (or disabled) is superseded in the same commit.
   * @throws AccessDeniedError unless the actor is a tenant admin (define).
   * @throws the kind's NOT_FOUND, INVALID_STATE (not approved yet), CONFLICT, INVALID_DEFINITION.
   */
  async publish(actor: Actor, name: string, options: StepOptions = {}): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'publish', name, correlationId);
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (!open && live?.state === 'published') return { version: live, changed: false };
    if (!open || open.state !== 'approved') {
      const why = open
        ? `Version ${open.version} of "${name}" is ${STATE_WORDS[open.state]}: only a version another tenant admin approved can be published.`
        : `"${name}" has no approved version to publish.`;
      await this.refuse(actor, 'publish', name, 'INVALID_STATE', why, correlationId, open ?? live ?? versions[0]);
    }
    const approved = open as DefinitionVersion<TDefinition>;
    await this.stillValidOrRefused(actor, 'publish', approved, correlationId);
    const now = this.now();
    const next: DefinitionVersion<TDefinition> = { ...approved, state: 'published', publishedBy: toPerson(actor), publishedAt: now };
    const updates: DefinitionVersionUpdate<TDefinition>[] = [];
    const history: DefinitionHistoryEntry[] = [];
    if (live) {
      const superseded: DefinitionVersion<TDefinition> = { ...live, state: 'superseded', supersededAt: now };
      updates.push({ expected: { state: live.state, revision: live.revision }, next: superseded });
      history.push(this.historyOf(actor, superseded, 'superseded', live.state, [], correlationId, `Replaced by version ${approved.version}.`));
    }
    updates.push({ expected: { state: approved.state, revision: approved.revision }, next });
    history.push(this.historyOf(actor, next, 'published', approved.state, [], correlationId));
    if (!(await this.repository.commit({ updates, history }))) await this.refuseConflict(actor, 'publish', approved, correlationId);
    await this.trail.changed(actor, 'publish', next, correlationId, { from: 'approved', state: 'published', ...(live ? { supersededVersion: live.version } : {}) });
    return { version: next, changed: true };
  }

  /**
   * Disables the published version: it can no longer be run until enabled again.
   * @throws AccessDeniedError unless the actor is a tenant admin (define).
   * @throws the kind's NOT_FOUND, INVALID_STATE (never published), CONFLICT.
   */
  async disable(actor: Actor, name: string, options: StepOptions & { reason?: string } = {}): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'disable', name, correlationId);
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (live?.state === 'disabled') return { version: live, changed: false };
    if (!live) await this.refuse(actor, 'disable', name, 'INVALID_STATE', `"${name}" was never published, so there is nothing to disable.`, correlationId, versions[0]);
    const published = live as DefinitionVersion<TDefinition>;
    const reason = options.reason?.trim().slice(0, 500) || undefined;
    const next: DefinitionVersion<TDefinition> = { ...published, state: 'disabled', disabledBy: toPerson(actor), disabledAt: this.now(), ...(reason ? { disabledReason: reason } : {}) };
    return this.step(actor, 'disable', 'disabled', published, next, correlationId, reason);
  }

  /**
   * Enables a disabled version again, without a new approval (its content was approved), after
   * checking it against today's rules.
   * @throws AccessDeniedError unless the actor is a tenant admin (define).
   * @throws the kind's NOT_FOUND, INVALID_STATE (not disabled), INVALID_DEFINITION (today's rules refuse it), CONFLICT.
   */
  async enable(actor: Actor, name: string, options: StepOptions = {}): Promise<StepResult<TDefinition>> {
    const correlationId = options.correlationId ?? randomUUID();
    await this.authorization.require(actor, this.kind.capabilities.define, undefined, { correlationId });
    const versions = await this.versionsOrRefused(actor, 'enable', name, correlationId);
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    if (live?.state === 'published') return { version: live, changed: false };
    if (!live) await this.refuse(actor, 'enable', name, 'INVALID_STATE', `"${name}" was never published, so there is nothing to enable.`, correlationId, versions[0]);
    const disabled = live as DefinitionVersion<TDefinition>;
    await this.stillValidOrRefused(actor, 'enable', disabled, correlationId);
    const { disabledBy: _by, disabledAt: _at, disabledReason: _reason, ...rest } = disabled;
    const next: DefinitionVersion<TDefinition> = { ...rest, state: 'published' };
    return this.step(actor, 'enable', 'enabled', disabled, next, correlationId);
  }

  /** One definition's live and open versions (for its card), or undefined. Authorize at the door first. */
  async get(tenantId: string, name: string): Promise<DefinitionSummary<TDefinition> | undefined> {
    return this.summarize(await this.repository.listVersions(tenantId, name))[0];
  }

  /** Every definition of the tenant, by name (the list card for tenant admins). */
  async list(tenantId: string): Promise<DefinitionSummary<TDefinition>[]> {
    return this.summarize(await this.repository.listTenant(tenantId));
  }

  /** Every change of one definition, oldest first: who, when, what. Authorize at the door first. */
  async history(tenantId: string, name: string, options: { limit?: number } = {}): Promise<DefinitionHistoryEntry[]> {
    return this.repository.listHistory(tenantId, name, options);
  }

  /**
   * The published version: the one check before a definition runs. Not audited here: the caller
   * audits its refusal with the run's correlation id.
   * @throws the kind's NOT_FOUND, or NOT_RUNNABLE saying why (a draft, waiting for approval, approved but not published, disabled).
   */
  protected async requirePublished(tenantId: string, name: string): Promise<DefinitionVersion<TDefinition>> {
    const versions = await this.repository.listVersions(tenantId, name);
    if (versions.length === 0) throw this.notFound(name);
    const published = versions.find((v) => v.state === 'published');
    if (published) return published;
    const live = versions.find((v) => LIVE_STATES.includes(v.state));
    const open = versions.find((v) => OPEN_STATES.includes(v.state));
    const state = live?.state ?? open?.state ?? 'superseded';
    const title = this.kind.title((live ?? open ?? (versions[0] as DefinitionVersion<TDefinition>)).definition);
    const why =
      state === 'disabled'
        ? `"${title}" is disabled, so it can't be run. A tenant admin can enable it again.`
        : `"${title}" isn't published yet (it is ${STATE_WORDS[state]}), so it can't be run. It runs once a second tenant admin has approved it and a tenant admin has published it.`;
    throw this.kind.error('NOT_RUNNABLE', why, { details: { name, state } });
  }

  protected notFound(name: string): Error {
    return this.kind.error('NOT_FOUND', `There is no ${this.kind.noun} named "${name}".`, { details: { name } });
  }

  /** A state change of one version: commit with its history line, then audit. */
  private async step(
    actor: Actor,
    step: DefinitionStep,
    event: DefinitionEvent,
    current: DefinitionVersion<TDefinition>,
    next: DefinitionVersion<TDefinition>,
    correlationId: string,
    note?: string,
    extra: JsonObject = {},
  ): Promise<StepResult<TDefinition>> {
    const stored = await this.repository.commit({
      updates: [{ expected: { state: current.state, revision: current.revision }, next }],
      history: [this.historyOf(actor, next, event, current.state, [], correlationId, note)],
    });
    if (!stored) await this.refuseConflict(actor, step, current, correlationId);
    await this.trail.changed(actor, step, next, correlationId, { from: current.state, state: next.state, ...(event === 'withdrawn' ? { withdrawn: true } : {}), ...(note ? { note } : {}), ...extra });
    return { version: next, changed: true };
  }

  private newVersion(actor: Actor, name: string, number: number, definition: TDefinition): DefinitionVersion<TDefinition> {
    const now = this.now();
    const author = toPerson(actor);
    return { tenantId: actor.tenantId, name, version: number, state: 'draft', revision: 1, definition, createdBy: author, createdAt: now, updatedBy: author, updatedAt: now, authors: [author] };
  }

  private async validOrRefused(actor: Actor, step: DefinitionStep, input: unknown, correlationId: string, expectedName?: string): Promise<{ definition: TDefinition; warnings: string[] }> {
    const checked = await this.kind.check(input, actor.tenantId);
    const { warnings } = checked;
    const problems = [...checked.problems];
    const named = checked.definition ? this.kind.name(checked.definition) : undefined;
    if (problems.length === 0 && expectedName !== undefined && named !== undefined && named !== expectedName) {
      problems.push(`The name can't change: this is "${expectedName}", and the definition says "${named}". ${this.kind.renameHint}`);
    }
    if (problems.length > 0 || !checked.definition) {
      const subject = expectedName ?? named ?? nameOf(input);
      const plural = problems.length === 1 ? 'this problem' : `these ${problems.length} problems`;
      await this.refuse(actor, step, subject, 'INVALID_DEFINITION', `The ${this.kind.noun} was not saved because of ${plural}:\n${problems.join('\n')}`, correlationId, undefined, 'failed', { problems, warnings });
    }
    return { definition: checked.definition as TDefinition, warnings };
  }

  /** A stored version checked against today's rules (they may have tightened since the version was saved). */
  private async stillValidOrRefused(actor: Actor, step: DefinitionStep, version: DefinitionVersion<TDefinition>, correlationId: string): Promise<void> {
    const problems = await this.kind.recheck(version.definition, actor.tenantId);
    if (problems.length === 0) return;
    const message = `Version ${version.version} of "${this.kind.title(version.definition)}" ${this.kind.staleWords}:\n${problems.join('\n')}`;
    await this.refuse(actor, step, version.name, 'INVALID_DEFINITION', message, correlationId, version, 'failed', { problems });
  }

  private async versionsOrRefused(actor: Actor, step: DefinitionStep, name: string, correlationId: string): Promise<DefinitionVersion<TDefinition>[]> {
    const versions = await this.repository.listVersions(actor.tenantId, name);
    if (versions.length === 0) await this.refuse(actor, step, name, 'NOT_FOUND', `There is no ${this.kind.noun} named "${name}".`, correlationId);
    return versions;
  }

  private async refuseConflict(actor: Actor, step: DefinitionStep, version: DefinitionVersion<TDefinition>, correlationId: string): Promise<never> {
    const message = `"${this.kind.title(version.definition)}" changed since you opened it (someone saved, submitted or decided it meanwhile), so nothing was done.`;
    return this.refuse(actor, step, version.name, 'CONFLICT', message, correlationId, version);
  }

  /** Audits the refusal, then throws it (DefinitionAuditTrail.refuse). */
  private async refuse(
    actor: Actor,
    step: DefinitionStep,
    name: string,
    kind: DefinitionErrorKind,
    message: string,
    correlationId: string,
    version?: DefinitionVersion<TDefinition>,
    outcome: Exclude<AuditOutcome, 'ok'> = 'failed',
    details: { problems?: string[]; warnings?: string[] } = {},
  ): Promise<never> {
    return this.trail.refuse(actor, { step, name, kind, message, correlationId, outcome, ...(version ? { version } : {}), ...details });
  }

  private historyOf(
    actor: Actor,
    version: DefinitionVersion<TDefinition>,
    event: DefinitionEvent,
    fromState: DefinitionState | undefined,
    changes: string[],
    correlationId: string,
    note?: string,
  ): DefinitionHistoryEntry {
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

  private summarize(versions: readonly DefinitionVersion<TDefinition>[]): DefinitionSummary<TDefinition>[] {
    const byName = new Map<string, DefinitionVersion<TDefinition>[]>();
    for (const version of versions) byName.set(version.name, [...(byName.get(version.name) ?? []), version]);
    return [...byName.entries()].map(([name, list]) => {
      const live = list.find((v) => LIVE_STATES.includes(v.state));
      const open = list.find((v) => OPEN_STATES.includes(v.state));
      const newest = open ?? live ?? (list[0] as DefinitionVersion<TDefinition>);
      return { tenantId: newest.tenantId, name, title: this.kind.title(newest.definition), ...(live ? { live } : {}), ...(open ? { open } : {}) };
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The version without its submission and approval: what an edit or a rejection leaves. */
function withoutDecisions<TDefinition>(version: DefinitionVersion<TDefinition>): DefinitionVersion<TDefinition> {
  const { submittedBy: _sb, submittedAt: _sa, approvedBy: _ab, approvedAt: _aa, selfApproved: _self, ...rest } = version;
  return rest;
}

function isRef(version: VersionRef, ref: VersionRef): boolean {
  return version.version === ref.version && version.revision === ref.revision;
}

function withPerson(people: readonly Person[], person: Person): Person[] {
  return people.some((p) => samePerson(p, person)) ? [...people] : [...people, person];
}

/** A name for the audit of a definition too broken to parse: the slug it names, if any. */
function nameOf(input: unknown): string {
  const raw = typeof input === 'object' && input !== null ? (input as { name?: unknown }).name : typeof input === 'string' ? /^\s*"?name"?\s*:\s*"?([a-z][a-z0-9-]{0,63})/m.exec(input)?.[1] : undefined;
  return typeof raw === 'string' && /^[a-z][a-z0-9-]{0,63}$/.test(raw) ? raw : '(unnamed)';
}
