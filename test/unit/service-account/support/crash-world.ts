/**
 * A simulated tenant (directory, vault, token endpoint) that outlives "processes", and a way
 * to kill a process at an exact outbound call: `before` (the call never happens) or `after`
 * (it happened, the process died before learning the answer). Once a process is dead, every
 * further write it attempts (journal, repositories, audit) fails too, as after a real kill.
 */
import { FakeDirectoryWrites } from '../../../support/fakes/fake-directory-writes';
import { FakeTokenIssuer } from '../../../support/fakes/fake-token-issuer';
import { FakeSecretVault } from '../../../support/fakes/fake-vault';
import type { Directory } from '../../../../services/ports/directory.port';
import type { SecretVault } from '../../../../services/ports/secret-vault.port';
import type { TokenIssuer } from '../../../../services/ports/token-issuer.port';

export class SimulatedCrash extends Error {
  constructor(point: string) {
    super(`simulated crash ${point}`);
    this.name = 'SimulatedCrash';
  }
}

export interface CrashPlan {
  /** 1-based index into the process's sequence of outbound calls… */
  atCall?: number;
  /** …or the first call to this port method, e.g. 'directory.createUser'. */
  atMethod?: string;
  when: 'before' | 'after';
}

export const TENANT_ID = '0b4e6f6c-1111-4a4a-9c9c-000000000001';

export interface ExternalPorts {
  directory: Directory;
  vault: SecretVault;
  tokens: TokenIssuer;
}

/** The external world: persists across processes, like Entra and Key Vault do. */
export class World {
  readonly directory = new FakeDirectoryWrites('contoso.example');
  readonly vault = new FakeSecretVault();
  readonly tokens = new FakeTokenIssuer(this.directory);
}

/** Liveness of one simulated process. */
export class ProcessLife {
  dead = false;
  readonly calls: string[] = [];

  constructor(private readonly plan?: CrashPlan) {}

  /** Throws if the process already died; use around local writes. */
  assertAlive(what: string): void {
    if (this.dead) throw new SimulatedCrash(`(process already dead: ${what})`);
  }

  wrap<T extends object>(label: string, target: T): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return async (...args: unknown[]) => {
          this.assertAlive(`${label}.${property}`);
          this.calls.push(`${label}.${property}`);
          const index = this.calls.length;
          const hit = this.hits(index, `${label}.${property}`);
          if (hit && this.plan?.when === 'before') this.die(`before #${index} ${label}.${property}`);
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
          if (hit && this.plan?.when === 'after') this.die(`after #${index} ${label}.${property}`);
          return result;
        };
      },
    });
  }

  /** Local (synchronous) stores: every method refuses once the process is dead. */
  guard<T extends object>(label: string, target: T): T {
    return new Proxy(target, {
      get: (object, property, receiver) => {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        return (...args: unknown[]) => {
          this.assertAlive(`${label}.${property}`);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  }

  /** The world's ports (or real adapters standing in for them), each call counted and crashable. */
  ports(world: ExternalPorts): ExternalPorts {
    return {
      directory: this.wrap<Directory>('directory', world.directory),
      vault: this.wrap<SecretVault>('vault', world.vault),
      tokens: this.wrap<TokenIssuer>('tokens', world.tokens),
    };
  }

  private hits(index: number, call: string): boolean {
    if (!this.plan) return false;
    if (this.plan.atCall !== undefined) return this.plan.atCall === index;
    return this.plan.atMethod === call && this.calls.indexOf(call) === index - 1;
  }

  private die(point: string): never {
    this.dead = true;
    throw new SimulatedCrash(point);
  }
}
