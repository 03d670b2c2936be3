/**
 * `set <field> for <user> to <value>`: changes one profile field — department, job title, office,
 * mobile phone, usage location (PATCH /users/{id} with that field only) or manager
 * (PUT /users/{id}/manager/$ref) — as the session's account.
 *
 * When prepared, the value is checked (a bad one is refused with words and an example, and
 * nothing is stored) and the current value is read as the bot's app, so the confirmation card
 * shows before → after.
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameterContext, type ActionParameters } from './action-definition';
import { ActionError } from './action-errors';
import { resolveActionTarget } from './action-target-resolver';
import { checkFieldValue, fieldOf, FIELD_NAMES_IN_WORDS, FIELD_RULES, shownValue, type UpdatableField } from './profile-fields';

const FIELDS = ['department', 'jobTitle', 'officeLocation', 'mobilePhone', 'usageLocation', 'manager'] as const satisfies readonly UpdatableField[];

/** What is asked: the field as typed and the new value (for the manager, a user as typed). */
export const updateProfileRequest = z.object({
  field: z.string({ required_error: `Say which field: ${FIELD_NAMES_IN_WORDS}.` }),
  value: z.string({ required_error: 'Say the new value.' }),
});

/** What is stored with the pending action and run: the checked value and what it replaces. */
export const updateProfileParameters = z.object({
  field: z.enum(FIELDS),
  value: z.string().min(1),
  /** The value when prepared, as shown on the card ("not set" when empty). */
  before: z.string(),
  /** For the manager: the manager's object id (`value` is their UPN). */
  managerId: z.string().optional(),
});
export type UpdateProfileParameters = z.infer<typeof updateProfileParameters>;

const EXAMPLE_USER = 'adele@contoso.com';

function exampleFor(field: UpdatableField): string {
  const words = field === 'officeLocation' ? 'office' : FIELD_RULES[field].label.toLowerCase();
  return `set ${words} for ${EXAMPLE_USER} to ${FIELD_RULES[field].example}`;
}

function invalid(message: string, field?: UpdatableField): ActionError {
  const example = field ? exampleFor(field) : exampleFor('department');
  return new ActionError('ACTION.INVALID_PARAMETERS', message, {}, `Nothing was changed. Run the command again, for example: ${example}`);
}

function stored(parameters: ActionParameters): UpdateProfileParameters {
  return updateProfileParameters.parse(parameters);
}

async function resolve(context: ActionParameterContext, input: Readonly<Record<string, string>>): Promise<ActionParameters> {
  const request = updateProfileRequest.safeParse(input);
  if (!request.success) throw invalid(request.error.issues[0]?.message ?? 'Say which field and the new value.');
  const field = fieldOf(request.data.field);
  if (!field) throw invalid(`I can't change "${request.data.field.slice(0, 40)}". I can change the ${FIELD_NAMES_IN_WORDS}.`);
  const { tenantId, target, appUsers } = context;
  if (field === 'manager') {
    const manager = await resolveActionTarget(context.appDirectory, tenantId, request.data.value);
    if (manager.id.toLowerCase() === target.userId.toLowerCase()) throw invalid(`${target.displayName} can't be their own manager.`, 'manager');
    const current = await readOrUnavailable(() => appUsers.getManager(tenantId, target.userId));
    return { field, value: manager.userPrincipalName, managerId: manager.id, before: current ? `${current.displayName} (${current.userPrincipalName})` : 'not set' };
  }
  const checked = checkFieldValue(field, request.data.value);
  if (!checked.ok) throw invalid(checked.problem, field);
  const profile = await readOrUnavailable(() => appUsers.getUserProfile(tenantId, target.userId));
  if (!profile) throw new ActionError('ACTION.TARGET_NOT_FOUND', `I couldn't find ${target.upn} any more.`);
  return { field, value: checked.value, before: shownValue(field, profile[field]) };
}

async function readOrUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof DirectoryError) {
      throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't read the user's profile in Microsoft Entra right now. Nothing was done; try again in a few minutes.");
    }
    throw error;
  }
}

function afterText(parameters: UpdateProfileParameters): string {
  return parameters.field === 'manager' ? parameters.value : shownValue(parameters.field, parameters.value);
}

export const updateProfileAction: ActionDefinition = {
  ...catalogEntry('user.updateProfile'),
  category: 'Profile',
  description: 'Changes one profile field: department, job title, office, mobile phone, usage location or manager.',
  risk: 'low',
  approvalByDefault: false,
  graphCalls: ['GET /users/{id} (current value)', 'GET /users/{id}/manager', 'PATCH /users/{id} (the one field)', 'PUT /users/{id}/manager/$ref'],
  parameters: updateProfileParameters,
  resolveParameters: resolve,
  describe: (target, parameters) => {
    const p = stored(parameters);
    const label = FIELD_RULES[p.field].label;
    const after = afterText(p);
    return {
      summary: `Set the ${label.toLowerCase()} of ${describeTarget(target)} to ${after}`,
      facts: [{ label, value: `${p.before} → ${after}` }],
      consequences: [
        p.before === after ? `The ${label.toLowerCase()} is already ${after}; this confirms it.` : `Only the ${label.toLowerCase()} changes; nothing else on the profile is touched.`,
      ],
      destructive: false,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const p = stored(parameters);
    if (p.field === 'manager') {
      if (!p.managerId) throw new DirectoryError('DIRECTORY.BAD_REQUEST', 'The stored manager has no object id.');
      await session.users.setManager(target.tenantId, target.userId, p.managerId);
    } else {
      await session.users.updateUserProfile(target.tenantId, target.userId, { [p.field]: p.value });
    }
    return { summary: `The ${FIELD_RULES[p.field].label.toLowerCase()} of ${target.upn} is now ${afterText(p)}.` };
  },
  verify: async (appDirectory, target, parameters) => {
    const p = stored(parameters);
    // The Directory port reads these three; the others are settled as "outcome unknown".
    if (p.field !== 'department' && p.field !== 'jobTitle' && p.field !== 'usageLocation') throw new Error(`${p.field} cannot be read back here`);
    return (await appDirectory.getUser(target.tenantId, target.userId))?.[p.field] === p.value;
  },
};
