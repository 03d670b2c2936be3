/**
 * Loopback-only control routes for tests, benchmarks and the CLI:
 *   GET  /_sandbox/health
 *   GET  /_sandbox/faults      PUT|POST /_sandbox/faults (replace)      DELETE /_sandbox/faults
 *   POST /_sandbox/reset       (state back to the seed; fault settings are kept)
 * They never exist on a real service, so nothing the bot runs in production can depend on them.
 */
import { parseFaultConfig } from '../faults/fault-config.schema';
import type { FaultController } from '../faults/fault-types';
import type { SandboxRequest, SandboxResponse } from './types';

export interface AdminDependencies {
  faults: FaultController;
  reset(): Promise<void>;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(address);
}

export async function handleAdminRequest(req: SandboxRequest, deps: AdminDependencies): Promise<SandboxResponse | undefined> {
  if (!req.path.startsWith('/_sandbox/')) return undefined;
  if (!isLoopback(req.remoteAddress)) return { status: 403, body: { error: { code: 'Forbidden', message: 'Sandbox admin routes answer loopback callers only.' } } };
  const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sandbox/health':
      return { status: 200, body: { status: 'ok' } };
    case 'GET /_sandbox/faults':
      return { status: 200, body: deps.faults.current() };
    case 'PUT /_sandbox/faults':
    case 'POST /_sandbox/faults': {
      const parsed = parseFaultConfig(req.body ?? {});
      if (!parsed.ok) return { status: 400, body: { error: { code: 'BadRequest', message: parsed.message } } };
      deps.faults.configure(parsed.config);
      return { status: 200, body: deps.faults.current() };
    }
    case 'DELETE /_sandbox/faults':
      deps.faults.clear();
      return { status: 204 };
    case 'POST /_sandbox/reset':
      await deps.reset();
      return { status: 204 };
    default:
      return { status: 404, body: { error: { code: 'NotFound', message: `No sandbox admin route ${route}.` } } };
  }
}
