/**
 * `run <custom action> for <user> [with <parameter>=<value>, …]`: a published custom action runs
 * exactly as a built-in one (RunActionDialog): the service reads the published definition,
 * authorizes `custom:<name>` on the target (operator scope included), checks approval, turns the
 * session on, and runs it once per confirmation. The card data names the action (`name`) and
 * the parameters; the service judges all of it again.
 */
import { Verbs } from '../../cards';
import type { ActionChatRow } from './action-rows';
import { RunActionDialog, type RunActionDependencies } from './run-action.dialog';

/** The dialog that runs every published custom action. */
export const RUN_CUSTOM_ACTION_DIALOG = 'runAction:custom';

/**
 * Runs a published custom action exactly as a built-in one: the service reads the published
 * definition, authorizes `custom:<name>` on the target (scope included) and runs it once. The
 * card data names the action (`name`); the service decides everything else again.
 */
export class RunCustomActionDialog extends RunActionDialog {
  constructor(deps: RunActionDependencies) {
    super({ actionId: 'custom:', verb: Verbs.customActionRunConfirm, usage: 'run <custom action> for <user>', description: 'Runs a published custom action.', patterns: [], confirmTitle: 'Run custom action' }, deps, RUN_CUSTOM_ACTION_DIALOG);
  }

  protected override rowOf(data: Readonly<Record<string, unknown>>): ActionChatRow {
    const name = typeof data['name'] === 'string' && CUSTOM_NAME.test(data['name']) ? data['name'] : '';
    return {
      actionId: `custom:${name}`,
      verb: Verbs.customActionRunConfirm,
      usage: `run ${name || '<custom action>'} for <user>`,
      description: 'Runs a published custom action.',
      patterns: [],
      confirmTitle: 'Run custom action',
    };
  }

  /** `with costCenter=42, office=Oslo` arrives as `parameters`; the custom action's schema judges it. */
  protected override inputsFor(_row: ActionChatRow, data: Readonly<Record<string, unknown>>): Record<string, string> {
    const given = data['parameters'];
    if (!given || typeof given !== 'object' || Array.isArray(given)) return {};
    return Object.fromEntries(Object.entries(given).filter((entry): entry is [string, string] => typeof entry[1] === 'string').slice(0, 20).map(([key, value]) => [key, value.trim().slice(0, 4000)]));
  }
}

const CUSTOM_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;