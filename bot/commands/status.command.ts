import type { TurnContext } from 'botbuilder';
import { renderSessionStatusCard, type AdaptiveCardJson, type SessionStatusView } from '../../cards';
import { tenantIdOf } from '../turn-scope';
import type { CommandContext, CommandDefinition } from './command';
import { sendCard } from './reply';

/** The status card for the turn's user; the sessions feature (bot/sessions) supplies the real one. */
export type StatusCardSource = (turn: TurnContext) => Promise<AdaptiveCardJson>;

/** Without the sessions feature (a table built for a router test), every tenant reads as OFF with no mode chosen. */
export function currentSessionStatus(tenantId: string): SessionStatusView {
  return { state: 'OFF', tenantId, modeLabel: 'Not configured' };
}

export const placeholderStatusCard: StatusCardSource = async (turn) => renderSessionStatusCard(currentSessionStatus(tenantIdOf(turn)));

export function createStatusCommand(statusCard: StatusCardSource = placeholderStatusCard): CommandDefinition {
  return {
    id: 'status',
    usage: 'status',
    description: 'Shows whether the management session is on, for this tenant.',
    group: 'Management session',
    patterns: [
      'status',
      '[show] [me] [the] [management] [session] status',
      'management session',
      "what's the status",
      'what is the status',
      'is management on',
    ],
    handle: async (context: CommandContext) => {
      await sendCard(context.turn, await statusCard(context.turn));
    },
  };
}
