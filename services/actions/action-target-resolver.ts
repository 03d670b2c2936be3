/**
 * Finds the user a command names ("adele@contoso.com", an object id, "Adele Vance", "Adele" or
 * "vance": the directory matches the start of the UPN, display name, given name or surname) through
 * the bot's own directory identity (User.Read.All). Card data never names the target of an
 * execution; this runs when the action is prepared.
 */
import { DirectoryError, type Directory, type DirectoryUser } from '../ports/directory.port';
import { ActionError } from './action-errors';

const MAX_QUERY_LENGTH = 256;

/**
 * @throws ActionError ACTION.TARGET_REQUIRED, ACTION.TARGET_NOT_FOUND, ACTION.TARGET_AMBIGUOUS
 *   (with up to 5 candidates), ACTION.DIRECTORY_UNAVAILABLE.
 */
export async function resolveActionTarget(appDirectory: Directory, tenantId: string, query: string): Promise<DirectoryUser> {
  const text = query.trim();
  if (!text) throw new ActionError('ACTION.TARGET_REQUIRED', 'Say which user this is for, e.g. "block sign-in for adele@contoso.com".');
  // Longer than any sign-in name (113) or display name (256) Entra allows: nobody, and not worth a Graph call.
  if (text.length > MAX_QUERY_LENGTH) throw new ActionError('ACTION.TARGET_NOT_FOUND', "I couldn't find a user matching that text.");
  try {
    const direct = await appDirectory.getUser(tenantId, text).catch((error: unknown) => {
      // A display name is not a valid id or UPN for GET /users/{id}; search instead.
      if (error instanceof DirectoryError && (error.code === 'DIRECTORY.BAD_REQUEST' || error.code === 'DIRECTORY.NOT_FOUND')) return undefined;
      throw error;
    });
    if (direct) return direct;
    const matches = await appDirectory.findUsers(tenantId, text, { top: 5 });
    const lowered = text.toLowerCase();
    const exact = matches.filter((u) => u.displayName.toLowerCase() === lowered || u.userPrincipalName.toLowerCase() === lowered);
    const [only] = matches.length === 1 ? matches : exact.length === 1 ? exact : [];
    if (only) return only;
    if (matches.length === 0) throw new ActionError('ACTION.TARGET_NOT_FOUND', `I couldn't find a user matching "${text}".`);
    throw new ActionError('ACTION.TARGET_AMBIGUOUS', `More than one user matches "${text}". Pick one.`, {
      candidates: matches.map((u) => ({ userId: u.id, upn: u.userPrincipalName, displayName: u.displayName })),
    });
  } catch (error) {
    if (error instanceof DirectoryError) {
      throw new ActionError('ACTION.DIRECTORY_UNAVAILABLE', "I couldn't look the user up in Microsoft Entra right now. Nothing was done; try again in a few minutes.");
    }
    throw error;
  }
}
