/**
 * Every `Action.Execute` verb the bot's cards can send, in one place, so the invoke verb table
 * and the card templates cannot drift apart. Verbs are stable wire names: add, never rename.
 */
export const Verbs = {
  refreshSessionStatus: 'session.status.refresh',
  showHelp: 'help.show',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];

export const allVerbs: readonly Verb[] = Object.values(Verbs);
