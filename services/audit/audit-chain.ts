/**
 * Walks a tenant's records in sequence order and reports the first place the chain breaks.
 * Pure and incremental, so the service can stream the table in batches and an exported file
 * can be checked offline with the same code.
 */
import type { AuditChainProblem, AuditRecord, AuditVerification, ChainHead } from '../ports/audit-log.port';
import { GENESIS_HASH, hashAuditRecord } from './audit-hash';

export interface ChainBreak {
  brokenAt: number;
  problem: AuditChainProblem;
  message: string;
}

export class AuditChainVerifier {
  private expectedSequence: number;
  private previousHash: string;
  private count = 0;

  /** `start` is the record before the first one fed in (for a window of an export); genesis by default. */
  constructor(
    readonly tenantId: string,
    start?: ChainHead,
    private readonly anchor?: ChainHead,
  ) {
    this.expectedSequence = (start?.sequence ?? 0) + 1;
    this.previousHash = start?.hash ?? GENESIS_HASH;
  }

  get checked(): number {
    return this.count;
  }

  get tip(): ChainHead | undefined {
    return this.expectedSequence > 1 ? { sequence: this.expectedSequence - 1, hash: this.previousHash } : undefined;
  }

  /** Returns the break, or undefined when the record extends the chain. Stop at the first break. */
  accept(record: AuditRecord): ChainBreak | undefined {
    if (record.sequence !== this.expectedSequence) {
      return {
        brokenAt: this.expectedSequence,
        problem: 'sequence_gap',
        message: `record ${this.expectedSequence} is missing (found ${record.sequence} instead)`,
      };
    }
    // The record's own hash first: an edited record is reported at itself, not at its successor.
    if (hashAuditRecord(record) !== record.hash || record.tenantId !== this.tenantId) {
      return { brokenAt: record.sequence, problem: 'hash_mismatch', message: `record ${record.sequence} was changed after it was written` };
    }
    if (record.previousHash !== this.previousHash) {
      return {
        brokenAt: record.sequence,
        problem: 'previous_hash_mismatch',
        message: `record ${record.sequence} does not follow record ${record.sequence - 1}: one of them was replaced or inserted`,
      };
    }
    if (this.anchor && record.sequence === this.anchor.sequence && record.hash !== this.anchor.hash) {
      return { brokenAt: record.sequence, problem: 'anchor_mismatch', message: `record ${record.sequence} differs from the anchored copy` };
    }
    this.count += 1;
    this.expectedSequence += 1;
    this.previousHash = record.hash;
    return undefined;
  }

  /**
   * Checks the end of the chain against the stored head (and the external anchor). Without
   * this, deleting the newest records would leave a chain that is internally consistent.
   */
  finish(storedHead: ChainHead | undefined, options: { requireHead: boolean }): ChainBreak | undefined {
    const tip = this.tip;
    if (options.requireHead) {
      if (!storedHead && tip) {
        return { brokenAt: tip.sequence, problem: 'head_missing', message: 'the chain head record was removed' };
      }
      if (storedHead && (storedHead.sequence !== (tip?.sequence ?? 0) || storedHead.hash !== tip?.hash)) {
        const brokenAt = Math.min(storedHead.sequence, (tip?.sequence ?? 0) + 1);
        return { brokenAt, problem: 'head_mismatch', message: `the newest records were removed or replaced (head says ${storedHead.sequence})` };
      }
    }
    if (this.anchor && (tip?.sequence ?? 0) < this.anchor.sequence) {
      return { brokenAt: (tip?.sequence ?? 0) + 1, problem: 'anchor_mismatch', message: `records up to ${this.anchor.sequence} were anchored but are gone` };
    }
    return undefined;
  }

  result(chainBreak: ChainBreak | undefined): AuditVerification {
    if (chainBreak) return { ok: false, tenantId: this.tenantId, checked: this.count, ...chainBreak };
    const head = this.tip;
    return head ? { ok: true, tenantId: this.tenantId, checked: this.count, head } : { ok: true, tenantId: this.tenantId, checked: this.count };
  }
}

/** Verifies a complete list (e.g. a parsed export). `start` is the record just before the list. */
export function verifyAuditRecords(tenantId: string, records: readonly AuditRecord[], start?: ChainHead): AuditVerification {
  const verifier = new AuditChainVerifier(tenantId, start);
  for (const record of records) {
    const chainBreak = verifier.accept(record);
    if (chainBreak) return verifier.result(chainBreak);
  }
  return verifier.result(undefined);
}
