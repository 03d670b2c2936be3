/**
 * `npm start`: the sandbox tenant, the bot and the Microsoft 365 Agents Playground on 127.0.0.1,
 * then one line on the terminal saying which address to open. Ctrl-C stops all three.
 *
 *   npm start -- [--data-dir ./data] [--port 56150] [--bot-port 3978] [--sandbox-port 0] [--log-level info]
 *                [--personas admin,approver,operator]
 *
 * Each persona gets a Playground of its own (the Global Admin's on --port, the others on the
 * following ports), so four-eyes approvals and operators can be played without typing JSON.
 *
 * Logs go to files under the data directory (bot: logs/bot.log, Playground: playground/*.log).
 * `npm run start:bot` runs the bot alone with real Azure settings instead.
 */
import './local-stack/quiet-node-warnings';
import { parseArgs } from 'node:util';
import type { LogLevel } from '../services/logger';
import { ALL_PERSONAS, DEFAULT_DATA_DIR, DEFAULT_PORTS, startLocalStack, type LocalStack, type PersonaKey } from './local-stack/local-stack';

export { startLocalStack, contosoPlaygroundInput, sandboxBotConfig } from './local-stack/local-stack';
export type { LocalStack, LocalStackOptions, LocalStackUser, PersonaKey, RunningPersona } from './local-stack/local-stack';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const USAGE = 'usage: npm start -- [--data-dir DIR] [--port N] [--bot-port N] [--sandbox-port N] [--log-level LEVEL] [--personas admin,approver,operator]';

function parsePort(value: string, flag: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be an integer from 0 to 65535`);
  return port;
}

class UsageError extends Error {}

function parsePersonas(value: string): PersonaKey[] {
  const keys = value
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const unknown = keys.filter((key) => !ALL_PERSONAS.includes(key as PersonaKey));
  if (unknown.length > 0 || keys.length === 0) throw new UsageError(`--personas takes a comma-separated list of ${ALL_PERSONAS.join(', ')}`);
  return keys as PersonaKey[];
}

function parseCommandLine(argv: string[]): {
  dataDir: string;
  ports: { bot: number; playground: number; sandbox: number };
  logLevel: LogLevel;
  personas: PersonaKey[];
} {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      port: { type: 'string', default: String(DEFAULT_PORTS.playground) },
      'bot-port': { type: 'string', default: String(DEFAULT_PORTS.bot) },
      'sandbox-port': { type: 'string', default: String(DEFAULT_PORTS.sandbox) },
      'log-level': { type: 'string', default: 'info' },
      personas: { type: 'string', default: ALL_PERSONAS.join(',') },
    },
    strict: true,
  });
  const logLevel = values['log-level'] as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return {
    dataDir: values['data-dir'] as string,
    ports: {
      playground: parsePort(values.port as string, '--port'),
      bot: parsePort(values['bot-port'] as string, '--bot-port'),
      sandbox: parsePort(values['sandbox-port'] as string, '--sandbox-port'),
    },
    logLevel,
    personas: parsePersonas(values.personas as string),
  };
}

async function main(): Promise<void> {
  const options = parseCommandLine(process.argv.slice(2));
  let stack: LocalStack | undefined;
  let stopping = false;

  const shutdown = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    const done = stack ? stack.stop() : Promise.resolve();
    done.then(
      () => process.exit(exitCode),
      (error: unknown) => {
        process.stderr.write(`Stopping did not complete cleanly: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a repeated signal must not fall through to Node's default (exit without
  // cleanup). tsx re-sends SIGINT when our acknowledgement is slow, and people press Ctrl-C twice;
  // the stop is bounded anyway (the Playground gets SIGKILL after a grace period).
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));

  stack = await startLocalStack({
    dataDir: options.dataDir,
    ports: options.ports,
    logLevel: options.logLevel,
    personas: options.personas,
    onUnexpectedExit: (component, detail) => {
      process.stderr.write(`The ${component} stopped unexpectedly (${detail}); see ${stack?.files.playgroundOutput ?? 'its log'}. Stopping.\n`);
      shutdown(1);
    },
  });
  if (stopping) {
    // Ctrl-C arrived during start-up, before `stack` was set: stop what was started.
    await stack.stop();
    return;
  }
  process.stdout.write(startLines(stack).join('\n') + '\n');
}

/** What the terminal shows once everything is up: where to go, and who else can be played. */
export function startLines(stack: Pick<LocalStack, 'playgroundUrl' | 'currentUser' | 'personas'>): string[] {
  const admin = stack.currentUser;
  const lines = [
    `Open ${stack.playgroundUrl} in your browser: you are ${admin.displayName} (${admin.userPrincipalName}), Global Admin of the sandbox tenant. Press Ctrl-C to stop.`,
  ];
  const others = stack.personas.filter((persona) => persona.key !== 'admin');
  if (others.length > 0) {
    lines.push('Play someone else in a Playground of their own:');
    for (const persona of others) lines.push(`  ${persona.playgroundUrl}  ${persona.displayName} (${persona.userPrincipalName}), ${persona.role}`);
    lines.push('Who may do what, and the sign-in passwords for Default mode: README.md, "Personas".');
  }
  return lines;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const isUsage = error instanceof UsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    // A readable sentence, not a stack: start-up errors here are about ports, files and config.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`npm start failed: ${message}\n${isUsage ? `${USAGE}\n` : ''}`);
    process.exit(1);
  });
}
