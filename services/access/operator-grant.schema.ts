/**
 * Validation of what a tenant admin asks for in `grant operator …`, before anything is stored.
 * Strict objects: an unexpected field (e.g. one smuggled in through a card payload) is an error.
 */
import { z } from 'zod';
import { MANAGEMENT_ACTION_IDS, type ManagementActionId } from './actions';
import type { ScopeRule } from './operator-grant';

const objectId = z.string().trim().min(1).max(128);
const label = z.string().trim().min(1).max(256);

export const scopeRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group'), groupId: objectId, displayName: label.optional() }).strict(),
  z.object({ kind: z.literal('department'), value: z.string().trim().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('administrativeUnit'), unitId: objectId, displayName: label.optional() }).strict(),
  z.object({ kind: z.literal('users'), userIds: z.array(label).min(1).max(100) }).strict(),
  z.object({ kind: z.literal('allUsersExceptAdmins') }).strict(),
]);

export const operatorGrantRequestSchema = z
  .object({
    /** Object id or UPN; resolved through the directory. */
    operator: label,
    scope: z.array(scopeRuleSchema).min(1).max(50),
    actions: z
      .array(z.enum(MANAGEMENT_ACTION_IDS as [ManagementActionId, ...ManagementActionId[]]))
      .min(1)
      .transform((actions) => [...new Set(actions)]),
    includePrivileged: z.boolean().default(false),
  })
  .strict();

/** What a caller hands in; validated (and narrowed) by `operatorGrantRequestSchema` inside the service. */
export interface OperatorGrantRequest {
  operator: string;
  scope: readonly ScopeRule[];
  actions: readonly ManagementActionId[];
  includePrivileged?: boolean;
}

export type ParsedOperatorGrantRequest = z.output<typeof operatorGrantRequestSchema>;
