/**
 * A Directory whose Graph calls carry the management session's token (from the token broker),
 * pinned to one tenant. On a 401 it tells the broker which token was refused (so the broker
 * re-reads the vault once) and retries the call once: a 401 means Graph did not run it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DirectoryError, type Directory } from '../ports/directory.port';
import type { TokenBroker } from './token-broker';
import { SessionError } from './session-errors';

/** Filled by the token function inside one call, so a 401 can be tied to the exact token used. */
export interface TokenUse {
  token?: string;
}

export type SessionDirectoryFactory = (tokenFn: (tenantId: string) => Promise<string>) => Directory;

/**
 * Builds the Graph adapter once, with a token function backed by the broker, and hands out
 * tenant-pinned views of it.
 */
export class SessionDirectoryProvider {
  private readonly tokenUse = new AsyncLocalStorage<TokenUse>();
  private inner?: Directory;

  constructor(
    private readonly broker: TokenBroker,
    private readonly factory: SessionDirectoryFactory,
  ) {}

  forTenant(tenantId: string): Directory {
    this.inner ??= this.factory(async (tokenTenantId) => {
      const token = await this.broker.getToken(tokenTenantId);
      const use = this.tokenUse.getStore();
      if (use) use.token = token.token;
      return token.token;
    });
    return new SessionBoundDirectory(this.inner, tenantId, this.broker, this.tokenUse);
  }
}

export class SessionBoundDirectory implements Directory {
  constructor(
    private readonly inner: Directory,
    private readonly tenantId: string,
    private readonly broker: TokenBroker,
    private readonly tokenUse: AsyncLocalStorage<TokenUse>,
  ) {}

  getUser(tenantId: string, idOrUpn: string) {
    return this.call(tenantId, (d) => d.getUser(tenantId, idOrUpn));
  }
  findUsers(tenantId: string, query: string, options?: { top?: number }) {
    return this.call(tenantId, (d) => d.findUsers(tenantId, query, options));
  }
  listTransitiveMemberships(tenantId: string, userId: string) {
    return this.call(tenantId, (d) => d.listTransitiveMemberships(tenantId, userId));
  }
  listRoleAssignments(tenantId: string, principalId: string) {
    return this.call(tenantId, (d) => d.listRoleAssignments(tenantId, principalId));
  }
  listTenantAdminIds(tenantId: string) {
    return this.call(tenantId, (d) => d.listTenantAdminIds(tenantId));
  }
  getDefaultDomain(tenantId: string) {
    return this.call(tenantId, (d) => d.getDefaultDomain(tenantId));
  }
  createUser(tenantId: string, user: Parameters<Directory['createUser']>[1]) {
    return this.call(tenantId, (d) => d.createUser(tenantId, user));
  }
  updateUser(tenantId: string, userId: string, patch: Parameters<Directory['updateUser']>[2]) {
    return this.call(tenantId, (d) => d.updateUser(tenantId, userId, patch));
  }
  setPassword(tenantId: string, userId: string, password: string, options?: Parameters<Directory['setPassword']>[3]) {
    return this.call(tenantId, (d) => d.setPassword(tenantId, userId, password, options));
  }
  deleteUser(tenantId: string, userId: string) {
    return this.call(tenantId, (d) => d.deleteUser(tenantId, userId));
  }
  createRoleAssignment(tenantId: string, principalId: string, roleDefinitionId: string) {
    return this.call(tenantId, (d) => d.createRoleAssignment(tenantId, principalId, roleDefinitionId));
  }
  deleteRoleAssignment(tenantId: string, assignmentId: string) {
    return this.call(tenantId, (d) => d.deleteRoleAssignment(tenantId, assignmentId));
  }
  revokeSignInSessions(tenantId: string, userId: string) {
    return this.call(tenantId, (d) => d.revokeSignInSessions(tenantId, userId));
  }
  evaluateConditionalAccess(tenantId: string, userId: string, options?: { ipAddress?: string }) {
    return this.call(tenantId, (d) => d.evaluateConditionalAccess(tenantId, userId, options));
  }

  private async call<T>(tenantId: string, operation: (directory: Directory) => Promise<T>): Promise<T> {
    if (tenantId !== this.tenantId) {
      throw new SessionError('SESSION.TENANT_MISMATCH', 'This management session belongs to another tenant.', 'Run the action in the tenant it is meant for.');
    }
    const firstUse: TokenUse = {};
    try {
      return await this.tokenUse.run(firstUse, () => operation(this.inner));
    } catch (error) {
      if (!(error instanceof DirectoryError && error.code === 'DIRECTORY.UNAUTHENTICATED') || !firstUse.token) throw error;
      this.broker.reportAuthenticationFailure(tenantId, firstUse.token);
      return this.tokenUse.run({}, () => operation(this.inner));
    }
  }
}
