/**
 * Decides, per request, which injected fault applies. Rules are checked in a fixed order:
 * whole-service outages first (they model a service being down), then 5xx, then 429;
 * latency adds up across matching rules and applies even when a fault answers.
 */
import type { FaultAction, FaultConfig, FaultController, FaultDecision, FaultTrigger, RouteMatcher, ServerErrorRule, ThrottleRule } from './fault-types';
import { areaOfPath } from './route-area';

export function createFaultController(initial: FaultConfig = {}, random: () => number = Math.random): FaultController {
  let config = cloneConfig(initial);

  function fires(rule: FaultTrigger): boolean {
    if (rule.nextRequests !== undefined) {
      if (rule.nextRequests <= 0) return false;
      rule.nextRequests -= 1;
      return true;
    }
    return random() < (rule.probability ?? 1);
  }

  function decide(request: { method: string; path: string }): FaultDecision {
    const area = areaOfPath(request.path);
    if (area === 'admin') return { delayInMs: 0 };
    const matching = <T extends { match: RouteMatcher }>(rules: T[] | undefined) =>
      (rules ?? []).filter((rule) => matches(rule.match, request.method, request.path, area));
    const delayInMs = matching(config.latency).reduce((sum, rule) => sum + Math.max(0, rule.delayInMs), 0);
    return { delayInMs, action: outage(area) ?? firstFiring(matching(config.serverErrors), matching(config.throttle)) };
  }

  function outage(area: string): FaultAction | undefined {
    if (area === 'vault' && config.vaultUnavailable) {
      const mode = typeof config.vaultUnavailable === 'object' ? config.vaultUnavailable.mode : '503';
      return mode === 'reset' ? { kind: 'reset' } : { kind: 'error', status: 503 };
    }
    if (area === 'entra' && config.entraUnavailable) return { kind: 'error', status: 503 };
    return undefined;
  }

  function firstFiring(serverErrors: ServerErrorRule[], throttles: ThrottleRule[]): FaultAction | undefined {
    for (const rule of serverErrors) if (fires(rule)) return { kind: 'error', status: rule.status ?? 503 };
    for (const rule of throttles) if (fires(rule)) return { kind: 'throttle', retryAfterInSeconds: rule.retryAfterInSeconds };
    return undefined;
  }

  return {
    current: () => cloneConfig(config),
    configure: (next) => {
      config = cloneConfig(next);
    },
    clear: () => {
      config = {};
    },
    decide,
  };
}

function matches(matcher: RouteMatcher, method: string, path: string, area: string): boolean {
  if (matcher.area !== undefined && matcher.area !== area) return false;
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== method.toUpperCase()) return false;
  if (matcher.pathPrefix !== undefined && !path.toLowerCase().startsWith(matcher.pathPrefix.toLowerCase())) return false;
  if (matcher.pathPattern !== undefined && !new RegExp(matcher.pathPattern, 'i').test(path)) return false;
  return true;
}

/** Rules carry mutable "next N" counters, so the controller owns its own copy. */
function cloneConfig(config: FaultConfig): FaultConfig {
  return JSON.parse(JSON.stringify(config)) as FaultConfig;
}
