/**
 * Graph's error vocabulary. Codes and messages are the ones Microsoft Graph's directory
 * services really send, because callers (our adapter, the SDKs) branch on `error.code`.
 */

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GraphHttpError';
  }
}

export const GraphErrors = {
  resourceNotFound: (id: string): GraphHttpError =>
    new GraphHttpError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`),
  insufficientPrivileges: (): GraphHttpError => new GraphHttpError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  badRequest: (message: string): GraphHttpError => new GraphHttpError(400, 'Request_BadRequest', message),
  /** Conditional-access and batch validation use the plain OData code. */
  plainBadRequest: (message: string): GraphHttpError => new GraphHttpError(400, 'BadRequest', message),
  unsupportedQuery: (message: string): GraphHttpError => new GraphHttpError(400, 'Request_UnsupportedQuery', message),
  invalidValue: (property: string, resource: string): GraphHttpError =>
    new GraphHttpError(400, 'Request_BadRequest', `Invalid value specified for property '${property}' of resource '${resource}'.`),
  unknownProperty: (property: string, type: string): GraphHttpError =>
    new GraphHttpError(
      400,
      'Request_BadRequest',
      `The property '${property}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ),
  segmentNotFound: (segment: string): GraphHttpError => new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  methodNotAllowed: (): GraphHttpError => new GraphHttpError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
  invalidToken: (message: string): GraphHttpError =>
    new GraphHttpError(401, 'InvalidAuthenticationToken', message, {
      // Graph's challenge names Entra as the authority; SDKs only need the scheme.
      'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    }),
};

/** Graph's innerError.date: UTC without milliseconds or zone designator. */
export function graphErrorDate(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, '');
}

export function graphErrorBody(error: GraphHttpError, ids: { requestId: string; clientRequestId?: string; now: Date }): unknown {
  return {
    error: {
      code: error.code,
      message: error.message,
      innerError: {
        date: graphErrorDate(ids.now),
        'request-id': ids.requestId,
        'client-request-id': ids.clientRequestId ?? ids.requestId,
      },
    },
  };
}
