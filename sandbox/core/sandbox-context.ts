/** Builds the SandboxContext the handlers share. */
import { newGuid } from './ids';
import type { SigningKey } from './signing-key';
import type { StateStore } from './state-store';
import { createTokenVerifier } from './token-verifier';
import type { SandboxClock, SandboxContext } from './types';
import type { FaultController } from '../faults/fault-types';
import type { TrafficLog } from './traffic-log';

/** Issuer of every sandbox token, as the openid-configuration publishes it. */
export function issuerFor(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

export const systemClock: SandboxClock = { now: () => new Date() };

export function createSandboxContext(options: {
  baseUrl: string;
  store: StateStore;
  faults: FaultController;
  signingKey: SigningKey;
  clock: SandboxClock;
  traffic?: TrafficLog;
}): SandboxContext {
  const tenantId = options.store.state().directory.tenantId;
  const verify = createTokenVerifier({ issuer: issuerFor(options.baseUrl, tenantId), tenantId, signingKey: options.signingKey, clock: options.clock });
  return {
    tenantId,
    baseUrl: options.baseUrl,
    clock: options.clock,
    state: () => options.store.state(),
    persist: () => options.store.persist(),
    faults: options.faults,
    verifyAccessToken: verify,
    newRequestId: newGuid,
    ...(options.traffic ? { traffic: options.traffic } : {}),
  };
}
