/**
 * The words of a shown-once card, per kind of secret: the reset password's temporary password
 * and the Temporary Access Pass. The redacted card knows only the stored card (its title, never
 * the secret), so the wording is looked up by the action's title.
 */
import { MANAGEMENT_ACTIONS } from '../../services/access/actions';

export interface ShownOnceWording {
  secretLabel: string;
  /** While shown: what happened and what to do with the secret. */
  shown(displayName: string): string;
  /** Once hidden. */
  hidden(displayName: string): string;
  /** What to do if the secret was lost. */
  ifLost: string;
}

const TEMPORARY_PASSWORD: ShownOnceWording = {
  secretLabel: 'Temporary password',
  shown: (name) => `The password of ${name} was reset. Give them this temporary password; they must change it when they next sign in.`,
  hidden: (name) => `The password of ${name} was reset; they must change it when they next sign in.`,
  ifLost: 'If it was lost, reset the password again.',
};

const TEMPORARY_ACCESS_PASS: ShownOnceWording = {
  secretLabel: 'Temporary Access Pass',
  shown: (name) => `A one-time Temporary Access Pass was created for ${name}. Give it to them; they sign in with it once and set up their sign-in methods.`,
  hidden: (name) => `A one-time Temporary Access Pass was created for ${name}.`,
  ifLost: 'If it was lost, delete it in the Microsoft Entra admin center and create another.',
};

const titleOf = (id: string): string | undefined => MANAGEMENT_ACTIONS.find((action) => action.id === id)?.title;

const BY_TITLE: ReadonlyMap<string | undefined, ShownOnceWording> = new Map([[titleOf('user.createTemporaryAccessPass'), TEMPORARY_ACCESS_PASS]]);

/** The wording of the action titled `title`; a temporary password's for any other. */
export function shownOnceWording(title: string): ShownOnceWording {
  return BY_TITLE.get(title) ?? TEMPORARY_PASSWORD;
}
