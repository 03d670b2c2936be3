/**
 * Who is acting. Callers build an `Actor` from the Teams activity (`from.aadObjectId` and the
 * activity's tenant id), never from card data: a card payload can be edited by the client.
 */
export interface Person {
  /** Entra object id (aadObjectId). */
  userId: string;
  upn?: string;
  displayName?: string;
}

export interface Actor extends Person {
  tenantId: string;
}

/** The bot itself, for records written by timers (expiry, reminders) rather than by a person. */
export const SYSTEM_PERSON: Person = Object.freeze({ userId: 'system', displayName: 'Management Session Bot' });

/** "Ada Admin (ada@contoso.com)", falling back to whatever is known, for messages and cards. */
export function describePerson(person: Person): string {
  if (person.displayName && person.upn) return `${person.displayName} (${person.upn})`;
  return person.displayName ?? person.upn ?? person.userId;
}

/** Strips an actor down to the person fields, so tenant ids are never copied into nested records. */
export function toPerson(actor: Person): Person {
  const person: Person = { userId: actor.userId };
  if (actor.upn) person.upn = actor.upn;
  if (actor.displayName) person.displayName = actor.displayName;
  return person;
}
