/**
 * The management service account's record (DESIGN.md §5). Holds ids and secret *versions*,
 * never a password. Persisted in SQLite by services/adapters/sqlite/service-account.sqlite.ts.
 */
export interface ServiceAccountRecord {
  tenantId: string;
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  /** Directory role assignment ids created for the account. */
  roleAssignmentIds: string[];
  roleDefinitionIds: string[];
  /** Key Vault secret name holding the password (per tenant). */
  secretName: string;
  /** Version known to sign in. */
  currentSecretVersion: string;
  /** Version written by a rotation in progress, not yet verified. */
  pendingSecretVersion?: string;
  createdAt: string;
  createdBy: string;
  lastRotationAt?: string;
  nextRotationAt?: string;
}

export interface ServiceAccountRepository {
  get(tenantId: string): ServiceAccountRecord | undefined;
  save(record: ServiceAccountRecord): void;
  delete(tenantId: string): void;
  /** Tenants with a service account: the only ones a rotation can be scheduled for. */
  listTenantIds(): string[];
}
