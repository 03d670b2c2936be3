import { renderGrantResultCard, renderNotifyHereCard } from '../../cards';
import { describePerson } from '../../services/access/actor';
import type { AuthorizationService } from '../../services/access/authorization.service';
import type { AuditWriter } from '../../services/ports/audit-log.port';
import type { TenantSettingsRepository } from '../../services/ports/tenant-settings.repository.port';
import type { CommandDefinition } from '../commands';
import { sendCard } from '../commands/reply';
import type { ActorResolver } from './actor-resolver';
import { authorizeCommand } from './access-turn';
import { recordCommand } from './audit-trail';

export interface NotifyHereDependencies {
  authorization: AuthorizationService;
  actors: ActorResolver;
  audit: AuditWriter;
  tenantSettings: Pick<TenantSettingsRepository, 'get' | 'update'>;
}

const SHARED_CONVERSATIONS: Readonly<Record<string, string>> = { channel: 'this channel', groupChat: 'this group chat' };

/**
 * `notify here` (tenant admins, in a channel or group chat): makes this conversation the admin
 * channel for approval cards and notices. The bot already stored this conversation's reference
 * when the message arrived; this records which one to use.
 */
export function createNotifyHereCommand(dependencies: NotifyHereDependencies): CommandDefinition {
  return {
    id: 'notify.here',
    usage: 'notify here',
    description: 'Sends approval requests and admin notices to this channel or group chat (tenant admins).',
    patterns: ['notify here', 'send [admin] notices here', 'send [admin] notifications here', 'use this channel for notices', 'notify [admins] in this channel'],
    handle: async (context) => {
      const actor = await authorizeCommand(context, 'notify.here', dependencies);
      if (!actor) return;
      const conversation = context.turn.activity.conversation;
      const label = SHARED_CONVERSATIONS[conversation?.conversationType ?? ''];
      if (!label || !conversation?.id) {
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
      const previous = dependencies.tenantSettings.get(actor.tenantId).adminChannelConversationId;
      const settings = dependencies.tenantSettings.update(actor.tenantId, { adminChannelConversationId: conversation.id }, actor.userId);
      await recordCommand(dependencies.audit, actor, 'notify.here', context.correlationId, {
        conversationType: conversation.conversationType ?? 'unknown',
        replacedPrevious: previous !== undefined && previous !== conversation.id,
      });
      await sendCard(
        context.turn,
        renderNotifyHereCard({
          conversationLabel: label,
          registeredBy: describePerson(actor),
          registeredAt: settings.updatedAt,
          replacedPrevious: previous !== undefined && previous !== conversation.id,
        }),
      );
    },
  };
}
