/*
 * Preloaded into the Agents Playground process (`node --require`), next to playground-loopback.cjs.
 *
 * `npm start` gives the bot a fresh secret at every start (SANDBOX_ENDPOINT_SECRET), and the bot
 * then accepts POST /api/messages only with it in the `x-msb-endpoint-secret` header, so that no
 * other process on the machine can post activities as the sandbox Global Admin. The Playground
 * has no option for extra headers, and a secret in its endpoint URL would be printed in its log
 * and shown in its page. So this adds the header to the Playground's own requests to the bot's
 * endpoint, and to nothing else: it wraps `http.request`, which the Playground's HTTP client
 * (axios through follow-redirects) looks up at every request.
 *
 * The secret arrives in MSB_BOT_ENDPOINT_SECRET and is removed from the environment at once, so
 * the Playground never sees it. The target is BOT_ENDPOINT, the same variable the Playground reads.
 *
 * Plain CommonJS on purpose: it runs before anything else in a child process, without tsx.
 */
'use strict';

const http = require('node:http');

const HEADER = 'x-msb-endpoint-secret';
const secret = process.env.MSB_BOT_ENDPOINT_SECRET;
delete process.env.MSB_BOT_ENDPOINT_SECRET;

if (secret && process.env.BOT_ENDPOINT) {
  const endpoint = new URL(process.env.BOT_ENDPOINT);
  const originalRequest = http.request;

  /** host, port and path of a request, from `request(options)` or `request(url[, options])`. */
  const targetOf = (url, options) => {
    if (url) {
      const parsed = typeof url === 'string' ? new URL(url) : url;
      return { hostname: parsed.hostname, port: parsed.port || '80', path: parsed.pathname };
    }
    const host = options.hostname || options.host || 'localhost';
    return { hostname: String(host).replace(/:\d+$/, ''), port: String(options.port || 80), path: String(options.path || '/') };
  };
  const isBotEndpoint = (target) =>
    target.hostname === endpoint.hostname && target.port === (endpoint.port || '80') && target.path.split('?')[0] === endpoint.pathname;
  const withSecret = (headers) => (Array.isArray(headers) ? [...headers, HEADER, secret] : { ...(headers || {}), [HEADER]: secret });

  http.request = function requestWithEndpointSecret(...args) {
    const [first, second] = args;
    const urlForm = typeof first === 'string' || first instanceof URL;
    const options = urlForm ? (second !== null && typeof second === 'object' ? second : undefined) : first;
    if (isBotEndpoint(targetOf(urlForm ? first : undefined, options || {}))) {
      if (!urlForm) args[0] = { ...options, headers: withSecret(options.headers) };
      else if (options) args[1] = { ...options, headers: withSecret(options.headers) };
      else args.splice(1, 0, { headers: withSecret(undefined) });
    }
    return originalRequest.apply(this, args);
  };
}
