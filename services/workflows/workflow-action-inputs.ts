/**
 * What each built-in action takes as a workflow step's `parameters`: the same typed input its
 * `resolveParameters` reads when an operator prepares it in chat (services/actions/*.action(s).ts),
 * so the action port can hand a step's parameters straight to ManagementActionService.prepare.
 * Checked on save, so "user.addToGroup needs group" is said before a run, not during one.
 * Keep in step with the actions' `resolveParameters` inputs.
 */
import { MANAGEMENT_ACTIONS, type ManagementActionId } from '../access/actions';

export interface ActionInputs {
  /** Every one of these must be given. */
  required: readonly string[];
  /** At least one of these must be given (e.g. group or groupId). */
  oneOf?: readonly string[];
  optional: readonly string[];
  /** A line for error messages, e.g. "group (a group's name) or groupId". */
  hint: string;
}

const NONE: ActionInputs = { required: [], optional: [], hint: 'no parameters' };
const GROUP: ActionInputs = { required: [], oneOf: ['group', 'groupId'], optional: [], hint: "group (the group's name) or groupId" };
const SKU: ActionInputs = { required: ['sku'], optional: [], hint: 'sku (the licence, e.g. E5 or SPE_E5)' };

export const BUILT_IN_ACTION_INPUTS: Record<ManagementActionId, ActionInputs> = {
  'user.blockSignIn': NONE,
  'user.unblockSignIn': NONE,
  'user.revokeSessions': NONE,
  'user.resetPassword': NONE,
  'user.addToGroup': GROUP,
  'user.removeFromGroup': GROUP,
  'user.updateProfile': { required: ['field', 'value'], optional: [], hint: 'field (department, jobTitle, officeLocation, mobilePhone, usageLocation or manager) and value' },
  'user.assignLicense': SKU,
  'user.removeLicense': SKU,
  'user.createTemporaryAccessPass': { required: [], optional: ['lifetime'], hint: 'lifetime (optional, e.g. 8 hours; default 1 hour)' },
  'user.setAutomaticReplies': { required: ['message'], optional: [], hint: 'message (the automatic reply)' },
  'user.turnOffAutomaticReplies': NONE,
  'user.removeFromAllGroups': NONE,
  'user.removeAllLicenses': NONE,
};

/** The catalogue's title of a built-in action ("Block sign-in"). */
export function builtInActionTitle(actionId: string): string | undefined {
  return MANAGEMENT_ACTIONS.find((action) => action.id === actionId)?.title;
}
