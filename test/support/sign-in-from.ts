/**
 * A password grant against the sandbox's Entra from a chosen loopback address (127.0.0.2, …):
 * the token adapter's own credential options and error mapping, with the outgoing socket bound
 * to `localAddress`, because the sandbox reads the caller's IP from the socket. Conditional-access
 * tests use it to show a sign-in from somewhere other than the bot's egress IP.
 */
import { UsernamePasswordCredential } from '@azure/identity';
import { Agent as HttpsAgent } from 'node:https';
import { BOT_APP } from '../../sandbox/directory/seed/contoso-ids';
import { entraCredentialOptions, GRAPH_DEFAULT_SCOPE } from '../../services/adapters/entra/entra-token-issuer';
import { toSignInError } from '../../services/adapters/entra/sign-in-error-mapping';
import { FAST_RETRY } from './sandbox-harness';

export interface SandboxEntra {
  tenantId: string;
  /** The sandbox's https root (its Entra authority host). */
  url: string;
  caCertPem: string;
}

/** Resolves with the token's claims; rejects with the SignInError the bot would see (SIGNIN.MFA_REQUIRED for AADSTS50076). */
export async function passwordGrantFrom(entra: SandboxEntra, localAddress: string, upn: string, password: string): Promise<{ oid?: string }> {
  const agent = new HttpsAgent({ ca: entra.caCertPem, localAddress, keepAlive: false });
  try {
    const credential = new UsernamePasswordCredential(entra.tenantId, BOT_APP.appId, upn, password, {
      ...entraCredentialOptions({ kind: 'sandbox', authorityHost: entra.url, caCertPem: entra.caCertPem }, FAST_RETRY),
      additionalPolicies: [{ position: 'perCall', policy: { name: 'bindLocalAddress', sendRequest: (request, next) => next(Object.assign(request, { agent })) } }],
    });
    const token = await credential.getToken(GRAPH_DEFAULT_SCOPE);
    return JSON.parse(Buffer.from(token.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { oid?: string };
  } catch (error) {
    throw toSignInError(error);
  } finally {
    agent.destroy();
  }
}
