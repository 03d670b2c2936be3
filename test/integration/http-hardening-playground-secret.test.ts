/**
 * Issue 11: scripts/playground-endpoint-secret.cjs, preloaded into the Agents Playground by
 * `npm start`, adds the bot's endpoint secret to the Playground's requests to the bot, and to
 * nothing else, and hides the secret from the Playground's environment.
 *
 * A child Node process with the preload (as the Playground runs) makes requests the way the
 * Playground's HTTP client does (`http.request` with an options object) and the other ways
 * Node allows; a recording server on loopback sees what arrived.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const PRELOAD = join(__dirname, '..', '..', 'scripts', 'playground-endpoint-secret.cjs');
const SECRET = 'secret-for-the-test-0123456789abcdefghijklmnop';

interface Seen {
  path: string;
  secret: string | undefined;
}

/** Runs `script` in a child Node process with the preload and the Playground's environment. */
function runWithPreload(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--require', PRELOAD, '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('the Playground preload that carries the endpoint secret', () => {
  const seen: Seen[] = [];
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', secret: req.headers['x-msb-endpoint-secret'] as string | undefined });
      req.resume();
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('when the Playground posts to the bot endpoint, then the secret header is added; other paths get none; the Playground cannot read the secret', async () => {
    seen.length = 0;
    const script = `
      const http = require('node:http');
      const send = (...args) => new Promise((resolve, reject) => {
        const request = http.request(...args, (response) => { response.resume(); response.on('end', resolve); });
        request.on('error', reject);
        request.end('{}');
      });
      (async () => {
        // axios via follow-redirects: an options object.
        await send({ protocol: 'http:', hostname: '127.0.0.1', port: ${port}, path: '/api/messages', method: 'POST', headers: { 'content-type': 'application/json' } });
        await send('http://127.0.0.1:${port}/api/messages', { method: 'POST' });
        await send(new URL('http://127.0.0.1:${port}/api/messages'));
        await send({ hostname: '127.0.0.1', port: ${port}, path: '/_connector/v3/conversations', method: 'POST' });
        await send('http://127.0.0.1:${port}/api/messages-not', { method: 'POST' });
        process.stdout.write(JSON.stringify({ visible: process.env.MSB_BOT_ENDPOINT_SECRET ?? null }));
      })().catch((error) => { console.error(error); process.exit(1); });
    `;

    const output = await runWithPreload(script, { BOT_ENDPOINT: `http://127.0.0.1:${port}/api/messages`, MSB_BOT_ENDPOINT_SECRET: SECRET });

    expect(seen).toEqual([
      { path: '/api/messages', secret: SECRET },
      { path: '/api/messages', secret: SECRET },
      { path: '/api/messages', secret: SECRET },
      { path: '/_connector/v3/conversations', secret: undefined },
      { path: '/api/messages-not', secret: undefined },
    ]);
    expect(JSON.parse(output)).toEqual({ visible: null });
  });

  it('when the bot endpoint is on another port, then requests to this server carry no secret', async () => {
    seen.length = 0;
    const script = `
      const request = require('node:http').request({ hostname: '127.0.0.1', port: ${port}, path: '/api/messages', method: 'POST' }, (response) => response.resume());
      request.end('{}');
    `;

    await runWithPreload(script, { BOT_ENDPOINT: `http://127.0.0.1:${port === 65535 ? port - 1 : port + 1}/api/messages`, MSB_BOT_ENDPOINT_SECRET: SECRET });

    expect(seen).toEqual([{ path: '/api/messages', secret: undefined }]);
  });
});
