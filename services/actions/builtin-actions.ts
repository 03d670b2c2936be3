/** The actions the bot ships with. Register a new action module here. */
import type { ActionDefinition } from './action-definition';
import { blockSignInAction } from './block-sign-in.action';
import { addToGroupAction, removeFromGroupAction } from './group-membership.actions';
import { assignLicenceAction, removeLicenceAction } from './licence.actions';
import { updateProfileAction } from './update-profile.action';
import { resetPasswordAction } from './reset-password.action';
import { revokeSessionsAction } from './revoke-sessions.action';
import { unblockSignInAction } from './unblock-sign-in.action';
import { PASSWORD_ACCESS_AND_LEAVER_ACTIONS } from './password-access-and-leaver-actions';

export const BUILTIN_ACTIONS: readonly ActionDefinition[] = [blockSignInAction, unblockSignInAction, revokeSessionsAction, resetPasswordAction, addToGroupAction, removeFromGroupAction, updateProfileAction, assignLicenceAction, removeLicenceAction, ...PASSWORD_ACCESS_AND_LEAVER_ACTIONS];
