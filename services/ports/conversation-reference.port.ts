/**
 * Where the bot may post later (rotation notices, approval cards, progress updates), per tenant.
 * Implemented by services/adapters/sqlite/conversation-reference.sqlite.ts.
 */

/**
 * The part of a Bot Framework conversation reference the bot keeps: enough to continue the
 * conversation proactively. Structural, so services need no botbuilder types.
 */
export interface ConversationAddress {
  serviceUrl?: string;
  channelId?: string;
  conversation?: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  activityId?: string;
  locale?: string;
}

/** A conversation the bot may post to later, per tenant. */
export interface StoredConversationReference {
  tenantId: string;
  conversationId: string;
  /** 'personal' | 'groupChat' | 'channel' as Teams reports it. */
  conversationType?: string;
  /** Set for personal chats: the Entra object id of the user the chat is with. */
  userAadObjectId?: string;
  reference: ConversationAddress;
  updatedAt: string;
}

export type SaveReferenceResult = 'created' | 'updated' | 'unchanged';

export interface ConversationReferenceStore {
  /** Stores or refreshes a reference; 'unchanged' when nothing differs (no write happens). */
  save(entry: Omit<StoredConversationReference, 'updatedAt' | 'conversationId' | 'conversationType'>): Promise<SaveReferenceResult>;
  get(tenantId: string, conversationId: string): Promise<StoredConversationReference | undefined>;
  /** The personal chat with a user, for a direct proactive message. */
  findPersonal(tenantId: string, userAadObjectId: string): Promise<StoredConversationReference | undefined>;
  listByTenant(tenantId: string): Promise<StoredConversationReference[]>;
}
