/**
 * What cards and dialogs see of the management service account. Ids, names and versions;
 * never a password.
 */
import type { ServiceAccountRecord } from '../ports/service-account.repository.port';
import { roleName } from './service-account.config';

export interface ServiceAccountSummary {
  objectId: string;
  userPrincipalName: string;
  displayName: string;
  roles: Array<{ roleDefinitionId: string; name: string }>;
  secretName: string;
  currentSecretVersion: string;
  createdAt: string;
  createdBy: string;
  lastRotationAt?: string;
  nextRotationAt?: string;
}

export function summarizeServiceAccount(record: ServiceAccountRecord): ServiceAccountSummary {
  const summary: ServiceAccountSummary = {
    objectId: record.objectId,
    userPrincipalName: record.userPrincipalName,
    displayName: record.displayName,
    roles: record.roleDefinitionIds.map((id) => ({ roleDefinitionId: id, name: roleName(id) })),
    secretName: record.secretName,
    currentSecretVersion: record.currentSecretVersion,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
  };
  if (record.lastRotationAt) summary.lastRotationAt = record.lastRotationAt;
  if (record.nextRotationAt) summary.nextRotationAt = record.nextRotationAt;
  return summary;
}
