/**
 * The shape of a workflow definition, as a tenant admin writes it (JSON or YAML). Strict
 * objects: a field the bot does not know is an error, never silently ignored. This checks shape
 * only; workflow-validation.ts checks the meaning (action ids, references, templates, jumps).
 *
 * ```yaml
 * name: offboarding                  # the stable id: lower case, digits and hyphens
 * title: Offboarding
 * description: Locks a leaver out, then removes their access.
 * inputs:                            # what the person starting a run fills in
 *   - name: replyMessage
 *     type: string                   # string | number | boolean | enum | user (a UPN)
 *     required: false
 *     default: I have left the company.
 * bindings:                          # values derived from inputs (and earlier bindings)
 *   displayName: "{{firstName}} {{lastName}}"
 * target: "{{firstName}}.{{lastName}}@{{domain}}"   # optional: derive the target user from inputs
 * steps:                             # run in order, one target user per run
 *   - id: block
 *     kind: action                   # action | approval | choice | notice
 *     action: user.blockSignIn       # a built-in action id, or custom:<name> for a custom action
 *     compensate:                    # optional: undone this way if a later step fails
 *       action: user.unblockSignIn
 *   - id: approve
 *     kind: approval
 *     approvers: tenantAdmins        # or a list of tenant admins' UPNs
 *     message: Offboard {{target.displayName}}?
 *     timeout: PT4H                  # ISO-8601 duration, or a number of minutes
 *     onTimeout: stop                # stop (default) | continue | <a later step's id>
 *   - id: keepMailbox
 *     kind: choice
 *     question: Keep the mailbox?
 *     options: [yes, no]
 *   - id: autoReply
 *     kind: action
 *     action: user.setAutomaticReplies
 *     parameters: { message: "{{replyMessage}}" }
 *     optional: true                 # opt-in: runs only when chosen before the run
 *     when: steps.keepMailbox.answer == 'yes'
 *   - id: tellAdmins
 *     kind: notice
 *     to: adminChannel               # adminChannel | requester | manager (the target's)
 *     text: "{{target.displayName}} was offboarded."
 * ```
 *
 * Every step may have `title`, `when` (a condition, workflow-condition.ts), `needs` (earlier
 * steps that must have succeeded) and `onFailure` (stop, the default: the run stops there and
 * runs the declared compensations; or continue: the run goes on and ends "completed with failures").
 */
import { z } from 'zod';
import { CUSTOM_ACTION_NAME, parameterSchema, PARAMETER_NAME } from '../custom-actions/custom-action.schema';

export { PARAMETER_FIELDS as INPUT_FIELDS } from '../custom-actions/custom-action.schema';

/** A step's id, as conditions and templates name it: `steps.keepMailbox.answer`. */
export const STEP_ID = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
/** The prefix of a custom action's id in an action step: `custom:set-cost-center`. */
export const CUSTOM_ACTION_PREFIX = 'custom:';

export const STEP_KINDS = ['action', 'approval', 'choice', 'notice'] as const;
export type WorkflowStepKind = (typeof STEP_KINDS)[number];

