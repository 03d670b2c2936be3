/**
 * The exact Graph request a custom action makes for one target and one set of parameter values.
 * The preview and the run both build it here, so what an admin previews is what runs.
 */
import { CustomActionError } from './custom-action-errors';
import { resolveParameterValues } from './custom-action-parameters';
import type { CustomActionDefinition } from './custom-action.schema';
import { fillBody, fillText } from './custom-action-template';
import type { CustomActionRequest, CustomActionTargetRef } from './custom-action.types';

export const GRAPH_V1_BASE_URL = 'https://graph.microsoft.com/v1.0';

export interface BuildRequestOptions {
  /** Default https://graph.microsoft.com/v1.0 (the sandbox's address in sandbox mode). */
  graphBaseUrl?: string;
}

/** An object id or a user principal name: one path segment. */
const TARGET_ID = /^[^\s/?#\\]{1,256}$/;

/**
 * Builds the request: `{id}` becomes the target's id and `{{parameter}}` its value (URL-encoded
 * in the path; typed in the body, so numbers and booleans are not quoted). Values are checked
 * against the parameter schema first.
 * @throws CustomActionError CUSTOM_ACTION.INVALID_PARAMETERS naming every problem (missing
 *   target, unknown or missing parameters, wrong types, enum values, secret-shaped text).
 */
export function buildCustomActionRequest(
  definition: CustomActionDefinition,
  target: CustomActionTargetRef,
  parameters: Readonly<Record<string, unknown>>,
  options: BuildRequestOptions = {},
): CustomActionRequest {
  const problems: string[] = [];
  const targetId = typeof target?.id === 'string' ? target.id.trim() : '';
  if (!TARGET_ID.test(targetId)) {
    problems.push(`Say which ${definition.target} it acts on: a custom action always has a target (an object id${definition.target === 'user' ? ' or a user principal name' : ''}).`);
  }
  const resolved = resolveParameterValues(definition, parameters ?? {});
  problems.push(...resolved.problems);
  if (problems.length > 0) {
    throw new CustomActionError('CUSTOM_ACTION.INVALID_PARAMETERS', problems.join(' '), { details: { problems } });
  }
  const path = fillText(definition.path.replace('{id}', encodeURIComponent(targetId)), resolved.values, encodeURIComponent);
  const base = (options.graphBaseUrl ?? GRAPH_V1_BASE_URL).replace(/\/+$/, '');
  const body = definition.body && Object.keys(definition.body).length > 0 ? fillBody(definition.body, resolved.values) : undefined;
  return {
    method: definition.method,
    url: `${base}${path}`,
    path,
    ...(body ? { body } : {}),
    headers: body ? { 'Content-Type': 'application/json' } : {},
  };
}

/** The request as a card or a log line shows it: method, URL and the body as JSON. */
export function describeCustomActionRequest(request: CustomActionRequest): string {
  const line = `${request.method} ${request.url}`;
  return request.body ? `${line}\n${JSON.stringify(request.body, null, 2)}` : line;
}
