import { BotState, type Storage } from 'botbuilder';
import { tenantStorageKey } from '../services/adapters/botbuilder/tenant-storage-key';
import { tenantIdOf } from './turn-scope';

/**
 * Conversation state (dialog stacks) keyed under the turn's tenant, unlike botbuilder's
 * ConversationState, so the storage row carries its tenant and tenants never share a document.
 */
export function createTenantConversationState(storage: Storage): BotState {
  return new BotState(storage, async (context) =>
    tenantStorageKey(tenantIdOf(context), context.activity.channelId, 'conversations', context.activity.conversation.id),
  );
}
