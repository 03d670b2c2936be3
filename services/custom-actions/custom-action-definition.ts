/**
 * A published custom action as a management action: ManagementActionService runs it through the
 * very path of the built-in ones (resolve the target, authorize `custom:<name>` on it — scope
 * included, requireActiveSession, confirmation card, exactly-once claim, the Graph call as the
 * session's account, audit). Only the request differs, and it is the one the preview showed.
 *
 * Limits today (said in words when met): the target is a user (custom actions on groups can be
 * defined but not run from chat yet); a `user` parameter (another user the request names) is for
 * tenant admins only, since operator scope cannot be checked for it on this path yet.
 */
import { z } from 'zod';
import type { CustomActionId } from '../access/actions';
import { describeTarget, type ActionDefinition, type ActionParameters } from '../actions/action-definition';
import { ActionError } from '../actions/action-errors';
import { ALLOWED_REQUESTS, describeAllowedRequest } from './custom-action-allow-list';
import { CustomActionError } from './custom-action-errors';
import { mayRunCustomAction, type CustomActionCaller } from './custom-action-runners';
import { resolveParameterValues } from './custom-action-parameters';
import { buildCustomActionRequest } from './custom-action-request';
import type { CustomActionDefinition } from './custom-action.schema';
import type { RunnableCustomAction } from './custom-action.types';

export const CUSTOM_ACTION_ID_PREFIX = 'custom:';

export function customActionIdOf(name: string): CustomActionId {
  return `${CUSTOM_ACTION_ID_PREFIX}${name}`;
}

/** The custom action's name in `custom:<name>`, or undefined for a built-in action id. */
export function customActionNameOf(actionId: string): string | undefined {
  return actionId.startsWith(CUSTOM_ACTION_ID_PREFIX) ? actionId.slice(CUSTOM_ACTION_ID_PREFIX.length) : undefined;
}

/** The allow-list entry the definition's request matches (for its permission). */
function allowListEntry(definition: CustomActionDefinition) {
  const shape = definition.path.replace(/\{\{[^}]+\}\}/g, '{member}');
  return ALLOWED_REQUESTS.find((entry) => entry.method === definition.method && entry.path === shape);
}

const STORED_PARAMETERS = z.record(z.string(), z.string());

export function customActionAsActionDefinition(runnable: RunnableCustomAction, options: { graphBaseUrl?: string } = {}): ActionDefinition {
  const definition = runnable.definition;
  const entry = allowListEntry(definition);
  const build = (userId: string, parameters: ActionParameters) =>
    buildCustomActionRequest(definition, { id: userId }, parameters, options.graphBaseUrl ? { graphBaseUrl: options.graphBaseUrl } : {});
  return {
    id: customActionIdOf(runnable.name),
    title: definition.title,
    graphPermission: entry ? `${entry.permission} (${describeAllowedRequest(entry)})` : `${definition.method} ${definition.path}`,
    category: 'Custom actions',
    description: definition.description || definition.title,
    risk: definition.risk,
    approvalByDefault: definition.risk === 'high',
    graphCalls: [`${definition.method} ${definition.path}`],
    parameters: STORED_PARAMETERS,
    describe: (target, parameters) => {
      const request = build(target.userId, parameters);
      return {
        summary: `${definition.title} for ${describeTarget(target)}`,
        facts: [
          { label: 'Custom action', value: `${definition.title} (version ${runnable.version})` },
          { label: 'Request', value: `${request.method} ${request.path}` },
          ...(request.body ? [{ label: 'Body', value: JSON.stringify(request.body) }] : []),
        ],
        consequences: [definition.description || 'Sends the request above to Microsoft Graph as the management session account.'],
        destructive: definition.method === 'DELETE' || definition.risk === 'high',
      };
    },
    resolveParameters: async (context, input) => {
      if (definition.target !== 'user') {
        throw new ActionError('ACTION.NOT_POSSIBLE', `"${definition.title}" acts on a group; custom actions on groups can't be run from chat yet. Nothing was changed.`);
      }
      if (!context.actorIsTenantAdmin && definition.parameters.some((parameter) => parameter.type === 'user')) {
        throw new ActionError('ACTION.DENIED', `"${definition.title}" names a second user, which only tenant admins may run for now. Nothing was changed.`, { reason: 'ACCESS.TENANT_ADMIN_REQUIRED' });
      }
      const resolved = resolveParameterValues(definition, input);
      if (resolved.problems.length > 0) throw new ActionError('ACTION.INVALID_PARAMETERS', `${resolved.problems.join(' ')} Nothing was changed.`);
      return Object.fromEntries(Object.entries(resolved.values).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
    },
    run: async (_directory, target, parameters, session) => {
      const request = build(target.userId, STORED_PARAMETERS.parse(parameters));
      await session.users.sendCustomRequest(target.tenantId, { method: request.method, path: request.path, ...(request.body ? { body: request.body } : {}) });
      return { summary: `${definition.title} is done for ${target.upn}.` };
    },
  };
}

/**
 * Published custom actions for the management action service (`definitionOf`) and for the
 * authorization service (`mayRun`): both read the published version now, so disabling an action
 * stops the next prepare and the next confirmation alike.
 */
export class CustomActionDefinitions {
  constructor(
    private readonly service: { requireRunnable(tenantId: string, name: string): Promise<RunnableCustomAction> },
    private readonly options: { graphBaseUrl?: string } = {},
  ) {}

  /** @throws CustomActionError CUSTOM_ACTION.NOT_FOUND or CUSTOM_ACTION.NOT_RUNNABLE saying why. */
  async definitionOf(tenantId: string, actionId: string): Promise<ActionDefinition | undefined> {
    const name = customActionNameOf(actionId);
    if (!name) return undefined;
    return customActionAsActionDefinition(await this.service.requireRunnable(tenantId, name), this.options);
  }

  /** Whether the published definition lets this caller run it; undefined when none is published. */
  async mayRun(tenantId: string, name: string, caller: CustomActionCaller): Promise<boolean | undefined> {
    try {
      return mayRunCustomAction((await this.service.requireRunnable(tenantId, name)).definition, caller);
    } catch (error) {
      if (error instanceof CustomActionError) return undefined;
      throw error;
    }
  }
}
