/**
 * Delivering an export to the person who asked for it, by Teams' file-consent flow (personal
 * chats) or by a short-lived signed download link (group chats, channels, the Playground). Two
 * kinds of export share the delivery: the audit (`export audit`) and the per-user results of a
 * bulk job (the "Download results (CSV)" button of its summary card). The rules:
 *
 * - what was asked for is kept server-side as a pending export (owner, tenant, kind, dates or
 *   job, format, expiry); cards, consent contexts and links carry its id only, never content;
 * - every delivery step re-checks the person now, in their own tenant: for the audit, the
 *   `audit.export` capability; for bulk results, that they prepared the job and may still run
 *   bulk actions, or hold `audit.export` (tenant admins and auditors). Then that they are the
 *   export's owner and that it has not expired. A consent context or a link never decides who
 *   someone is;
 * - the file is built again at delivery (from the audit log, or from the bulk job store), so it
 *   holds the audit or the job as it is then;
 * - every step is audited: requested (`audit.export` / `bulk.export`), delivered, declined and
 *   refused (`….delivered`, `….declined`, `….refused`). Capability denials are audited by the
 *   authorization service.
 */
import { randomUUID } from 'node:crypto';
import { AccessDeniedError } from '../access/access-errors';
import type { Actor } from '../access/actor';
import type { AuthorizationDecision, AuthorizeOptions, TargetRef } from '../access/authorization.service';
import type { AuditExportFormat, AuditLog, JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { AuditExportError, type AuditExportErrorCode } from './audit-export-errors';
import { signLinkToken, verifyLinkToken, type AuditExportLinkKey } from './audit-export-link-token';
import type { AuditExportDelivery, PendingAuditExport, PendingAuditExportStore, PendingExportKind } from './audit-export-store.port';
import type { BulkResultsJob, BulkResultsSource } from './bulk-results-export.port';
import { BULK_RESULTS_DENIED, BULK_RESULTS_REFUSALS, downloadRefusalOf, type DownloadRefusalCode } from './export-refusal-words';

export interface AuditExportRequest {
  format: AuditExportFormat;
  /** YYYY-MM-DD, first day included. */
  from?: string;
  /** YYYY-MM-DD, last day included. */
  to?: string;
}

export interface AuditExportOffer {
  exportId: string;
  fileName: string;
  format: AuditExportFormat;
  recordCount: number;
  sizeInBytes: number;
  from?: string;
  to?: string;
  /** UTC ISO-8601 (whole seconds): after this the offer and its link are refused. */
  expiresAt: string;
  /** Link delivery only: the signed token for `GET /api/audit-exports/<token>`. */
  linkToken?: string;
}

/** What a bulk results export is about, for its cards. */
export interface BulkResultsSubject {
  jobId: string;
  /** The action's title, e.g. "Block sign-in". */
  title: string;
  /** e.g. "department Sales". */
  selection: string;
}

export interface BulkResultsOffer extends BulkResultsSubject {
  exportId: string;
  fileName: string;
  /** One per user of the job. */
  rowCount: number;
  sizeInBytes: number;
  /** UTC ISO-8601 (whole seconds): after this the offer and its link are refused. */
  expiresAt: string;
  /** Link delivery only: the signed token for `GET /api/audit-exports/<token>`. */
  linkToken?: string;
}

/** What an offered export holds, in words for its cards: the audit's dates and format, or the bulk job. */
export type ExportSubject = ({ kind: 'audit' } & AuditExportRequest) | ({ kind: 'bulkResults' } & BulkResultsSubject);

export type ExportLink = { linkToken: string; expiresAt: string } & ExportSubject;

export interface AuditExportFile {
  exportId: string;
  kind: PendingExportKind;
  /** `bulkResults`: the job the rows are of. */
  jobId?: string;
  fileName: string;
  /** With charset, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: Buffer;
  /** Audit records, or users of the bulk job. */
  recordCount: number;
}

export type AuditExportDownload =
  | { ok: true; file: AuditExportFile }
  | { ok: false; status: 403 | 404 | 410; code: DownloadRefusalCode; message: string; nextStep: string };

export interface AuditExportLinksDependencies {
  audit: Pick<AuditLog, 'export' | 'append' | 'recordRead'>;
  store: PendingAuditExportStore;
  authorization: { authorize(actor: Actor, capability: string, target?: TargetRef, options?: AuthorizeOptions): Promise<AuthorizationDecision> };
  /** Names of the person a link was made for, for the audit record of a download. */
  actors: { resolve(tenantId: string, userAadObjectId: string | undefined): Promise<Actor> };
  clock: Clock;
  /** Signs new links; with `acceptedKeys`, also the keys whose links are still honoured. */
  signingKey: AuditExportLinkKey;
  acceptedKeys?: readonly AuditExportLinkKey[];
  /** Bulk jobs' per-user results; without it, bulk results are not offered. */
  bulkResults?: BulkResultsSource;
}

export interface AuditExportLinksOptions {
  /** How long an offer (consent card or link) stays valid. Default 10 minutes. */
  ttlInMs?: number;
  /** Larger exports are refused with a next step (a shorter period). Default 50 MB. */
  maxFileBytes?: number;
}

export const DEFAULT_AUDIT_EXPORT_TTL_IN_MS = 10 * 60_000;
export const DEFAULT_MAX_AUDIT_EXPORT_BYTES = 50 * 1024 * 1024;
/** Expired offers are kept this long, so a late click is told "expired" rather than "not yours". */
const FORGET_AFTER_IN_MS = 24 * 60 * 60_000;
const AUDIT_EXPORT = 'audit.export';
/** Whether the preparer of a bulk job may still run bulk actions (tenant admins and operators). */
const BULK_RUN = 'actions.bulk';
/** The audit actions of each kind's steps: requested, then `.delivered`, `.declined`, `.refused`. */
const AUDIT_ACTION: Record<PendingExportKind, string> = { audit: 'audit.export', bulkResults: 'bulk.export' };

/** Who may have an export of this kind: the audit, or one bulk job's results. */
type Access = { kind: 'audit' } | { kind: 'bulkResults'; job: BulkResultsJob };

export class AuditExportLinks {
  private readonly ttlInMs: number;
  private readonly maxFileBytes: number;
  private readonly keys: readonly AuditExportLinkKey[];

  constructor(
    private readonly deps: AuditExportLinksDependencies,
    options: AuditExportLinksOptions = {},
  ) {
    this.ttlInMs = options.ttlInMs ?? DEFAULT_AUDIT_EXPORT_TTL_IN_MS;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_AUDIT_EXPORT_BYTES;
    this.keys = [deps.signingKey, ...(deps.acceptedKeys ?? [])];
  }

  /** How long an offer stays valid, for the words on the card. */
  get ttlInMinutes(): number {
    return Math.round(this.ttlInMs / 60_000);
  }

  /**
   * Records what `actor` asked for and returns the offer to put on a consent card or a link.
   * Builds the file once to know its size (nothing of it is stored). Audited as `audit.export`.
   * @throws AuditExportError('AUDIT.EXPORT_TOO_LARGE'), AuditError('AUDIT.INVALID_QUERY'),
   *   AccessDeniedError when the actor may not export (audited by the authorization service).
   */
  async offer(actor: Actor, request: AuditExportRequest, delivery: AuditExportDelivery, correlationId: string): Promise<AuditExportOffer> {
    await this.requireAccess(actor, { kind: 'audit' }, correlationId);
    const file = await this.deps.audit.export(actor.tenantId, request);
    const sizeInBytes = this.checkSize(Buffer.byteLength(file.content, 'utf8'), file.recordCount, 'records', 'audit');
    const pending = await this.createPending(actor, delivery, {
      kind: 'audit',
      format: request.format,
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
    });
    await this.deps.audit.recordRead(actor, AUDIT_EXPORT, correlationId, {
      exportId: pending.id,
      format: request.format,
      delivery,
      recordCount: file.recordCount,
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
    });
    return {
      exportId: pending.id,
      fileName: file.fileName,
      format: request.format,
      recordCount: file.recordCount,
      sizeInBytes,
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
      expiresAt: pending.expiresAt,
      ...(delivery === 'link' ? { linkToken: this.sign(pending) } : {}),
    };
  }

  /**
   * The per-user results of bulk job `jobId`, as CSV, for its preparer (while they may still run
   * bulk actions), a tenant admin or an auditor of the job's tenant. Audited as `bulk.export`.
   * @throws AuditExportError NOT_YOURS (no such job in the actor's tenant; audited),
   *   TOO_LARGE; AccessDeniedError when the actor may not have them (audited by the
   *   authorization service).
   */
  async offerBulkResults(actor: Actor, jobId: string, delivery: AuditExportDelivery, correlationId: string): Promise<BulkResultsOffer> {
    const job = this.deps.bulkResults?.job(actor.tenantId, jobId);
    if (!job) return this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', { kind: 'bulkResults', jobId }, delivery, correlationId);
    await this.requireAccess(actor, { kind: 'bulkResults', job }, correlationId);
    const file = this.bulkSource().file(job);
    const sizeInBytes = this.checkSize(Buffer.byteLength(file.content, 'utf8'), file.rowCount, 'users', 'bulkResults');
    const pending = await this.createPending(actor, delivery, { kind: 'bulkResults', jobId: job.jobId, format: 'csv' });
    await this.append(actor, AUDIT_ACTION.bulkResults, { outcome: 'ok' }, correlationId, { exportId: pending.id, delivery, rowCount: file.rowCount }, job.jobId);
    return {
      exportId: pending.id,
      jobId: job.jobId,
      title: job.title,
      selection: job.selection,
      fileName: file.fileName,
      rowCount: file.rowCount,
      sizeInBytes,
      expiresAt: pending.expiresAt,
      ...(delivery === 'link' ? { linkToken: this.sign(pending) } : {}),
    };
  }

  /**
   * The link of an offered export, for its owner only (the "Show my download link" button of a
   * group chat or channel card: the answer is shown to the person who clicked).
   * @throws AuditExportError NOT_YOURS / EXPIRED; AccessDeniedError.
   */
  async linkFor(actor: Actor, exportId: string, correlationId: string): Promise<ExportLink> {
    const pending = await this.ownedOffer(actor, exportId, 'link', correlationId);
    if (pending.delivery !== 'link') await this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, 'link', correlationId, exportId);
    return { linkToken: this.sign(pending), expiresAt: pending.expiresAt, ...this.subjectOf(pending) };
  }

  /**
   * The owner accepted the consent card: claims the export (one accept wins) and builds the file.
   * The caller uploads it and then calls {@link recordDelivered} or {@link recordUploadFailed}.
   * @throws AuditExportError NOT_YOURS / EXPIRED / ALREADY_DELIVERED; AccessDeniedError.
   */
  async accept(actor: Actor, exportId: string, correlationId: string): Promise<AuditExportFile> {
    const pending = await this.ownedOffer(actor, exportId, 'fileConsent', correlationId);
    if (pending.delivery !== 'fileConsent') await this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, 'fileConsent', correlationId, exportId);
    if (!(await this.deps.store.transition(actor.tenantId, exportId, ['offered'], 'accepted'))) {
      await this.refuse(actor, 'AUDIT.EXPORT_ALREADY_DELIVERED', pending, 'fileConsent', correlationId, exportId);
    }
    try {
      return await this.build(pending);
    } catch (error) {
      await this.deps.store.transition(actor.tenantId, exportId, ['accepted'], 'offered');
      throw error;
    }
  }

  async recordDelivered(actor: Actor, file: AuditExportFile, via: AuditExportDelivery, correlationId: string): Promise<void> {
    if (via === 'fileConsent') await this.deps.store.transition(actor.tenantId, file.exportId, ['accepted'], 'delivered');
    const count: JsonObject = file.kind === 'bulkResults' ? { rowCount: file.recordCount } : { recordCount: file.recordCount };
    await this.append(actor, `${AUDIT_ACTION[file.kind]}.delivered`, { outcome: 'ok' }, correlationId, { exportId: file.exportId, via, ...count, sizeInBytes: file.content.length }, file.jobId);
  }

  /** The upload to the accepted OneDrive location failed: the offer can be accepted again until it expires. */
  async recordUploadFailed(actor: Actor, exportId: string, correlationId: string, details: { status?: number }): Promise<void> {
    await this.deps.store.transition(actor.tenantId, exportId, ['accepted'], 'offered');
    const pending = await this.deps.store.get(actor.tenantId, exportId);
    const kind = pending?.kind ?? 'audit';
    await this.append(actor, `${AUDIT_ACTION[kind]}.delivered`, { outcome: 'failed', code: 'AUDIT.EXPORT_UPLOAD_FAILED' }, correlationId, {
      exportId,
      via: 'fileConsent',
      ...(details.status !== undefined ? { status: details.status } : {}),
    }, pending?.jobId);
  }

  /**
   * The owner declined the consent card; returns what was declined, for the card. A decline by
   * anyone else is refused (and audited), so it cannot cancel someone else's export.
   */
  async decline(actor: Actor, exportId: string, correlationId: string): Promise<ExportSubject> {
    const pending = await this.deps.store.get(actor.tenantId, exportId);
    if (!pending || pending.ownerId !== actor.userId) return this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, 'fileConsent', correlationId, exportId);
    await this.deps.store.transition(actor.tenantId, exportId, ['offered'], 'declined');
    await this.append(actor, `${AUDIT_ACTION[pending.kind]}.declined`, { outcome: 'ok' }, correlationId, { exportId }, pending.jobId);
    return this.subjectOf(pending);
  }

  /**
   * `GET /api/audit-exports/<token>`: checks the signature and the expiry, that the export is
   * this tenant's and this user's, then whether the user may have it in that tenant now (a
   * revoked auditor or operator is refused), and builds the file. Refusals of a validly signed
   * link are audited in its tenant; a forged or garbled one names no tenant worth trusting and is not.
   */
  async download(token: string, correlationId: string): Promise<AuditExportDownload> {
    const verified = verifyLinkToken(this.keys, token);
    if (!verified.ok) return refusal(verified.reason === 'unknown-key' ? 'AUDIT.EXPORT_LINK_STALE' : 'AUDIT.EXPORT_LINK_INVALID');
    const { claims } = verified;
    const actor = await this.deps.actors.resolve(claims.tenantId, claims.userId);
    const pending = await this.deps.store.get(claims.tenantId, claims.exportId);
    if (this.deps.clock.now().getTime() >= claims.expiresAtMs) {
      await this.recordRefusal(actor, 'AUDIT.EXPORT_EXPIRED', pending, 'link', correlationId, claims.exportId);
      return refusal('AUDIT.EXPORT_EXPIRED', pending?.kind);
    }
    if (!pending || pending.ownerId !== claims.userId || pending.delivery !== 'link') {
      await this.recordRefusal(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, 'link', correlationId, claims.exportId);
      return refusal('AUDIT.EXPORT_NOT_YOURS', pending?.kind);
    }
    const access = this.accessOf(pending);
    if (!access) {
      await this.recordRefusal(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, 'link', correlationId, claims.exportId);
      return refusal('AUDIT.EXPORT_NOT_YOURS', pending.kind);
    }
    // The authorization service audits its own denials.
    const decision = await this.decide(actor, access, { correlationId, freshRoles: true });
    if (!decision.allowed) return refusal('ACCESS.DENIED', pending.kind);
    const file = await this.build(pending);
    await this.recordDelivered(actor, file, 'link', correlationId);
    return { ok: true, file };
  }

  private async createPending(
    actor: Actor,
    delivery: AuditExportDelivery,
    what: Pick<PendingAuditExport, 'kind' | 'jobId' | 'format' | 'from' | 'to'>,
  ): Promise<PendingAuditExport> {
    const now = this.deps.clock.now();
    await this.deps.store.deleteExpired(new Date(now.getTime() - FORGET_AFTER_IN_MS).toISOString());
    // Whole seconds, so the link's expiry and the stored one are the same instant.
    const expiresAtMs = Math.floor((now.getTime() + this.ttlInMs) / 1000) * 1000;
    const pending: PendingAuditExport = {
      id: randomUUID(),
      tenantId: actor.tenantId,
      ownerId: actor.userId,
      ...what,
      delivery,
      state: 'offered',
      createdAt: now.toISOString(),
      expiresAt: new Date(expiresAtMs).toISOString(),
    };
    await this.deps.store.create(pending);
    return pending;
  }

  private checkSize(sizeInBytes: number, count: number, unit: string, kind: PendingExportKind): number {
    if (sizeInBytes <= this.maxFileBytes) return sizeInBytes;
    const userMessage = `${count} ${unit} make ${Math.ceil(sizeInBytes / (1024 * 1024))} MB, more than the ${Math.floor(this.maxFileBytes / (1024 * 1024))} MB I can send.`;
    throw new AuditExportError('AUDIT.EXPORT_TOO_LARGE', `${sizeInBytes} bytes`, {
      userMessage,
      details: { kind },
      ...(kind === 'bulkResults' ? { nextStep: BULK_RESULTS_REFUSALS['AUDIT.EXPORT_TOO_LARGE'].nextStep } : {}),
    });
  }

  private sign(pending: PendingAuditExport): string {
    return signLinkToken(this.deps.signingKey, { exportId: pending.id, tenantId: pending.tenantId, userId: pending.ownerId, expiresAtMs: Date.parse(pending.expiresAt) });
  }

  private async build(pending: PendingAuditExport): Promise<AuditExportFile> {
    if (pending.kind === 'bulkResults') {
      const job = this.accessOf(pending);
      if (job?.kind !== 'bulkResults') throw new AuditExportError('AUDIT.EXPORT_NOT_YOURS', `bulk job of export ${pending.id} is gone`, this.wordsOf('AUDIT.EXPORT_NOT_YOURS', pending));
      const file = this.bulkSource().file(job.job);
      return { exportId: pending.id, kind: 'bulkResults', jobId: job.job.jobId, fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.content, 'utf8'), recordCount: file.rowCount };
    }
    const file = await this.deps.audit.export(pending.tenantId, { format: pending.format, ...(pending.from ? { from: pending.from } : {}), ...(pending.to ? { to: pending.to } : {}) });
    return { exportId: pending.id, kind: 'audit', fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.content, 'utf8'), recordCount: file.recordCount };
  }

  /**
   * The export, if this actor may have its kind now, it is theirs, in their tenant, still offered
   * and not expired; otherwise a refusal (audited). Who may have it is checked before whose it
   * is, so someone without the role hears that rather than whose export it is.
   */
  private async ownedOffer(actor: Actor, exportId: string, stage: AuditExportDelivery, correlationId: string): Promise<PendingAuditExport> {
    const pending = await this.deps.store.get(actor.tenantId, exportId);
    const access = pending ? this.accessOf(pending) : { kind: 'audit' as const };
    if (!access) return this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, stage, correlationId, exportId);
    await this.requireAccess(actor, access, correlationId);
    if (!pending || pending.ownerId !== actor.userId) return this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', pending, stage, correlationId, exportId);
    if (this.deps.clock.now().getTime() >= Date.parse(pending.expiresAt)) return this.refuse(actor, 'AUDIT.EXPORT_EXPIRED', pending, stage, correlationId, exportId);
    if (pending.state === 'delivered' || pending.state === 'declined') return this.refuse(actor, 'AUDIT.EXPORT_ALREADY_DELIVERED', pending, stage, correlationId, exportId);
    return pending;
  }

  /** The rule a pending export is delivered under; undefined for bulk results whose job is gone from its tenant. */
  private accessOf(pending: PendingAuditExport): Access | undefined {
    if (pending.kind === 'audit') return { kind: 'audit' };
    const job = pending.jobId ? this.deps.bulkResults?.job(pending.tenantId, pending.jobId) : undefined;
    return job ? { kind: 'bulkResults', job } : undefined;
  }

  /**
   * The audit: `audit.export`. Bulk results: the job's preparer while they may still run bulk
   * actions, else `audit.export` (tenant admins and auditors). Checked in the actor's own tenant,
   * which is the job's (a job of another tenant is never found). Denials are audited by the
   * authorization service.
   */
  private async decide(actor: Actor, access: Access, options: AuthorizeOptions): Promise<AuthorizationDecision> {
    if (access.kind === 'bulkResults' && access.job.tenantId === actor.tenantId && access.job.preparerId === actor.userId) {
      const asPreparer = await this.deps.authorization.authorize(actor, BULK_RUN, undefined, options);
      if (asPreparer.allowed) return asPreparer;
    }
    return this.deps.authorization.authorize(actor, AUDIT_EXPORT, undefined, options);
  }

  private async requireAccess(actor: Actor, access: Access, correlationId: string): Promise<void> {
    const decision = await this.decide(actor, access, { correlationId });
    if (decision.allowed) return;
    const message = access.kind === 'bulkResults' && decision.reason === 'ACCESS.ADMIN_OR_AUDITOR_REQUIRED' ? BULK_RESULTS_DENIED : decision.message;
    throw new AccessDeniedError(decision.reason, message, decision.whoCanHelp);
  }

  private subjectOf(pending: PendingAuditExport): ExportSubject {
    if (pending.kind === 'audit') {
      return { kind: 'audit', format: pending.format, ...(pending.from ? { from: pending.from } : {}), ...(pending.to ? { to: pending.to } : {}) };
    }
    const access = this.accessOf(pending);
    const job = access?.kind === 'bulkResults' ? access.job : undefined;
    return { kind: 'bulkResults', jobId: pending.jobId ?? '', title: job?.title ?? 'Bulk action', selection: job?.selection ?? '' };
  }

  private bulkSource(): BulkResultsSource {
    // offerBulkResults and accessOf find no job without a source, so no caller gets here without one.
    if (!this.deps.bulkResults) throw new AuditExportError('AUDIT.EXPORT_NOT_YOURS', 'no bulk results source');
    return this.deps.bulkResults;
  }

  /** The refusal's words for a card: the catalogue's for the audit, the bulk results' own otherwise. */
  private wordsOf(code: AuditExportErrorCode, what: Pick<PendingAuditExport, 'kind' | 'jobId'> | undefined): { userMessage?: string; nextStep?: string; details: JsonObject } {
    if (what?.kind !== 'bulkResults') return { details: { kind: 'audit' } };
    const words = BULK_RESULTS_REFUSALS[code];
    return { userMessage: words.message, nextStep: words.nextStep, details: { kind: 'bulkResults', ...(what.jobId ? { jobId: what.jobId } : {}) } };
  }

  private async refuse(
    actor: Actor,
    code: AuditExportErrorCode,
    what: Pick<PendingAuditExport, 'kind' | 'jobId'> | undefined,
    stage: AuditExportDelivery,
    correlationId: string,
    exportId?: string,
  ): Promise<never> {
    await this.recordRefusal(actor, code, what, stage, correlationId, exportId);
    throw new AuditExportError(code, exportId ? `export ${exportId.slice(0, 64)}` : `bulk job ${(what?.jobId ?? '').slice(0, 64)}`, this.wordsOf(code, what));
  }

  private async recordRefusal(
    actor: Actor,
    code: AuditExportErrorCode,
    what: Pick<PendingAuditExport, 'kind' | 'jobId'> | undefined,
    stage: AuditExportDelivery,
    correlationId: string,
    exportId?: string,
  ): Promise<void> {
    const kind = what?.kind ?? 'audit';
    await this.append(actor, `${AUDIT_ACTION[kind]}.refused`, { outcome: 'denied', code }, correlationId, { ...(exportId ? { exportId: exportId.slice(0, 64) } : {}), via: stage }, what?.jobId);
  }

  private async append(actor: Actor, action: string, result: { outcome: 'ok' | 'denied' | 'failed'; code?: string }, correlationId: string, details: JsonObject, jobId?: string): Promise<void> {
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: { userId: actor.userId, ...(actor.upn ? { upn: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}) },
      action,
      ...(jobId ? { target: { type: 'bulkJob', id: jobId.slice(0, 64) } } : {}),
      result,
      correlationId,
      details,
    });
  }
}

function refusal(code: DownloadRefusalCode, kind?: PendingExportKind): AuditExportDownload {
  return { ok: false, code, ...downloadRefusalOf(code, kind) };
}
