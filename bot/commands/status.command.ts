import { renderSessionStatusCard, type SessionStatusView } from '../../cards';
import type { CommandContext, CommandDefinition } from './command';
import { sendCard } from './reply';

/**
 * Until the management-session service exists (a later issue), every tenant is OFF with no
 * mode chosen. That service will replace this function; the command and verb stay as they are.
 */
export function currentSessionStatus(tenantId: string): SessionStatusView {
  return { state: 'OFF', tenantId, modeLabel: 'Not configured' };
}

export function createStatusCommand(): CommandDefinition {
  return {
    id: 'status',
    usage: 'status',
    description: 'Shows whether the management session is on, for this tenant.',
    patterns: [
      'status',
      '[show] [me] [the] [management] [session] status',
      'management session',
      "what's the status",
      'what is the status',
      'is management on',
    ],
    handle: async (context: CommandContext) => {
      await sendCard(context.turn, renderSessionStatusCard(currentSessionStatus(context.tenantId)));
    },
  };
}
