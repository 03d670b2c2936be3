import { TurnContext, type CloudAdapter, type ConversationParameters, type ConversationReference } from 'botbuilder';
import type { Logger } from '../services/logger';
import type { ConversationAddress, ConversationReferenceStore, StoredConversationReference } from '../services/ports/conversation-reference.port';
import { DirectoryError } from '../services/ports/directory.port';
import { NotifierError } from '../services/ports/notifier.port';
import type { PersonalChatOpener, PersonalChatResult } from '../services/ports/personal-chat.port';
import type { TeamsAppInstaller } from '../services/ports/teams-app-installer.port';

const NO_AUDIENCE = undefined as unknown as string;

/** Which step of opening a chat failed, for logs and tests. */
export type PersonalChatStep = 'serviceUrl' | 'install' | 'createConversation';

/** A NotifierError that names the step, so "the app could not be installed" reads apart from a connector refusal. */
export class PersonalChatError extends NotifierError {
  constructor(
    code: NotifierError['code'],
    message: string,
    readonly step: PersonalChatStep,
  ) {
    super(code, message);
  }
}

export interface TeamsPersonalChatOpenerOptions {
  adapter: Pick<CloudAdapter, 'createConversationAsync'>;
  /** The bot's app id; empty in sandbox mode (no token on outbound calls). */
  botAppId: string;
  references: Pick<ConversationReferenceStore, 'findPersonal' | 'listByTenant' | 'save'>;
  /**
   * Installs the bot's Teams app for the user first. Without it or without `teamsAppId` no chat is
   * opened at all: the bot cannot know the app is there, and a connector that does not check (the
   * Agents Playground creates a chat for any member id) would take a card nobody sees.
   */
  installer?: TeamsAppInstaller;
  /** The app's id in the tenant's app catalog (TEAMS_APP_ID). */
  teamsAppId?: string;
  logger: Logger;
}

/**
 * PersonalChatOpener on Teams: (1) install the bot's app in the user's personal scope through
 * Graph (409 "already installed" is fine), (2) POST /v3/conversations through the connector
 * (CloudAdapter.createConversationAsync) with the user's Entra object id as the one member, at a
 * service URL the tenant's other conversations use, (3) store the new reference. Logs ids, codes
 * and HTTP statuses only: connector and Graph errors can echo request bodies.
 */
export class TeamsPersonalChatOpener implements PersonalChatOpener {
  constructor(private readonly options: TeamsPersonalChatOpenerOptions) {}

  async ensurePersonalChat(tenantId: string, userId: string): Promise<PersonalChatResult> {
    const { references } = this.options;
    if (await references.findPersonal(tenantId, userId)) return 'existing';
    if (!this.options.installer || !this.options.teamsAppId) {
      // Not configured (TEAMS_APP_ID unset): the same answer as before this opener existed, without a warning per admin.
      throw new PersonalChatError('NOTIFY.NO_REFERENCE', 'no personal chat with the user, and TEAMS_APP_ID is not configured to open one', 'install');
    }
    const origin = await this.originFor(tenantId);
    if (!origin?.reference.serviceUrl) {
      this.fail('serviceUrl', { tenantId, userId }, 'NOTIFY.NO_REFERENCE', 'no Teams service URL is known for the tenant yet');
    }
    await this.install(tenantId, userId);
    const created = await this.createConversation(tenantId, userId, origin as StoredConversationReference);
    await references.save({ tenantId, userAadObjectId: userId, reference: created });
    this.options.logger.info({ tenantId, userId, conversationId: created.conversation?.id }, 'personal chat opened');
    return 'created';
  }

  /**
   * Where the tenant's Teams traffic comes from: the service URL and the bot's account of the most
   * recently refreshed conversation (personal chats first: a channel's may be a different region).
   */
  private async originFor(tenantId: string): Promise<StoredConversationReference | undefined> {
    const withUrl = (await this.options.references.listByTenant(tenantId)).filter((entry) => !!entry.reference.serviceUrl);
    const newestFirst = [...withUrl].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return newestFirst.find((entry) => entry.conversationType === 'personal') ?? newestFirst[0];
  }

  private async install(tenantId: string, userId: string): Promise<void> {
    const { installer, teamsAppId } = this.options;
    try {
      const result = await (installer as TeamsAppInstaller).installForUser(tenantId, userId, teamsAppId as string);
      this.options.logger.info({ tenantId, userId, result }, 'Teams app installed for the user');
    } catch (error) {
      const details = error instanceof DirectoryError ? { directoryCode: error.code, status: error.details.status, graphCode: error.details.graphCode } : { directoryCode: 'UNEXPECTED' };
      this.fail('install', { tenantId, userId, ...details }, 'NOTIFY.FAILED', 'the Teams app could not be installed for the user');
    }
  }

  private async createConversation(tenantId: string, userId: string, origin: StoredConversationReference): Promise<ConversationAddress> {
    const from = origin.reference;
    const parameters: ConversationParameters = {
      isGroup: false,
      bot: { id: from.bot?.id ?? `28:${this.options.botAppId}`, name: from.bot?.name ?? '' },
      // Teams accepts the user's Entra object id as the member of a 1:1 chat.
      members: [{ id: userId, aadObjectId: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    let reference: Partial<ConversationReference> | undefined;
    try {
      // No audience: the connector factory then uses the configured cloud's channel scope.
      await this.options.adapter.createConversationAsync(this.options.botAppId, from.channelId ?? 'msteams', from.serviceUrl as string, NO_AUDIENCE, parameters, async (turn) => {
        reference = TurnContext.getConversationReference(turn.activity);
      });
    } catch (error) {
      this.fail('createConversation', { tenantId, userId, status: statusOf(error) }, 'NOTIFY.FAILED', 'the connector did not create the conversation');
    }
    // A middleware (the tenant gate) may stop the turn before our logic ran: nothing to store then.
    if (!reference?.conversation?.id) this.fail('createConversation', { tenantId, userId }, 'NOTIFY.FAILED', 'the connector returned no conversation id');
    const conversation = reference?.conversation as NonNullable<ConversationReference['conversation']>;
    return {
      ...(reference as ConversationAddress),
      conversation: { id: conversation.id, conversationType: 'personal', tenantId, isGroup: false },
      user: { id: userId, aadObjectId: userId },
    };
  }

  private fail(step: PersonalChatStep, fields: Record<string, unknown>, code: NotifierError['code'], message: string): never {
    this.options.logger.warn({ code, step, ...fields }, 'personal chat not opened');
    throw new PersonalChatError(code, message, step);
  }
}

function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const shape = error as { statusCode?: unknown; response?: { status?: unknown } };
  for (const value of [shape.statusCode, shape.response?.status]) if (typeof value === 'number') return value;
  return undefined;
}
