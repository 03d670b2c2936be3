/**
 * The subset of a pino logger that a service area uses, so services depend on a port rather
 * than on pino. Log ids and codes, never payloads or secret values.
 */
export interface AreaLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** For tests and optional wiring: drops every line. */
export const silentLogger: AreaLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
