/**
 * `assign licence <licence> to <user>` and `remove licence <licence> from <user>`:
 * POST /users/{id}/assignLicense { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] }
 * (or the reverse) as the session's account.
 *
 * When prepared, the licence is looked up in GET /subscribedSkus by name, product code or id, and
 * the user read as the bot's app, so the confirmation card names the product and its free seats.
 * No seats left, a user without a usage location (Graph refuses the assignment), a licence the
 * user already has (or lacks, to remove) are refused there, before anything is stored.
 */
import { z } from 'zod';
import { DirectoryError } from '../ports/directory.port';
import type { UserProfile } from '../ports/user-administration.port';
import { catalogEntry, describeTarget, type ActionDefinition, type ActionParameterContext, type ActionParameters } from './action-definition';
import { ActionError } from './action-errors';
import { matchSkus, named, skuLabel, type NamedSku } from './licence-skus';

export const licenceRequest = z.object({ sku: z.string({ required_error: 'Say which licence, for example "E5" or "SPE_E5".' }).trim().min(1, 'Say which licence, for example "E5" or "SPE_E5".') });

/** What is stored and run: the subscription, and what the card showed about it. */
export const licenceParameters = z.object({
  skuId: z.string().uuid(),
  skuPartNumber: z.string().min(1),
  name: z.string().min(1),
  /** "9 of 25 free" when prepared. */
  seats: z.string(),
});
export type LicenceParameters = z.infer<typeof licenceParameters>;

/** Graph's own words for a user without a usage location (400 on assignLicense). */
const NO_USAGE_LOCATION = /usage location/i;

function usageLocationFirst(upn: string): ActionError {
  return new ActionError(
    'ACTION.NOT_POSSIBLE',
    `${upn} has no usage location, and Microsoft 365 can only assign a licence to a user with one.`,
    {},
    `Nothing was changed. Set it first, for example: set usage location for ${upn} to US`,
  );
}

async function read<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DirectoryError) {
      throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't read the tenant's licences in Microsoft Entra right now. Nothing was done; try again in a few minutes.");
    }
    throw error;
  }
}

async function pickSku(context: ActionParameterContext, input: Readonly<Record<string, string>>, example: string): Promise<{ sku: NamedSku; profile: UserProfile }> {
  const request = licenceRequest.safeParse(input);
  const nextStep = `Nothing was changed. Run the command again, for example: ${example}`;
  if (!request.success) throw new ActionError('ACTION.INVALID_PARAMETERS', request.error.issues[0]?.message ?? 'Say which licence.', {}, nextStep);
  const [skus, profile] = await Promise.all([
    read(() => context.appUsers.listSubscribedSkus(context.tenantId)),
    read(() => context.appUsers.getUserProfile(context.tenantId, context.target.userId)),
  ]);
  if (!profile) throw new ActionError('ACTION.TARGET_NOT_FOUND', `I couldn't find ${context.target.upn} any more.`);
  const all = skus.map(named);
  const matches = matchSkus(all, request.data.sku);
  const list = all.map(skuLabel).join(', ');
  if (matches.length === 0) throw new ActionError('ACTION.INVALID_PARAMETERS', `Your tenant has no licence called "${request.data.sku.slice(0, 40)}". It has: ${list}.`, {}, nextStep);
  if (matches.length > 1) {
    throw new ActionError('ACTION.INVALID_PARAMETERS', `"${request.data.sku.slice(0, 40)}" matches more than one licence: ${matches.map(skuLabel).join(', ')}.`, {}, `Nothing was changed. Run the command again with the product code, for example ${matches[0]?.skuPartNumber}.`);
  }
  return { sku: matches[0] as NamedSku, profile };
}

function stored(parameters: ActionParameters): LicenceParameters {
  return licenceParameters.parse(parameters);
}

function toParameters(sku: NamedSku): LicenceParameters {
  return { skuId: sku.skuId, skuPartNumber: sku.skuPartNumber, name: sku.name, seats: `${sku.available} of ${sku.enabledUnits} free` };
}

