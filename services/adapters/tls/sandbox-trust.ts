/**
 * Trust for the sandbox's locally generated CA, scoped to the bot's own SDK clients.
 *
 * Each helper returns an object a single client is configured with; nothing here touches
 * process-wide TLS settings (no NODE_TLS_REJECT_UNAUTHORIZED, no global dispatcher, no
 * https.globalAgent), so every other connection in the process keeps the default trust store.
 * Trusting only the sandbox CA (not the CA in addition to the public roots) means a client
 * built for the sandbox cannot accidentally talk to a real service either.
 */
import { Agent as HttpsAgent } from 'node:https';
import { Agent as UndiciAgent, fetch as undiciFetch, type Dispatcher } from 'undici';

/** `tlsOptions` for Azure SDK clients (SecretClient, @azure/identity credentials): core-rest-pipeline's TlsSettings. */
export function sandboxTlsOptions(caCertPem: string): { ca: string } {
  return { ca: caCertPem };
}

/** A node https.Agent for libraries that take an agent (keep-alive, CA-only trust). */
export function createSandboxHttpsAgent(caCertPem: string): HttpsAgent {
  return new HttpsAgent({ ca: caCertPem, keepAlive: true });
}

/** An undici dispatcher for fetch-based clients (the Graph client's fetch). Close it on shutdown. */
export function createSandboxDispatcher(caCertPem: string): UndiciAgent {
  return new UndiciAgent({ connect: { ca: caCertPem } });
}

export type FetchFunction = (input: string | URL, init?: Parameters<typeof undiciFetch>[1]) => ReturnType<typeof undiciFetch>;

/** A fetch bound to one dispatcher: only requests made through it trust the sandbox CA. */
export function createSandboxFetch(dispatcher: Dispatcher): FetchFunction {
  return (input, init) => undiciFetch(input, { ...init, dispatcher });
}
