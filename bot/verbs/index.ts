import { Verbs } from '../../cards';
import type { Actor } from '../../services/access/actor';
import { helpCardFor } from '../commands/help.command';
import { placeholderStatusCard, type StatusCardSource } from '../commands/status.command';
import type { HelpRow } from '../commands/suggest';
import type { VerbDefinition } from '../invoke-router';

/** A feature's rows; the composition root hands every wired feature in. */
export interface VerbFeature {
  verbs: readonly VerbDefinition[];
}

/**
 * The verb table: Refresh and Help, then each feature's own rows. A new card button is a verb in
 * cards/verbs.ts plus a row in its feature's table; the handler calls the same service method
 * (or flow) as the matching text command. A verb with no row is refused as unknown (fail closed).
 */
export function createVerbTable(
  /** The command rows the clicker may run (`commandsAvailableTo`): the Help button shows the same card as typing help. */
  commandsFor: (actor: Actor) => Promise<readonly HelpRow[]>,
  options: { statusCard?: StatusCardSource; features?: readonly VerbFeature[] } = {},
): VerbDefinition[] {
  return [
    { verb: Verbs.refreshSessionStatus, handle: async (context) => ({ card: await (options.statusCard ?? placeholderStatusCard)(context.turn) }) },
    { verb: Verbs.showHelp, handle: async (context) => ({ card: helpCardFor(await commandsFor(context.actor)) }) },
    ...(options.features ?? []).flatMap((feature) => feature.verbs),
  ];
}
