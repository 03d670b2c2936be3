/**
 * Delivering an audit export to the auditor who asked for it, by Teams' file-consent flow
 * (personal chats) or by a short-lived signed download link (group chats, channels, the
 * Playground). The rules:
 *
 * - what was asked for is kept server-side as a pending export (owner, tenant, dates, format,
 *   expiry); cards, consent contexts and links carry its id only, never audit content;
 * - every delivery step re-checks the person now: the `audit.export` capability in their own
 *   tenant, that they are the export's owner, and that it has not expired. A consent context or
 *   a link never decides who someone is;
 * - the file is built again from the audit log at delivery, so it holds the audit as it is then;
 * - every step is audited: requested (`audit.export`), delivered, declined and refused.
 */
import { randomUUID } from 'node:crypto';
import { AccessDeniedError } from '../access/access-errors';
import type { Actor } from '../access/actor';
import type { AuthorizationDecision, AuthorizeOptions, TargetRef } from '../access/authorization.service';
import type { AuditExportFormat, AuditLog, JsonObject } from '../ports/audit-log.port';
import type { Clock } from '../ports/clock.port';
import { AuditExportError, type AuditExportErrorCode } from './audit-export-errors';
import { signLinkToken, verifyLinkToken, type AuditExportLinkKey } from './audit-export-link-token';
import type { AuditExportDelivery, PendingAuditExport, PendingAuditExportStore } from './audit-export-store.port';

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

export interface AuditExportFile {
  exportId: string;
  fileName: string;
  /** With charset, e.g. `text/csv; charset=utf-8`. */
  contentType: string;
  content: Buffer;
  recordCount: number;
}

export type AuditExportDownload =
  | { ok: true; file: AuditExportFile }
  | { ok: false; status: 403 | 404 | 410; code: AuditExportErrorCode | 'ACCESS.DENIED'; message: string; nextStep: string };

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
const CAPABILITY = 'audit.export';
const AGAIN = 'Type "export audit" to get a new one.';

