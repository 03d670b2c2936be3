/**
 * Settings, the management service account and the mode switch at the bot edge: the command and
 * verb rows. `settings` and `approval policy` are one-shot commands (bot/settings); creating the
 * service account, changing the management type and disabling advanced management are flows in
 * dialogs/service-account/. The rules live in services/settings and services/service-account.
 */
import { Verbs } from '../../cards';
import type { CardFlows } from '../../dialogs/card-step.dialog';
import { CHANGE_MANAGEMENT_TYPE_DIALOG } from '../../dialogs/service-account/change-management-type.dialog';
import { CREATE_SERVICE_ACCOUNT_DIALOG } from '../../dialogs/service-account/create-service-account.dialog';
import { DISABLE_ADVANCED_MANAGEMENT_DIALOG } from '../../dialogs/service-account/disable-advanced-management.dialog';
import type { CommandDefinition } from '../commands';
import { flowCommand, flowVerb } from '../flow-rows';
import type { VerbDefinition } from '../invoke-router';
import { createApprovalPolicyCommand, createBreakGlassCommand, createSettingsCommand } from '../settings/settings.commands';
import { createSettingsVerbs, type SettingsFeature } from '../settings/settings.handlers';

export interface ServiceAccountFeatureDependencies extends SettingsFeature {
  flows: CardFlows;
}

export interface ServiceAccountFeature {
  commands: CommandDefinition[];
  verbs: VerbDefinition[];
}

export function createServiceAccountFeature(deps: ServiceAccountFeatureDependencies): ServiceAccountFeature {
  const { flows } = deps;
  return {
    commands: [
      createSettingsCommand(deps),
      createApprovalPolicyCommand(deps),
      createBreakGlassCommand(deps),
      flowCommand(flows, CREATE_SERVICE_ACCOUNT_DIALOG, {
        id: 'serviceAccount.create',
        capability: 'serviceAccount.create',
        usage: 'create service account',
        description: "Creates the bot's management service account for Advanced mode; its password stays in Key Vault (tenant admins).",
        patterns: ['create [the] [management] service account', 'create [the] management account', 'retry [the] service account creation', 'retry creating [the] [management] service account'],
      }),
      flowCommand(flows, CHANGE_MANAGEMENT_TYPE_DIALOG, {
        id: 'mode.change',
        capability: 'mode.change',
        usage: 'switch to advanced | switch to default',
        description: 'Chooses the management type when none is chosen yet; after that, asks another tenant admin to approve a change (tenant admins).',
        patterns: ['switch to {mode}', 'switch [the] management type to {mode}', 'change [the] management type to {mode}', 'change [the] management type', 'use {mode} mode'],
      }),
      flowCommand(flows, DISABLE_ADVANCED_MANAGEMENT_DIALOG, {
        id: 'advanced.disable',
        capability: 'advanced.disable',
        usage: 'disable advanced management',
        description: 'Removes the management service account and its secret, after a confirmation and an approval (tenant admins).',
        patterns: ['disable advanced management', 'turn off advanced management', 'delete [the] [management] service account'],
      }),
    ],
    verbs: [
      ...createSettingsVerbs(deps),
      flowVerb(flows, CREATE_SERVICE_ACCOUNT_DIALOG, Verbs.serviceAccountCreate),
      flowVerb(flows, CREATE_SERVICE_ACCOUNT_DIALOG, Verbs.serviceAccountRetry),
      flowVerb(flows, CHANGE_MANAGEMENT_TYPE_DIALOG, Verbs.modeChangeRequest),
      flowVerb(flows, DISABLE_ADVANCED_MANAGEMENT_DIALOG, Verbs.advancedDisableConfirm),
    ],
  };
}
