/** Entra's validation rules for user objects (UPN, usage location, password complexity). */
import type { DirectoryState } from '../directory/model';
import { GraphErrors } from './errors';

/** Entra's default policy: 8–256 characters, at least three of the four character classes. */
export function assertPasswordComplexity(password: unknown, policies: string | null | undefined): asserts password is string {
  if (typeof password !== 'string') throw GraphErrors.invalidValue('passwordProfile', 'User');
  const weakAllowed = /DisableStrongPassword/i.test(policies ?? '');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (password.length < 8 || password.length > 256 || (!weakAllowed && classes < 3)) {
    throw GraphErrors.badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
}

export function assertUserPrincipalName(state: DirectoryState, upn: unknown, exceptUserId?: string): asserts upn is string {
  if (typeof upn !== 'string' || !/^[A-Za-z0-9.'_!#^~+-]+@[A-Za-z0-9.-]+$/.test(upn) || upn.startsWith('.')) {
    throw GraphErrors.invalidValue('userPrincipalName', 'User');
  }
  const domain = (upn.split('@')[1] as string).toLowerCase();
  if (!state.domains.some((d) => d.isVerified && d.id.toLowerCase() === domain)) {
    throw GraphErrors.badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
  }
  const taken = state.users.some((u) => u.userPrincipalName.toLowerCase() === upn.toLowerCase() && u.id !== exceptUserId);
  if (taken) throw GraphErrors.badRequest('Another object with the same value for property userPrincipalName already exists.');
}

export function assertUsageLocation(value: unknown): void {
  if (value !== null && (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value))) throw GraphErrors.invalidValue('usageLocation', 'User');
}

export function assertNonEmptyString(value: unknown, property: string, resource = 'User'): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw GraphErrors.invalidValue(property, resource);
}
