/**
 * The provisioning journal: a durable, per-tenant record of a multi-step change to the
 * management account (create, disable, mode switch). It is written before *and* after each
 * external side effect, so a run that died anywhere can be finished by the next run without
 * repeating what already happened. Persisted by
 * services/adapters/sqlite/provisioning-journal.sqlite.ts.
 *
 * It holds ids, names and step markers only. A password never enters it: the journal lives
 * in SQLite, and the only place a password may be persisted is Key Vault.
 */
import type { Person } from '../access/actor';
import { AppError } from '../errors';

export type ProvisioningKind = 'serviceAccount.create' | 'serviceAccount.disable' | 'mode.switch';

/** `failed` is open like `running`: the next run resumes it. `cancelled` is closed without finishing. */
export type ProvisioningStatus = 'running' | 'failed' | 'completed' | 'cancelled';

export type JournalState = Record<string, unknown>;

export interface ProvisioningOperation {
  operationId: string;
  tenantId: string;
  kind: ProvisioningKind;
  status: ProvisioningStatus;
  /** The last checkpoint recorded (intent or done), e.g. `account.created`. */
  checkpoint: string;
  /** Inputs fixed at start and ids created so far; each use case parses its own shape. */
  state: JournalState;
  startedBy: Person;
  startedAt: string;
  updatedAt: string;
  lastErrorCode?: string;
}

export interface JournalEntry {
  operationId: string;
  sequence: number;
  at: string;
  checkpoint: string;
  /** intent: about to call out; done: the call's effect is known; failed: the run stopped. */
  phase: 'intent' | 'done' | 'failed' | 'closed';
  code?: string;
}

export interface NewProvisioningOperation {
  operationId: string;
  tenantId: string;
  kind: ProvisioningKind;
  state: JournalState;
  startedBy: Person;
  at: string;
}

export interface ProvisioningJournal {
  /**
   * Opens an operation. At most one open (running/failed) operation per tenant and kind;
   * a second start throws JournalConflictError.
   */
  start(operation: NewProvisioningOperation): ProvisioningOperation;
  get(operationId: string): ProvisioningOperation | undefined;
  /** The open (running or failed) operation of this kind for the tenant, if any. */
  findOpen(tenantId: string, kind: ProvisioningKind): ProvisioningOperation | undefined;
  /** Every open operation of every tenant, for resuming after a restart. */
  listOpen(): ProvisioningOperation[];
  /** Persisted *before* an external call: says what is about to be attempted. */
  recordIntent(operationId: string, checkpoint: string, state: JournalState, at: string): void;
  /** Persisted *after* an external call: the ids it produced are now known. */
  recordDone(operationId: string, checkpoint: string, state: JournalState, at: string): void;
  /** The run stopped with this code; the operation stays open for a retry. */
  recordFailure(operationId: string, code: string, at: string): void;
  /** Closes the operation; it is no longer resumed. */
  close(operationId: string, status: 'completed' | 'cancelled', state: JournalState, at: string): void;
  entries(operationId: string): JournalEntry[];
}

export class JournalConflictError extends AppError<'JOURNAL.CONFLICT'> {
  constructor(
    readonly tenantId: string,
    readonly kind: ProvisioningKind,
  ) {
    super('JOURNAL.CONFLICT', `An open ${kind} operation already exists for tenant ${tenantId}`, { details: { tenantId, kind } });
  }
}
