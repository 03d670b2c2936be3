/**
 * Runs the Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`) as a child
 * process. It is the Teams client *and* the Bot Framework connector of the local stack: it posts
 * activities to the bot's /api/messages, and the bot posts its replies back to the Playground's
 * service URL (`http://127.0.0.1:<port>/_connector`). It needs no network and no app id.
 *
 * - `TEAMSAPPTESTER_BROWSER=none`: do not open a browser; `npm start` prints the address instead.
 * - `--service-url` is given explicitly with 127.0.0.1: the default says `localhost`, which may
 *   resolve to ::1 while the Playground listens on 127.0.0.1 only (see playground-loopback.cjs).
 * - The config file and the Playground's own log go under the stack's data directory, never into
 *   the repository (its default log path is ./devTools relative to its working directory).
 * - The bot's per-start endpoint secret reaches only this process, in an environment variable that
 *   playground-endpoint-secret.cjs removes and turns into a header on requests to the bot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { exitOf, hasExited, killGroupNow, stopProcessGroup } from './child-process';
import { waitFor, waitForHttp } from './wait';

export interface StartPlaygroundOptions {
  /** The port to serve on; choose it with choosePort() first (the service URL must contain it). */
  port: number;
  /** e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  /** The bot's SANDBOX_ENDPOINT_SECRET, sent with every request to botEndpoint. Never logged. */
  endpointSecret: string;
  /** The generated .m365agentsplayground.yml. */
  configPath: string;
  /** Working directory of the Playground process; its log file and anything else it writes go here. */
  workDir: string;
  timeoutMs: number;
  /** Called when the Playground exits without stop() having been called. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface RunningPlayground {
  /** The web UI to open in a browser, e.g. http://127.0.0.1:56150 */
  url: string;
  port: number;
  serviceUrl: string;
  /** The Playground's own log (console output and its request log). */
  logFile: string;
  /** stdout and stderr of the process. */
  outputFile: string;
  stop(): Promise<void>;
}

const LISTENING = /Listening on (\d+)/;

export async function startPlayground(options: StartPlaygroundOptions): Promise<RunningPlayground> {
  mkdirSync(options.workDir, { recursive: true });
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const loopbackPreload = join(__dirname, '..', 'playground-loopback.cjs');
  const secretPreload = join(__dirname, '..', 'playground-endpoint-secret.cjs');
  const serviceUrl = `http://127.0.0.1:${options.port}/_connector`;
  const logFile = join(options.workDir, 'playground.log');
  const outputFile = join(options.workDir, 'playground.out.log');
  mkdirSync(dirname(outputFile), { recursive: true });

  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      loopbackPreload,
      '--require',
      secretPreload,
      cli,
      'start',
      '--app-endpoint',
      options.botEndpoint,
      '--channel-id',
      'msteams',
      '--port',
      String(options.port),
      '--service-url',
      serviceUrl,
      '--disable-telemetry',
    ],
    {
      cwd: options.workDir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        BOT_ENDPOINT: options.botEndpoint,
        // Read and removed by playground-endpoint-secret.cjs before the Playground starts.
        MSB_BOT_ENDPOINT_SECRET: options.endpointSecret,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath,
        M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
        // Read by playground-loopback.cjs: exit if this process dies without stopping it.
        MSB_PLAYGROUND_PARENT_PID: String(process.pid),
      },
      // Its own process group, so stop() can signal everything it spawned and a terminal's
      // Ctrl-C reaches only our start script, which then shuts things down in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );

  let stopping = false;
  const killOnParentExit = (): void => killGroupNow(child);
  process.once('exit', killOnParentExit);

  const output = createWriteStream(outputFile, { flags: 'a' });
  let reportedPort: number | undefined;
  let recentOutput = '';
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    recentOutput = (recentOutput + text).slice(-4_000);
    const match = LISTENING.exec(recentOutput);
    if (match && reportedPort === undefined) reportedPort = Number(match[1]);
    output.write(chunk);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', (code, signal) => {
    process.off('exit', killOnParentExit);
    output.end();
    if (!stopping) options.onUnexpectedExit?.(code, signal);
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    process.off('exit', killOnParentExit);
    await stopProcessGroup(child);
    await exitOf(child);
  };

  try {
    const port = await waitFor(
      async () => {
        if (hasExited(child)) throw new PlaygroundExitedError(child, recentOutput);
        return reportedPort;
      },
      { what: 'the Agents Playground to report its port', timeoutMs: options.timeoutMs },
    );
    if (port !== options.port) {
      // It falls back to a random port when the requested one is taken; its service URL would
      // then point at the wrong port and the bot's replies would go nowhere.
      throw new Error(`The Agents Playground took port ${port} instead of ${options.port} (was the port taken meanwhile?)`);
    }
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/_debug/ping`, { what: `the Agents Playground at ${url}`, timeoutMs: options.timeoutMs, expectBody: 'pong' });
    return { url, port, serviceUrl, logFile, outputFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

class PlaygroundExitedError extends Error {
  constructor(child: ChildProcess, output: string) {
    super(`The Agents Playground exited during start-up (code ${String(child.exitCode)}, signal ${String(child.signalCode)}). Output:\n${output.trim()}`);
    this.name = 'PlaygroundExitedError';
  }
}
