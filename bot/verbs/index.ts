import { renderHelpCard, Verbs } from '../../cards';
import { placeholderStatusCard, type StatusCardSource } from '../commands/status.command';
import { accessVerbRows } from '../access/access-verb-rows';
import { sessionVerbRows } from '../sessions/session-verb-rows';
import { rotationVerbRows } from '../rotation/rotation-verb-rows';
import { serviceAccountVerbRows } from '../service-account/service-account-verb-rows';
import type { VerbDefinition } from '../invoke-router';

/** Services the verb handlers call; each feature hands in its wired rows. */
export interface VerbDependencies {
  /** The access-control feature's verbs (bot/access); absent, its rows fail closed. */
  access?: { verbs: readonly VerbDefinition[] };
  /** The management-session feature (bot/sessions): its verbs and the real status card. */
  sessions?: { verbs: readonly VerbDefinition[]; statusCard: StatusCardSource };
  /** The password-rotation feature's verbs (bot/rotation); absent, its rows fail closed. */
  rotation?: { verbs: readonly VerbDefinition[] };
  /** Settings, the service account and the mode switch (bot/service-account); absent, its rows fail closed. */
  serviceAccount?: { verbs: readonly VerbDefinition[] };
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
      handle: async (context) => ({ card: await (dependencies.sessions?.statusCard ?? placeholderStatusCard)(context.turn) }),
    },
    {
      verb: Verbs.showHelp,
      handle: async () => ({ card: renderHelpCard({ commands: commandsForHelp }) }),
    },
    ...sessionVerbRows(dependencies.sessions?.verbs),
    ...accessVerbRows(dependencies.access?.verbs),
    ...rotationVerbRows(dependencies.rotation?.verbs),
    ...serviceAccountVerbRows(dependencies.serviceAccount?.verbs),
  ];
}
