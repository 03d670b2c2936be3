/** Temporary Access Pass, automatic replies and the leaver actions, registered together in builtin-actions.ts. */
import type { ActionDefinition } from './action-definition';
import { setAutomaticRepliesAction, turnOffAutomaticRepliesAction } from './automatic-replies.actions';
import { removeAllLicencesAction, removeFromAllGroupsAction } from './leaver.actions';
import { temporaryAccessPassAction } from './temporary-access-pass.action';

export const PASSWORD_ACCESS_AND_LEAVER_ACTIONS: readonly ActionDefinition[] = [
  temporaryAccessPassAction,
  setAutomaticRepliesAction,
  turnOffAutomaticRepliesAction,
  removeFromAllGroupsAction,
  removeAllLicencesAction,
];
