/** Classifies a request path into the sandbox area that serves it, for fault matching. */
import type { SandboxArea } from './fault-types';

export function areaOfPath(path: string): SandboxArea {
  if (path.startsWith('/_sandbox/')) return 'admin';
  if (/^\/(v1\.0|beta)(\/|$)/.test(path)) return 'graph';
  if (/^\/(secrets|deletedsecrets)(\/|$|\?)/i.test(path)) return 'vault';
  if (/^\/[^/]+\/(oauth2|v2\.0|discovery|\.well-known)(\/|$)/.test(path) || /^\/common\/discovery\//.test(path)) return 'entra';
  return 'other';
}