export const assignLicenceAction: ActionDefinition = {
  ...catalogEntry('user.assignLicense'),
  category: 'Groups & licences',
  description: 'Gives the user a licence your tenant holds, if a seat is free and their usage location is set.',
  risk: 'medium',
  approvalByDefault: false,
  graphCalls: ['GET /subscribedSkus', 'GET /users/{id} (usageLocation, assignedLicenses)', 'POST /users/{id}/assignLicense'],
  parameters: licenceParameters,
  resolveParameters: async (context, input) => {
    const { sku, profile } = await pickSku(context, input, `assign licence E5 to ${context.target.upn}`);
    const holds = profile.assignedSkuIds.includes(sku.skuId.toLowerCase());
    if (holds) throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} already has ${skuLabel(sku)}.`);
    if (!profile.usageLocation) throw usageLocationFirst(context.target.upn);
    if (sku.available <= 0) {
      throw new ActionError(
        'ACTION.NOT_POSSIBLE',
        `No ${skuLabel(sku)} seats are left: all ${sku.enabledUnits} are in use.`,
        {},
        'Nothing was changed. Free a seat (remove the licence from someone who left) or buy more, then try again.',
      );
    }
    return toParameters(sku);
  },
  describe: (target, parameters) => {
    const p = stored(parameters);
    return {
      summary: `Assign ${skuLabel(p)} to ${describeTarget(target)}`,
      facts: [
        { label: 'Licence', value: `not assigned → ${p.name}` },
        { label: 'Available seats', value: p.seats },
      ],
      consequences: ['One seat is used, and the user gets the licence\u2019s apps and services within a few minutes.'],
      destructive: false,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const p = stored(parameters);
    await session.users.assignLicense(target.tenantId, target.userId, { addSkuIds: [p.skuId], removeSkuIds: [] });
    return { summary: `${target.upn} has ${p.name} now.` };
  },
  explainFailure: (error) => {
    if (!(error instanceof DirectoryError) || error.code !== 'DIRECTORY.BAD_REQUEST') return undefined;
    if (NO_USAGE_LOCATION.test(error.message)) return "Microsoft 365 refused: the user has no usage location. Set it first (set usage location for <user> to US), then assign the licence again.";
    if (/available licenses/i.test(error.message)) return 'Microsoft 365 refused: no seats of this licence are left. Free a seat or buy more, then try again.';
    return undefined;
  },
};

export const removeLicenceAction: ActionDefinition = {
  ...catalogEntry('user.removeLicense'),
  category: 'Groups & licences',
  description: 'Takes a licence away and frees its seat; the user loses those apps and, after 30 days, their data in them.',
  risk: 'high',
  approvalByDefault: true,
  graphCalls: ['GET /subscribedSkus', 'GET /users/{id} (assignedLicenses)', 'POST /users/{id}/assignLicense'],
  parameters: licenceParameters,
  resolveParameters: async (context, input) => {
    const { sku, profile } = await pickSku(context, input, `remove licence E5 from ${context.target.upn}`);
    if (!profile.assignedSkuIds.includes(sku.skuId.toLowerCase())) throw new ActionError('ACTION.NOT_POSSIBLE', `${context.target.upn} doesn't have ${skuLabel(sku)}.`);
    return toParameters(sku);
  },
  describe: (target, parameters) => {
    const p = stored(parameters);
    return {
      summary: `Remove ${skuLabel(p)} from ${describeTarget(target)}`,
      facts: [
        { label: 'Licence', value: `${p.name} → not assigned` },
        { label: 'Available seats', value: p.seats },
      ],
      consequences: [
        'The user loses the licence\u2019s apps and services, and one seat is freed.',
        'Data in those services (such as a mailbox) is kept for 30 days, then deleted.',
      ],
      destructive: true,
    };
  },
  run: async (_directory, target, parameters, session) => {
    const p = stored(parameters);
    await session.users.assignLicense(target.tenantId, target.userId, { addSkuIds: [], removeSkuIds: [p.skuId] });
    return { summary: `${p.name} was removed from ${target.upn}.` };
  },
};
