/**
 * The shape of a custom action definition, as a tenant admin writes it (JSON, YAML or the card
 * form). Strict objects: a field the bot does not know is an error, never silently ignored.
 * This checks shape only; custom-action-validation.ts checks the request against the allow-list.
 *
 * ```yaml
 * name: set-cost-center          # the stable id: lower case, digits and hyphens
 * title: Set cost center
 * description: Sets the cost center HR gave us.
 * target: user                   # user | group (required: there is no target-free custom action)
 * method: PATCH                  # GET | POST | PATCH | DELETE
 * path: /users/{id}              # {id} is the target; an allow-listed path (custom-action-allow-list.ts)
 * body:
 *   employeeOrgData:
 *     costCenter: "{{costCenter}}"
 * parameters:
 *   - name: costCenter
 *     type: string               # string | number | boolean | enum | user
 *     required: true
 *     description: The cost center code, e.g. CC-1042
 * whoMayRun:
 *   roles: [tenantAdmin, operator]
 *   grantIncludes: [user.updateProfile]   # optional: only operators whose grant allows one of these
 * risk: low                      # low | medium | high
 * ```
 */
import { z } from 'zod';
import { MANAGEMENT_ACTION_IDS, type ManagementActionId } from '../access/actions';
import type { JsonValue } from '../ports/audit-log.port';

export const CUSTOM_ACTION_METHODS = ['GET', 'POST', 'PATCH', 'DELETE'] as const;
export type CustomActionMethod = (typeof CUSTOM_ACTION_METHODS)[number];

export const TARGET_KINDS = ['user', 'group'] as const;
export type CustomActionTargetKind = (typeof TARGET_KINDS)[number];

/**
 * string, number, boolean, enum (one of `values`), and user: a user in the directory (object id
 * or UPN) that the request names besides the target, e.g. the member added to a group. A user
 * parameter is resolved when the action runs and must be inside the caller's scope, like the target.
 */
export const PARAMETER_TYPES = ['string', 'number', 'boolean', 'enum', 'user'] as const;
export type CustomActionParameterType = (typeof PARAMETER_TYPES)[number];

/** The words of services/access: the role that may run (AllowedVia), and operator grants' allowed actions. */
export const RUNNER_ROLES = ['tenantAdmin', 'operator'] as const;
export type CustomActionRunnerRole = (typeof RUNNER_ROLES)[number];

export const RISKS = ['low', 'medium', 'high'] as const;

/** The action's stable id, e.g. `set-cost-center`. */
export const CUSTOM_ACTION_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** A parameter's name as `{{name}}` uses it. */
export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;

/** Limits that keep a definition small enough for a card, the audit and a pending action. */
export const DEFINITION_LIMITS = {
  maxParameters: 20,
  maxBodyBytes: 4096,
  maxBodyDepth: 6,
  maxStringValueLength: 4000,
  maxEnumValues: 50,
  maxOperators: 100,
} as const;

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string().max(DEFINITION_LIMITS.maxStringValueLength), z.number().finite(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const scalarDefault = z.union([z.string().max(DEFINITION_LIMITS.maxStringValueLength), z.number().finite(), z.boolean()]);

export const parameterSchema = z
  .object({
    name: z.string().regex(PARAMETER_NAME, 'Use a name of letters, digits and _ that starts with a letter (at most 40 characters), e.g. costCenter.'),
    type: z.enum(PARAMETER_TYPES),
    required: z.boolean().default(true),
    description: z.string().trim().max(200).default(''),
    /** For type enum: the values a runner may pick. */
    values: z.array(z.string().trim().min(1).max(100)).min(1).max(DEFINITION_LIMITS.maxEnumValues).optional(),
    /** For optional parameters: the value used when the runner gives none. */
    default: scalarDefault.optional(),
  })
  .strict();

export const whoMayRunSchema = z
  .object({
    roles: z.array(z.enum(RUNNER_ROLES)).min(1, 'Say who may run it: tenantAdmin, operator, or both.'),
    /** Only operators whose grant allows at least one of these management actions. */
    grantIncludes: z.array(z.enum(MANAGEMENT_ACTION_IDS as [ManagementActionId, ...ManagementActionId[]])).min(1).optional(),
    /** Only these operators (object ids or user principal names). */
    operators: z.array(z.string().trim().min(1).max(256)).min(1).max(DEFINITION_LIMITS.maxOperators).optional(),
  })
  .strict();

export const customActionDefinitionSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(CUSTOM_ACTION_NAME, 'Use lower-case letters, digits and hyphens, starting with a letter, e.g. set-cost-center.'),
    title: z.string().trim().min(1).max(80),
    description: z.string().trim().max(500).default(''),
    target: z.enum(TARGET_KINDS),
    method: z.preprocess((value) => (typeof value === 'string' ? value.trim().toUpperCase() : value), z.enum(CUSTOM_ACTION_METHODS)),
    path: z.string().trim().min(1).max(300),
    body: z.record(z.string(), jsonValue).optional(),
    parameters: z.array(parameterSchema).max(DEFINITION_LIMITS.maxParameters).default([]),
    /** Who may run it. Default: tenant admins only. */
    whoMayRun: whoMayRunSchema.default({ roles: ['tenantAdmin'] }),
    risk: z.enum(RISKS),
  })
  .strict();

export type CustomActionDefinition = z.output<typeof customActionDefinitionSchema>;
export type CustomActionParameter = CustomActionDefinition['parameters'][number];
export type CustomActionWhoMayRun = CustomActionDefinition['whoMayRun'];

/** The top-level fields, in the order a definition is usually written (for "the fields are …"). */
export const DEFINITION_FIELDS = Object.keys(customActionDefinitionSchema.shape);
export const PARAMETER_FIELDS = Object.keys(parameterSchema.shape);
export const WHO_MAY_RUN_FIELDS = Object.keys(whoMayRunSchema.shape);
