/**
 * Entra's unifiedRoleAssignment ids are the base64url of the role template id's bytes followed
 * by the principal id's bytes (both in .NET GUID byte order), with a "-1" suffix for
 * tenant-scoped assignments: "lAPpYvVpN0KRkAEhdxReEJC2sEqbR_9Hr48lds9SGHI-1" starts with
 * Global Administrator's 62e90394-69f5-4237-9190-012177145e10. The sandbox builds them the same
 * way, so one role given twice to one principal collides just as it does in Entra.
 */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  // .NET order: the first three fields are little-endian.
  return Buffer.concat([Buffer.from(bytes.subarray(0, 4)).reverse(), Buffer.from(bytes.subarray(4, 6)).reverse(), Buffer.from(bytes.subarray(6, 8)).reverse(), bytes.subarray(8)]);
}

export function roleAssignmentId(roleTemplateId: string, principalId: string, directoryScopeId = '/'): string {
  const base = Buffer.concat([guidBytes(roleTemplateId), guidBytes(principalId)]).toString('base64url');
  return directoryScopeId === '/' ? `${base}-1` : `${base}-${Buffer.from(directoryScopeId).toString('base64url').slice(0, 12)}`;
}
