/**
 * What an injected fault looks like on the wire, in each service's own error shape, so the
 * SDKs react to it exactly as they would to the real service's throttling or outage.
 */
import type { SandboxResponse } from '../core/types';
import { Aadsts, oauthErrorResponse } from '../entra/oauth-error';
import { KeyVaultErrors } from '../keyvault/keyvault-errors';
import type { FaultAction, SandboxArea } from './fault-types';

export interface FaultResponseContext {
  requestId: string;
  now: Date;
  correlationId?: string;
}

const STATUS_TEXT: Record<number, string> = {
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export function faultResponse(area: SandboxArea, action: Exclude<FaultAction, { kind: 'reset' }>, context: FaultResponseContext): SandboxResponse {
  const status = action.kind === 'throttle' ? 429 : action.status;
  const retryAfter: Record<string, string> = action.kind === 'throttle' ? { 'Retry-After': String(action.retryAfterInSeconds) } : {};
  if (area === 'vault') {
    const response = action.kind === 'throttle' ? KeyVaultErrors.throttled(action.retryAfterInSeconds) : KeyVaultErrors.unavailable(status);
    return response;
  }
  if (area === 'entra') {
    const failure = action.kind === 'throttle' ? Aadsts.throttled() : { ...Aadsts.temporarilyUnavailable(), status };
    return oauthErrorResponse(failure, { traceId: context.requestId, correlationId: context.correlationId ?? context.requestId, now: context.now }, retryAfter);
  }
  // Graph (and anything else): Graph's error shape with innerError.
  const code = action.kind === 'throttle' ? 'TooManyRequests' : (STATUS_TEXT[status] ?? 'generalException');
  const message =
    action.kind === 'throttle' ? 'Too many requests to this resource. Please try again later.' : 'The service is temporarily unavailable. Please try again later.';
  return {
    status,
    headers: { ...retryAfter, 'request-id': context.requestId, 'client-request-id': context.correlationId ?? context.requestId },
    body: {
      error: {
        code,
        message,
        innerError: { date: context.now.toISOString().replace(/\.\d{3}Z$/, ''), 'request-id': context.requestId, 'client-request-id': context.correlationId ?? context.requestId },
      },
    },
  };
}
