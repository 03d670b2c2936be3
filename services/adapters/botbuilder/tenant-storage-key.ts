/**
 * Bot state keys carry the tenant id as their first segment (`tenants/<tenantId>/…`), so a
 * storage row always knows its tenant and two tenants can never share a state document, even
 * if a channel reused a conversation id.
 */
const PREFIX = 'tenants/';

export function tenantStorageKey(tenantId: string, ...parts: string[]): string {
  if (!tenantId || tenantId.includes('/')) throw new Error('A tenant storage key needs a tenant id without "/".');
  return `${PREFIX}${tenantId}/${parts.map(encodeURIComponent).join('/')}`;
}

/** The tenant id of a key made by `tenantStorageKey`, or undefined for any other key. */
export function tenantIdOfStorageKey(key: string): string | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const tenantId = key.slice(PREFIX.length).split('/', 1)[0];
  return tenantId ? tenantId : undefined;
}
