/**
 * UserAdministration as the management session's account, pinned to one tenant: the same token
 * and 401 handling as SessionBoundDirectory (a 401 means Graph did not run the call, so the broker
 * is told which token was refused and the call is retried once).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DirectoryError } from '../ports/directory.port';
import type { UserAdministration } from '../ports/user-administration.port';
import type { TokenUse } from './session-bound-directory';
import { SessionError } from './session-errors';
import type { TokenBroker } from './token-broker';

export type SessionUserAdministrationFactory = (tokenFn: (tenantId: string) => Promise<string>) => UserAdministration;

export class SessionUserAdministrationProvider {
  private readonly tokenUse = new AsyncLocalStorage<TokenUse>();
  private inner?: UserAdministration;

  constructor(
    private readonly broker: TokenBroker,
    private readonly factory: SessionUserAdministrationFactory,
  ) {}

  forTenant(tenantId: string): UserAdministration {
    this.inner ??= this.factory(async (tokenTenantId) => {
      const token = await this.broker.getToken(tokenTenantId);
      const use = this.tokenUse.getStore();
      if (use) use.token = token.token;
      return token.token;
    });
    const inner = this.inner;
    const call = async <T>(calledTenantId: string, operation: (users: UserAdministration) => Promise<T>): Promise<T> => {
      if (calledTenantId !== tenantId) {
        throw new SessionError('SESSION.TENANT_MISMATCH', 'This management session belongs to another tenant.', 'Run the action in the tenant it is meant for.');
      }
      const firstUse: TokenUse = {};
      try {
        return await this.tokenUse.run(firstUse, () => operation(inner));
      } catch (error) {
        if (!(error instanceof DirectoryError && error.code === 'DIRECTORY.UNAUTHENTICATED') || !firstUse.token) throw error;
        this.broker.reportAuthenticationFailure(calledTenantId, firstUse.token);
        return this.tokenUse.run({}, () => operation(inner));
      }
    };
    return {
      getUserProfile: (t, userId) => call(t, (u) => u.getUserProfile(t, userId)),
      getManager: (t, userId) => call(t, (u) => u.getManager(t, userId)),
      updateUserProfile: (t, userId, patch) => call(t, (u) => u.updateUserProfile(t, userId, patch)),
      setManager: (t, userId, managerId) => call(t, (u) => u.setManager(t, userId, managerId)),
      listSubscribedSkus: (t) => call(t, (u) => u.listSubscribedSkus(t)),
      findGroups: (t, start, options) => call(t, (u) => u.findGroups(t, start, options)),
      getGroup: (t, groupId) => call(t, (u) => u.getGroup(t, groupId)),
      isDirectGroupMember: (t, groupId, userId) => call(t, (u) => u.isDirectGroupMember(t, groupId, userId)),
      addGroupMember: (t, groupId, userId) => call(t, (u) => u.addGroupMember(t, groupId, userId)),
      removeGroupMember: (t, groupId, userId) => call(t, (u) => u.removeGroupMember(t, groupId, userId)),
      assignLicense: (t, userId, change) => call(t, (u) => u.assignLicense(t, userId, change)),
      listDirectGroups: (t, userId) => call(t, (u) => u.listDirectGroups(t, userId)),
      createTemporaryAccessPass: (t, userId, request) => call(t, (u) => u.createTemporaryAccessPass(t, userId, request)),
      getAutomaticReplies: (t, userId) => call(t, (u) => u.getAutomaticReplies(t, userId)),
      setAutomaticReplies: (t, userId, replies) => call(t, (u) => u.setAutomaticReplies(t, userId, replies)),
      sendCustomRequest: (t, request) => call(t, (u) => u.sendCustomRequest(t, request)),
    };
  }
}

/** Used when no adapter is wired (tests without a Graph sandbox): every call fails closed. */
export const unavailableUserAdministration: UserAdministration = {
  getUserProfile: () => Promise.reject(unavailable()),
  getManager: () => Promise.reject(unavailable()),
  updateUserProfile: () => Promise.reject(unavailable()),
  setManager: () => Promise.reject(unavailable()),
  listSubscribedSkus: () => Promise.reject(unavailable()),
  assignLicense: () => Promise.reject(unavailable()),
  findGroups: () => Promise.reject(unavailable()),
  getGroup: () => Promise.reject(unavailable()),
  isDirectGroupMember: () => Promise.reject(unavailable()),
  addGroupMember: () => Promise.reject(unavailable()),
  removeGroupMember: () => Promise.reject(unavailable()),
  listDirectGroups: () => Promise.reject(unavailable()),
  createTemporaryAccessPass: () => Promise.reject(unavailable()),
  getAutomaticReplies: () => Promise.reject(unavailable()),
  setAutomaticReplies: () => Promise.reject(unavailable()),
  sendCustomRequest: () => Promise.reject(unavailable()),
};

function unavailable(): DirectoryError {
  return new DirectoryError('DIRECTORY.UNAVAILABLE', 'No user administration adapter is configured.');
}
