/**
 * Wrappers that make ports crash or fail, for the rotation fault-injection suites.
 *
 * A crash models `kill -9` after a call completed: the wrapped call returns normally to the
 * port, then the "process" dies, and from then on every call through any port sharing the same
 * CrashSwitch throws SimulatedCrash — including the dying code's cleanup (lease release, journal
 * updates, audit, notices), just as a killed process writes nothing more. A restarted process
 * builds fresh, unwrapped (or freshly wrapped) instances on the same SQLite file.
 */
export class SimulatedCrash extends Error {
  constructor(readonly at: string) {
    super(`simulated crash after ${at}`);
    this.name = 'SimulatedCrash';
  }
}

export class CrashSwitch {
  dead = false;
  at: string | undefined;

  kill(at: string): never {
    this.dead = true;
    this.at = at;
    throw new SimulatedCrash(at);
  }
}

export interface CrashPoint {
  method: string;
  /** Crash after the nth matching call (1-based). Default 1. */
  nth?: number;
  /** Only calls whose arguments match count. */
  when?: (args: unknown[]) => boolean;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Wraps a port so it dies with the process, and optionally kills the process after a given call. */
export function crashable<T extends object>(target: T, power: CrashSwitch, label: string, point?: CrashPoint): T {
  let matched = 0;
  const hit = (method: string, args: unknown[]): boolean =>
    point !== undefined && point.method === method && (!point.when || point.when(args)) && ++matched === (point.nth ?? 1);
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        if (power.dead) throw new SimulatedCrash(`${label}.${property} (process already dead)`);
        const result = (value as AnyFunction).apply(object, args);
        if (result instanceof Promise) {
          return result.then((resolved) => {
            if (hit(property, args)) power.kill(`${label}.${property}`);
            return resolved;
          });
        }
        if (hit(property, args)) power.kill(`${label}.${property}`);
        return result;
      };
    },
  });
}

export interface FaultRule {
  method: string;
  /** The error to throw. */
  error: () => Error;
  /** How many matching calls fail. Default: all. */
  times?: number;
  /** Matching calls let through before failing starts. Default 0. */
  skip?: number;
  /** Perform the real call first, then throw (a write that landed but whose answer was lost). */
  afterCall?: boolean;
  when?: (args: unknown[]) => boolean;
}

/** A mutable list of fault rules, so a test can switch an outage on and off. */
export class FaultPlan {
  readonly rules: Array<FaultRule & { seen: number; fired: number }> = [];

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, seen: 0, fired: 0 });
    return this;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The rule that fires for this call, if any (and counts it). */
  take(method: string, args: unknown[]): (FaultRule & { fired: number }) | undefined {
    for (const rule of this.rules) {
      if (rule.method !== method || (rule.when && !rule.when(args))) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.skip ?? 0)) continue;
      if (rule.times !== undefined && rule.fired >= rule.times) continue;
      rule.fired += 1;
      return rule;
    }
    return undefined;
  }
}

/** Wraps a port so calls matching the plan's rules fail. */
export function withFaults<T extends object>(target: T, plan: FaultPlan): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const rule = plan.take(property, args);
        if (!rule) return (value as AnyFunction).apply(object, args);
        if (!rule.afterCall) {
          const error = rule.error();
          const original = value as AnyFunction;
          // Keep async methods async: reject rather than throw synchronously.
          return original.constructor.name === 'AsyncFunction' ? Promise.reject(error) : (() => { throw error; })();
        }
        const result = (value as AnyFunction).apply(object, args);
        return Promise.resolve(result).then(() => {
          throw rule.error();
        });
      };
    },
  });
}

/** Runs `action` after the nth successful call of `method` (e.g. switch a sandbox outage on mid-rotation). */
export function afterCall<T extends object>(target: T, method: string, action: () => void | Promise<void>, nth = 1): T {
  let seen = 0;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver) as unknown;
      if (typeof value !== 'function' || property !== method) return value;
      return async (...args: unknown[]) => {
        const result = await (value as AnyFunction).apply(object, args);
        seen += 1;
        if (seen === nth) await action();
        return result;
      };
    },
  });
}
