/**
 * Entra's OAuth error responses, in the exact JSON shape login.microsoftonline.com returns, so
 * MSAL and @azure/identity parse them as they would in production.
 */
import type { SandboxResponse } from '../core/types';

export interface AadstsError {
  code: number;
  /** OAuth `error` value. */
  error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unauthorized_client' | 'invalid_scope' | 'unsupported_grant_type' | 'temporarily_unavailable' | 'interaction_required' | 'invalid_resource';
  status: number;
  description: string;
  /** MSAL turns some sub-errors (basic_action, user_password_expired, …) into InteractionRequiredAuthError. */
  suberror?: string;
}

/** The AADSTS catalogue the sandbox answers with. Descriptions follow Entra's wording. */
export const Aadsts = {
  wrongPassword: (): AadstsError => ({ code: 50126, error: 'invalid_grant', status: 400, description: 'Error validating credentials due to invalid username or password.' }),
  mfaRequired: (resourceAppId: string): AadstsError => ({
    code: 50076,
    error: 'invalid_grant',
    status: 400,
    suberror: 'basic_action',
    description: `Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '${resourceAppId}'.`,
  }),
  blockedByConditionalAccess: (): AadstsError => ({
    code: 53003,
    error: 'invalid_grant',
    status: 400,
    suberror: 'message_only',
    description: 'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  }),
  accountDisabled: (): AadstsError => ({ code: 50057, error: 'invalid_grant', status: 400, description: 'The user account is disabled.' }),
  userNotFound: (tenantName: string): AadstsError => ({
    code: 50034,
    error: 'invalid_grant',
    status: 400,
    description: `The user account {EUII Hidden} does not exist in the ${tenantName} directory. To sign into this application, the account must be added to the directory.`,
  }),
  passwordExpired: (): AadstsError => ({ code: 50055, error: 'invalid_grant', status: 400, suberror: 'user_password_expired', description: 'The password is expired.' }),
  badClientSecret: (appId: string): AadstsError => ({
    code: 7000215,
    error: 'invalid_client',
    status: 401,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`,
  }),
  clientSecretRequired: (): AadstsError => ({
    code: 7000218,
    error: 'invalid_client',
    status: 401,
    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  appNotFound: (appId: string, tenantId: string): AadstsError => ({
    code: 700016,
    error: 'unauthorized_client',
    status: 400,
    description: `Application with identifier '${appId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  tenantNotFound: (tenant: string): AadstsError => ({
    code: 90002,
    error: 'invalid_request',
    status: 400,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  clientCredentialsScope: (scope: string): AadstsError => ({
    code: 1002012,
    error: 'invalid_scope',
    status: 400,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  resourceNotFound: (resource: string, tenantId: string): AadstsError => ({
    code: 500011,
    error: 'invalid_resource',
    status: 400,
    description: `The resource principal named ${resource} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  consentRequired: (appId: string, scopes: string): AadstsError => ({
    code: 65001,
    error: 'invalid_grant',
    status: 400,
    suberror: 'consent_required',
    description: `The user or administrator has not consented to use the application with ID '${appId}'. Send an interactive authorization request for this user and resource. Scopes: ${scopes}`,
  }),
  missingParameter: (name: string): AadstsError => ({
    code: 900144,
    error: 'invalid_request',
    status: 400,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  unsupportedGrant: (grantType: string): AadstsError => ({
    code: 70003,
    error: 'unsupported_grant_type',
    status: 400,
    description: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  temporarilyUnavailable: (): AadstsError => ({
    code: 90033,
    error: 'temporarily_unavailable',
    status: 503,
    description: 'A transient error has occurred. Please try again.',
  }),
  throttled: (): AadstsError => ({
    code: 50196,
    error: 'temporarily_unavailable',
    status: 429,
    description: 'The server terminated an operation because it encountered a client request loop. Please contact your app vendor.',
  }),
};

/** Entra's timestamp format: "2024-05-01 10:20:30Z". */
function entraTimestamp(now: Date): string {
  return now.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function oauthErrorResponse(
  failure: AadstsError,
  context: { traceId: string; correlationId: string; now: Date },
  extraHeaders: Record<string, string> = {},
): SandboxResponse {
  const timestamp = entraTimestamp(context.now);
  const body: Record<string, unknown> = {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.description} Trace ID: ${context.traceId} Correlation ID: ${context.correlationId} Timestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: context.traceId,
    correlation_id: context.correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${failure.code}`,
  };
  if (failure.suberror) body.suberror = failure.suberror;
  return {
    status: failure.status,
    headers: { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', 'x-ms-request-id': context.traceId, ...extraHeaders },
    body,
  };
}
