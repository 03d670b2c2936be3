/**
 * Personal chats the bot opens itself: with a user it never talked to, the bot installs its
 * Teams app for them (where needed) and creates the 1:1 conversation, so a proactive card can
 * follow. Implemented in bot/ (bot/personal-chat-opener.ts) on the Bot Connector's
 * createConversation and the TeamsAppInstaller port.
 */

/** 'existing': a personal conversation reference was already stored; 'created': one was opened now and stored. */
export type PersonalChatResult = 'existing' | 'created';

export interface PersonalChatOpener {
  /**
   * Makes sure a personal conversation reference is stored for the user, opening the chat if
   * needed. Graph: TeamsAppInstallation.ReadWriteSelfForUser.All (installing the app).
   * @throws NotifierError NOTIFY.NO_REFERENCE when the bot knows no Teams service URL for the
   * tenant yet (nobody there ever talked to it); NOTIFY.FAILED when installing the app or
   * creating the conversation failed (the error's `step` says which).
   */
  ensurePersonalChat(tenantId: string, userId: string): Promise<PersonalChatResult>;
}
