import { renderHelpCard, renderSessionStatusCard, Verbs } from '../../cards';
import { currentSessionStatus } from '../commands/status.command';
import { accessVerbRows } from '../access/access-verb-rows';
import type { VerbDefinition } from '../invoke-router';

/** Services the verb handlers call; each feature hands in its wired rows. */
export interface VerbDependencies {
  /** The access-control feature's verbs (bot/access); absent, its rows fail closed. */
  access?: { verbs: readonly VerbDefinition[] };
}

/**
 * The verb table. A new card button is a verb in cards/verbs.ts plus a row here; the handler
 * calls the same service method as the matching text command.
 */
export function createVerbTable(
  commandsForHelp: ReadonlyArray<{ usage: string; description: string }>,
  dependencies: VerbDependencies = {},
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
    ...accessVerbRows(dependencies.access?.verbs),
  ];
}
