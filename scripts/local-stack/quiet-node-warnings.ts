/**
 * Imported first by scripts/start-sandbox.ts so `npm start` prints one line, not Node noise.
 * restify 11 loads spdy → http-deceiver, which touches process.binding('http_parser') at load
 * time and makes Node print DEP0111 twice. That warning is about a transitive dependency, not
 * something a developer starting the sandbox can act on; every other warning still prints.
 */
const SILENCED_CODES = new Set(['DEP0111']);
const emitWarning = process.emitWarning.bind(process);

process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
  const [typeOrOptions, code] = rest;
  const warningCode = typeof typeOrOptions === 'object' && typeOrOptions !== null ? (typeOrOptions as { code?: string }).code : code;
  if (typeof warningCode === 'string' && SILENCED_CODES.has(warningCode)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
