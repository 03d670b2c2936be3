/** The actions the bot ships with. Register a new action module here. */
import type { ActionDefinition } from './action-definition';
import { blockSignInAction } from './block-sign-in.action';
import { revokeSessionsAction } from './revoke-sessions.action';
import { unblockSignInAction } from './unblock-sign-in.action';

export const BUILTIN_ACTIONS: readonly ActionDefinition[] = [blockSignInAction, unblockSignInAction, revokeSessionsAction];
