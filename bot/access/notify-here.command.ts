import { renderGrantResultCard, renderNotifyHereCard } from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { SettingsService } from '../../services/settings/settings.service';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';

const SHARED_CONVERSATIONS: Readonly<Record<string, string>> = { channel: 'this channel', groupChat: 'this group chat' };

/**
 * `notify here` (tenant admins, in a channel or group chat): makes this conversation the admin
 * channel for approval cards and notices. The bot already stored this conversation's reference
 * when the message arrived; the SettingsService records which one to use, and audits it.
 */
export function createNotifyHereCommand(dependencies: { settings: Pick<SettingsService, 'setAdminChannel'> }): CommandDefinition {
  return {
    id: 'notify.here',
    capability: 'notify.here',
    usage: 'notify here',
    description: 'Sends approval requests and admin notices to this channel or group chat (tenant admins).',
    patterns: ['notify here', 'send [admin] notices here', 'send [admin] notifications here', 'use this channel for notices', 'notify [admins] in this channel'],
    handle: async (context) => {
      const conversation = context.turn.activity.conversation;
      const result = await dependencies.settings.setAdminChannel(context.actor, { id: conversation?.id, type: conversation?.conversationType }, { correlationId: context.correlationId });
      if (result.outcome === 'not-shared') {
        await sendCard(
          context.turn,
          renderGrantResultCard({
            outcome: 'unchanged',
            title: 'Use this in a channel or group chat',
            message: 'Admin notices go to a conversation all tenant admins can see; our personal chat gets them anyway.',
            nextStep: 'Add me to the admins\' channel or group chat and type "@Management Session Bot notify here" there.',
            correlationId: context.correlationId,
          }),
        );
        return;
      }
      await sendCard(
        context.turn,
        renderNotifyHereCard({
          conversationLabel: SHARED_CONVERSATIONS[result.conversationType] ?? 'this conversation',
          registeredBy: describePerson(context.actor),
          registeredAt: result.registeredAt,
          replacedPrevious: result.replacedPrevious,
        }),
      );
    },
  };
}