export const NOTICE_AUDIENCES = ['adminChannel', 'requester', 'manager'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

export const ON_FAILURE = ['stop', 'continue'] as const;

/** Limits that keep a definition small enough for a card, a run record and the audit. */
export const WORKFLOW_LIMITS = {
  maxSteps: 30,
  maxInputs: 20,
  maxBindings: 20,
  maxParameters: 10,
  maxTextLength: 2000,
  maxConditionLength: 500,
  maxChoiceOptions: 6,
  maxNamedApprovers: 20,
  /** The approval service's bounds on a request's lifetime (approval.service.ts). */
  minApprovalTimeoutInMs: 60_000,
  maxApprovalTimeoutInMs: 7 * 24 * 3_600_000,
} as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const parameterValue = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
const parameters = z.record(z.string().regex(PARAMETER_NAME, 'Use a parameter name of letters, digits and _ that starts with a letter, e.g. group.'), parameterValue);

const stepId = z.string().regex(STEP_ID, 'Use an id of letters, digits and _ that starts with a letter (at most 40 characters), e.g. blockSignIn.');

/** Fields every kind of step has. */
const common = {
  id: stepId,
  title: text(80).optional(),
  /** A condition on inputs and earlier steps' results; the step is skipped when it is false. */
  when: text(WORKFLOW_LIMITS.maxConditionLength).optional(),
  /** Earlier steps that must have succeeded; otherwise this one is skipped and says why. */
  needs: z.array(stepId).min(1).max(WORKFLOW_LIMITS.maxSteps).optional(),
};

export const compensationSchema = z
  .object({
    action: text(100),
    parameters: parameters.optional(),
  })
  .strict();

export const actionStepSchema = z
  .object({
    ...common,
    kind: z.literal('action'),
    /** A built-in action id (services/access/actions.ts) or `custom:<name>`. */
    action: text(100),
    parameters: parameters.default({}),
    /** Opt-in: the step runs only when the person starting the run chose it. */
    optional: z.boolean().default(false),
    onFailure: z.enum(ON_FAILURE).default('stop'),
    compensate: compensationSchema.optional(),
  })
  .strict();

export const approvalStepSchema = z
  .object({
    ...common,
    kind: z.literal('approval'),
    /** 'tenantAdmins', or the UPNs of named tenant admins (the approval service lets only tenant admins decide). */
    approvers: z.union([z.literal('tenantAdmins'), z.array(z.string().trim().min(3).max(256)).min(1).max(WORKFLOW_LIMITS.maxNamedApprovers)]),
    message: text(1000),
    /** ISO-8601 duration (PT4H, P1D) or minutes. Without it the request waits as long as the approval service allows. */
    timeout: z.union([z.string().trim().min(1).max(40), z.number()]).optional(),
    /** stop | continue | the id of a later step to go on at. */
    onTimeout: z.string().trim().min(1).max(40).default('stop'),
    onFailure: z.enum(ON_FAILURE).default('stop'),
    /**
     * The approval also covers the action steps after it: an operator's action that the tenant's
     * rules send for approval (`action approvals`) runs on this decision instead of asking again.
     * The bot adds such a step at the front of an operator's run that needs one.
     */
    coversActions: z.boolean().optional(),
  })
  .strict();

export const choiceStepSchema = z
  .object({
    ...common,
    kind: z.literal('choice'),
    question: text(200),
    options: z.array(text(60)).min(2).max(WORKFLOW_LIMITS.maxChoiceOptions),
  })
  .strict();

export const noticeStepSchema = z
  .object({
    ...common,
    kind: z.literal('notice'),
    to: z.enum(NOTICE_AUDIENCES),
    text: text(WORKFLOW_LIMITS.maxTextLength),
    onFailure: z.enum(ON_FAILURE).default('stop'),
  })
  .strict();

export const stepSchema = z.discriminatedUnion('kind', [actionStepSchema, approvalStepSchema, choiceStepSchema, noticeStepSchema]);

export const workflowDefinitionSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(CUSTOM_ACTION_NAME, 'Use lower-case letters, digits and hyphens, starting with a letter, e.g. offboarding.'),
    title: text(80),
    description: z.string().trim().max(500).default(''),
    inputs: z.array(parameterSchema).max(WORKFLOW_LIMITS.maxInputs).default([]),
    bindings: z.record(z.string().regex(PARAMETER_NAME, 'Use a binding name of letters, digits and _ that starts with a letter, e.g. signInName.'), text(500)).default({}),
    /** Derives the target user's UPN from inputs and bindings; a run started with a target must match it. */
    target: text(300).optional(),
    steps: z.array(stepSchema).min(1).max(WORKFLOW_LIMITS.maxSteps),
  })
  .strict();

export type WorkflowDefinition = z.output<typeof workflowDefinitionSchema>;
export type WorkflowInput = WorkflowDefinition['inputs'][number];
export type WorkflowStep = WorkflowDefinition['steps'][number];
export type ActionStep = z.output<typeof actionStepSchema>;
export type ApprovalStep = z.output<typeof approvalStepSchema>;
export type ChoiceStep = z.output<typeof choiceStepSchema>;
export type NoticeStep = z.output<typeof noticeStepSchema>;
export type StepParameters = z.output<typeof parameters>;
export type Compensation = z.output<typeof compensationSchema>;

/** The fields, for "the fields are …". */
export const DEFINITION_FIELDS = Object.keys(workflowDefinitionSchema.shape);
export const STEP_FIELDS: Record<WorkflowStepKind, string[]> = {
  action: Object.keys(actionStepSchema.shape),
  approval: Object.keys(approvalStepSchema.shape),
  choice: Object.keys(choiceStepSchema.shape),
  notice: Object.keys(noticeStepSchema.shape),
};
export const COMPENSATION_FIELDS = Object.keys(compensationSchema.shape);

/** `custom:<name>`: a custom action rather than a built-in one. */
export function isCustomActionId(actionId: string): boolean {
  return actionId.startsWith(CUSTOM_ACTION_PREFIX);
}
