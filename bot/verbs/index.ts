import { renderHelpCard, renderSessionStatusCard, Verbs } from '../../cards';
import { currentSessionStatus } from '../commands/status.command';
import type { VerbDefinition } from '../invoke-router';

/** Services the verb handlers call. Empty for now; later issues add ports here. */
export type VerbDependencies = Record<string, never>;

/**
 * The verb table. A new card button is a verb in cards/verbs.ts plus a row here; the handler
 * calls the same service method as the matching text command.
 */
export function createVerbTable(
  commandsForHelp: ReadonlyArray<{ usage: string; description: string }>,
  _dependencies: VerbDependencies = {},
): VerbDefinition[] {
  return [
    {
      verb: Verbs.refreshSessionStatus,
      handle: async (context) => ({ card: renderSessionStatusCard(currentSessionStatus(context.tenantId)) }),
    },
    {
      verb: Verbs.showHelp,
      handle: async () => ({ card: renderHelpCard({ commands: commandsForHelp }) }),
    },
  ];
}