const DOWNLOAD_REFUSALS: Record<AuditExportErrorCode | 'ACCESS.DENIED', { status: 403 | 404 | 410; message: string; nextStep: string }> = {
  'AUDIT.EXPORT_LINK_INVALID': { status: 403, message: 'This download link is not valid.', nextStep: `In Teams, ${lower(AGAIN)}` },
  'AUDIT.EXPORT_LINK_STALE': {
    status: 410,
    message: "This download link was made before the bot's signing key changed (for example at a restart), so it can no longer be checked.",
    nextStep: `In Teams, ${lower(AGAIN)}`,
  },
  'AUDIT.EXPORT_EXPIRED': { status: 410, message: 'This download link has expired.', nextStep: `In Teams, ${lower(AGAIN)}` },
  'AUDIT.EXPORT_NOT_YOURS': { status: 403, message: 'This download link does not belong to this export.', nextStep: `In Teams, ${lower(AGAIN)}` },
  'ACCESS.DENIED': {
    status: 403,
    message: 'You may no longer export the audit: only tenant admins and auditors can.',
    nextStep: 'Ask a tenant admin to grant you the auditor role, then try again.',
  },
  'AUDIT.EXPORT_ALREADY_DELIVERED': { status: 410, message: 'This export was already delivered.', nextStep: AGAIN },
  'AUDIT.EXPORT_UPLOAD_FAILED': { status: 410, message: 'This export could not be delivered.', nextStep: AGAIN },
  'AUDIT.EXPORT_TOO_LARGE': { status: 410, message: 'This export is too large to send.', nextStep: 'Export a shorter period, e.g. "export audit 2026-01-01 2026-01-07".' },
  'AUDIT.EXPORT_LINKS_UNAVAILABLE': { status: 404, message: 'Download links are not available.', nextStep: AGAIN },
};

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

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
    await this.requireCapability(actor, correlationId);
    const file = await this.deps.audit.export(actor.tenantId, request);
    const sizeInBytes = Buffer.byteLength(file.content, 'utf8');
    if (sizeInBytes > this.maxFileBytes) {
      throw new AuditExportError('AUDIT.EXPORT_TOO_LARGE', `${sizeInBytes} bytes`, {
        userMessage: `${file.recordCount} records make ${Math.ceil(sizeInBytes / (1024 * 1024))} MB, more than the ${Math.floor(this.maxFileBytes / (1024 * 1024))} MB I can send.`,
      });
    }
    const now = this.deps.clock.now();
    await this.deps.store.deleteExpired(new Date(now.getTime() - FORGET_AFTER_IN_MS).toISOString());
    // Whole seconds, so the link's expiry and the stored one are the same instant.
    const expiresAtMs = Math.floor((now.getTime() + this.ttlInMs) / 1000) * 1000;
    const pending: PendingAuditExport = {
      id: randomUUID(),
      tenantId: actor.tenantId,
      ownerId: actor.userId,
      format: request.format,
      ...(request.from ? { from: request.from } : {}),
      ...(request.to ? { to: request.to } : {}),
      delivery,
      state: 'offered',
      createdAt: now.toISOString(),
      expiresAt: new Date(expiresAtMs).toISOString(),
    };
    await this.deps.store.create(pending);
    await this.deps.audit.recordRead(actor, CAPABILITY, correlationId, {
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
      ...(delivery === 'link' ? { linkToken: this.sign(pending, expiresAtMs) } : {}),
    };
  }

  /**
   * The link of an offered export, for its owner only (the "Show my download link" button of a
   * group chat or channel card: the answer is shown to the person who clicked).
   * @throws AuditExportError NOT_YOURS / EXPIRED; AccessDeniedError.
   */
  async linkFor(actor: Actor, exportId: string, correlationId: string): Promise<{ linkToken: string; expiresAt: string; format: AuditExportFormat; from?: string; to?: string }> {
    await this.requireCapability(actor, correlationId);
    const pending = await this.ownedOffer(actor, exportId, 'link', correlationId);
    if (pending.delivery !== 'link') await this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', 'link', correlationId, exportId);
    return {
      linkToken: this.sign(pending, Date.parse(pending.expiresAt)),
      expiresAt: pending.expiresAt,
      format: pending.format,
      ...(pending.from ? { from: pending.from } : {}),
      ...(pending.to ? { to: pending.to } : {}),
    };
  }

  /**
   * The owner accepted the consent card: claims the export (one accept wins) and builds the file.
   * The caller uploads it and then calls {@link recordDelivered} or {@link recordUploadFailed}.
   * @throws AuditExportError NOT_YOURS / EXPIRED / ALREADY_DELIVERED; AccessDeniedError.
   */
  async accept(actor: Actor, exportId: string, correlationId: string): Promise<AuditExportFile> {
    await this.requireCapability(actor, correlationId);
    const pending = await this.ownedOffer(actor, exportId, 'fileConsent', correlationId);
    if (pending.delivery !== 'fileConsent') await this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', 'fileConsent', correlationId, exportId);
    if (!(await this.deps.store.transition(actor.tenantId, exportId, ['offered'], 'accepted'))) {
      await this.refuse(actor, 'AUDIT.EXPORT_ALREADY_DELIVERED', 'fileConsent', correlationId, exportId);
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
    await this.append(actor, 'audit.export.delivered', { outcome: 'ok' }, correlationId, {
      exportId: file.exportId,
      via,
      recordCount: file.recordCount,
      sizeInBytes: file.content.length,
    });
  }

  /** The upload to the accepted OneDrive location failed: the offer can be accepted again until it expires. */
  async recordUploadFailed(actor: Actor, exportId: string, correlationId: string, details: { status?: number }): Promise<void> {
    await this.deps.store.transition(actor.tenantId, exportId, ['accepted'], 'offered');
    await this.append(actor, 'audit.export.delivered', { outcome: 'failed', code: 'AUDIT.EXPORT_UPLOAD_FAILED' }, correlationId, {
      exportId,
      via: 'fileConsent',
      ...(details.status !== undefined ? { status: details.status } : {}),
    });
  }

  /**
   * The owner declined the consent card. A decline by anyone else is refused (and audited), so
   * it cannot cancel someone else's export.
   */
  async decline(actor: Actor, exportId: string, correlationId: string): Promise<void> {
    const pending = await this.deps.store.get(actor.tenantId, exportId);
    if (!pending || pending.ownerId !== actor.userId) await this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', 'fileConsent', correlationId, exportId);
    await this.deps.store.transition(actor.tenantId, exportId, ['offered'], 'declined');
    await this.append(actor, 'audit.export.declined', { outcome: 'ok' }, correlationId, { exportId });
  }

  /**
   * `GET /api/audit-exports/<token>`: checks the signature and the expiry, that the export is
   * this tenant's and this user's, then the user's `audit.export` capability in that tenant now
   * (a revoked auditor is refused), and builds the file. Refusals of a validly signed link are
   * audited in its tenant; a forged or garbled one names no tenant worth trusting and is not.
   */
  async download(token: string, correlationId: string): Promise<AuditExportDownload> {
    const verified = verifyLinkToken(this.keys, token);
    if (!verified.ok) return refusal(verified.reason === 'unknown-key' ? 'AUDIT.EXPORT_LINK_STALE' : 'AUDIT.EXPORT_LINK_INVALID');
    const { claims } = verified;
    const actor = await this.deps.actors.resolve(claims.tenantId, claims.userId);
    if (this.deps.clock.now().getTime() >= claims.expiresAtMs) {
      await this.recordRefusal(actor, 'AUDIT.EXPORT_EXPIRED', 'link', correlationId, claims.exportId);
      return refusal('AUDIT.EXPORT_EXPIRED');
    }
    const pending = await this.deps.store.get(claims.tenantId, claims.exportId);
    if (!pending || pending.ownerId !== claims.userId || pending.delivery !== 'link') {
      await this.recordRefusal(actor, 'AUDIT.EXPORT_NOT_YOURS', 'link', correlationId, claims.exportId);
      return refusal('AUDIT.EXPORT_NOT_YOURS');
    }
    // The authorization service audits its own denials.
    const decision = await this.deps.authorization.authorize(actor, CAPABILITY, undefined, { correlationId, freshRoles: true });
    if (!decision.allowed) return refusal('ACCESS.DENIED');
    const file = await this.build(pending);
    await this.recordDelivered(actor, file, 'link', correlationId);
    return { ok: true, file };
  }

  private sign(pending: PendingAuditExport, expiresAtMs: number): string {
    return signLinkToken(this.deps.signingKey, { exportId: pending.id, tenantId: pending.tenantId, userId: pending.ownerId, expiresAtMs });
  }

  private async build(pending: PendingAuditExport): Promise<AuditExportFile> {
    const file = await this.deps.audit.export(pending.tenantId, { format: pending.format, ...(pending.from ? { from: pending.from } : {}), ...(pending.to ? { to: pending.to } : {}) });
    return { exportId: pending.id, fileName: file.fileName, contentType: file.contentType, content: Buffer.from(file.content, 'utf8'), recordCount: file.recordCount };
  }

  /** The export, if it is this actor's, in their tenant, still offered and not expired; otherwise a refusal (audited). */
  private async ownedOffer(actor: Actor, exportId: string, stage: AuditExportDelivery, correlationId: string): Promise<PendingAuditExport> {
    const pending = await this.deps.store.get(actor.tenantId, exportId);
    if (!pending || pending.ownerId !== actor.userId) return this.refuse(actor, 'AUDIT.EXPORT_NOT_YOURS', stage, correlationId, exportId);
    if (this.deps.clock.now().getTime() >= Date.parse(pending.expiresAt)) return this.refuse(actor, 'AUDIT.EXPORT_EXPIRED', stage, correlationId, exportId);
    if (pending.state === 'delivered' || pending.state === 'declined') return this.refuse(actor, 'AUDIT.EXPORT_ALREADY_DELIVERED', stage, correlationId, exportId);
    return pending;
  }

  private async requireCapability(actor: Actor, correlationId: string): Promise<void> {
    const decision = await this.deps.authorization.authorize(actor, CAPABILITY, undefined, { correlationId });
    if (!decision.allowed) throw new AccessDeniedError(decision.reason, decision.message, decision.whoCanHelp);
  }

  private async refuse(actor: Actor, code: AuditExportErrorCode, stage: AuditExportDelivery, correlationId: string, exportId: string): Promise<never> {
    await this.recordRefusal(actor, code, stage, correlationId, exportId);
    throw new AuditExportError(code, `export ${exportId.slice(0, 64)}`);
  }

  private async recordRefusal(actor: Actor, code: AuditExportErrorCode, stage: AuditExportDelivery, correlationId: string, exportId: string): Promise<void> {
    await this.append(actor, 'audit.export.refused', { outcome: 'denied', code }, correlationId, { exportId: exportId.slice(0, 64), via: stage });
  }

  private async append(actor: Actor, action: string, result: { outcome: 'ok' | 'denied' | 'failed'; code?: string }, correlationId: string, details: JsonObject): Promise<void> {
    await this.deps.audit.append({
      tenantId: actor.tenantId,
      actor: { userId: actor.userId, ...(actor.upn ? { upn: actor.upn } : {}), ...(actor.displayName ? { displayName: actor.displayName } : {}) },
      action,
      result,
      correlationId,
      details,
    });
  }
}

function refusal(code: AuditExportErrorCode | 'ACCESS.DENIED'): AuditExportDownload {
  return { ok: false, code, ...DOWNLOAD_REFUSALS[code] };
}
