/**
 * Issue 17's anchor: the bot against a bare botbuilder echo bot (bench/lib/echo-bot.ts) on the
 * same restify and botbuilder, measured in the same run, so the figures are ratios that do not
 * depend on how fast this machine is today.
 *
 * - message turns: `conversations` conversations at once, `turnsPerConversation` turns each
 *   (`status` for the bot, the same text for the echo bot): turns per second over the whole
 *   load, p50/p99 turn latency, and process CPU per turn;
 * - invoke acks: `conversations` `Action.Execute` clicks at once (`session.status.refresh` for the
 *   bot, any invoke for the echo bot): p50/p99 until the HTTP answer, and the slowest.
 *
 * Each bot runs in a process of its own, started as production starts it: the bot compiled
 * (`npm run build`, then `node dist/bot/index.js`, in sandbox mode on a SQLite file against this
 * run's sandbox tenant), the echo bot as plain JavaScript (`node bench/lib/echo-bot.cjs`), so:
 * - cold start is the time from spawning the process until GET /healthz answers;
 * - CPU per turn is the server process's own user + system time (/proc/<pid>/stat) over the load,
 *   divided by its turns: the client, the fake Bot Connector and the sandbox are not counted;
 * - RSS is the server process's resident memory at idle, after start-up.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { GLOBAL_ADMIN } from '../sandbox/directory/seed/contoso-ids';
import { killHard } from '../test/support/crash/child-process';
import { FakeConnector } from '../test/support/fake-connector';
import { httpRequest, postJson, type HttpResult } from '../test/support/http-client';
import type { SandboxWorld } from './lib/sandbox-world';
import { percentile, performance, round, withTimeout, type BenchmarkResult, type MetricRow } from './lib/stats';

export interface EchoAnchorOptions {
  conversations: number;
  turnsPerConversation: number;
  /** One turn or ack longer than this fails the run. */
  timeoutMs: number;
}

export const ECHO_ANCHOR_DEFAULTS: EchoAnchorOptions = { conversations: 50, turnsPerConversation: 20, timeoutMs: 15_000 };

interface LoadFigures {
  turnsPerSecond: number;
  p50: number;
  p99: number;
  cpuMsPerTurn: number;
}

const REPO_ROOT = join(__dirname, '..');
const ECHO_BOT = join(__dirname, 'lib', 'echo-bot.cjs');
const COMPILED_BOT = join(REPO_ROOT, 'dist', 'bot', 'index.js');

interface Server {
  process: ChildProcess;
  pid: number;
  url: string;
  /** From spawn until GET /healthz answered. */
  startMs: number;
  stderr: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Spawns `node <script>` on a free port and resolves once GET /healthz answers (bounded). */
async function startServer(script: string, env: NodeJS.ProcessEnv, children: ChildProcess[]): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [script], { cwd: REPO_ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  // The bot logs to stdout; both streams are kept for the error check.
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-200_000)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited before it listened: ${stderr.slice(-500)}`);
    if (performance.now() - started > 30_000) throw new Error(`${script} did not answer /healthz within 30 s`);
    const answer = await httpRequest(`${url}/healthz`, { method: 'GET' }).catch(() => undefined);
    if (answer?.status === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { process: child, pid: child.pid!, url, startMs: performance.now() - started, stderr: () => stderr };
}
/** Linux clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat's times. */
const CLOCK_TICKS = 100;

/** A process's user + system CPU so far, in ms (Linux /proc). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 is the state; utime and stime are fields 14 and 15 of the line.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** A process's resident memory, in MB (Linux /proc). */
function processRssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((entry) => entry.startsWith('VmRSS:')) ?? 'VmRSS: 0 kB';
  return Number(line.replace(/\D+/g, '')) / 1024;
}

/** `conversations` conversations at once, each sending its turns one after another; CPU is the server process's. */
async function messageLoad(send: (conversation: number, turn: number) => Promise<HttpResult>, options: EchoAnchorOptions, serverPid: number): Promise<LoadFigures> {
  const durations: number[] = [];
  const cpuBefore = processCpuMs(serverPid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.conversations }, async (_, conversation) => {
      for (let turn = 0; turn < options.turnsPerConversation; turn += 1) {
        const at = performance.now();
        const answer = await withTimeout(send(conversation, turn), options.timeoutMs, `turn ${turn} of conversation ${conversation}`);
        if (answer.status !== 200) throw new Error(`turn ${turn} of conversation ${conversation} answered HTTP ${answer.status}`);
        durations.push(performance.now() - at);
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpuMs = processCpuMs(serverPid) - cpuBefore;
  const sorted = durations.sort((a, b) => a - b);
  return { turnsPerSecond: (sorted.length * 1000) / wallMs, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), cpuMsPerTurn: cpuMs / sorted.length };
}

/** `count` invokes at once: how long until each is answered. */
async function invokeBurst(send: (index: number) => Promise<HttpResult>, count: number, timeoutMs: number): Promise<{ p50: number; p99: number; max: number }> {
  const durations = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const at = performance.now();
      const answer = await withTimeout(send(index), timeoutMs, `invoke ${index}`);
      if (answer.status !== 200) throw new Error(`invoke ${index} answered HTTP ${answer.status}`);
      return performance.now() - at;
    }),
  );
  const sorted = durations.sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

function ratioRow(metric: string, ours: number, echo: number, target: { atLeast?: number; atMost?: number }): MetricRow {
  const ratio = ours / echo;
  const met = (target.atLeast === undefined || ratio >= target.atLeast) && (target.atMost === undefined || ratio <= target.atMost);
  return { metric, value: round(ratio), unit: '×', target: { text: target.atLeast !== undefined ? `≥ ${target.atLeast}×` : `≤ ${target.atMost}×`, met } };
}

export async function runEchoAnchorBench(world: SandboxWorld, options: EchoAnchorOptions = ECHO_ANCHOR_DEFAULTS): Promise<BenchmarkResult> {
  const connector = new FakeConnector();
  await connector.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'msb-anchor-'));
  const children: ChildProcess[] = [];
  try {
    // Production start: compiled JavaScript (incremental, so a second run is quick).
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO_ROOT, 'tsconfig.build.json')], { cwd: REPO_ROOT, stdio: 'pipe' });
    const echo = await startServer(ECHO_BOT, {}, children);
    const bot = await startServer(COMPILED_BOT, { ...world.botEnv(), DATABASE_PATH: join(dataDir, 'bot.sqlite'), LOG_LEVEL: 'warn', HOST: '127.0.0.1' }, children);
    const echoStartMs = echo.startMs;
    const botStartMs = bot.startMs;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const echoRssMb = processRssMb(echo.pid);
    const botRssMb = processRssMb(bot.pid);

    const activity = (conversationId: string, fields: Record<string, unknown>): Record<string, unknown> => ({
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      from: { id: `29:${GLOBAL_ADMIN.id}`, name: GLOBAL_ADMIN.displayName, aadObjectId: GLOBAL_ADMIN.id },
      recipient: { id: '28:management-session-bot', name: 'Management Session Bot' },
      conversation: { id: conversationId, conversationType: 'personal', tenantId: world.tenantId },
      channelData: { tenant: { id: world.tenantId } },
      locale: 'en-US',
      ...fields,
    });
    const message = (url: string, prefix: string) => (conversation: number) => postJson(`${url}/api/messages`, activity(`a:${prefix}-${conversation}`, { type: 'message', text: 'status', textFormat: 'plain' }));
    const invoke = (url: string, prefix: string) => (index: number) =>
      postJson(`${url}/api/messages`, activity(`a:${prefix}-${index}`, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: Verbs.refreshSessionStatus, data: {} }, trigger: 'manual' } }));

    // Warm both (JIT, TLS to the sandbox, caches), then measure each with the same load.
    await messageLoad(message(echo.url, 'echo'), { ...options, turnsPerConversation: 2 }, echo.pid);
    await messageLoad(message(bot.url, 'bot'), { ...options, turnsPerConversation: 2 }, bot.pid);
    const echoTurns = await messageLoad(message(echo.url, 'echo'), options, echo.pid);
    const ourTurns = await messageLoad(message(bot.url, 'bot'), options, bot.pid);
    const echoAcks = await invokeBurst(invoke(echo.url, 'echo'), options.conversations, options.timeoutMs);
    const ourAcks = await invokeBurst(invoke(bot.url, 'bot'), options.conversations, options.timeoutMs);

    const cards = connector.calls.filter((call) => call.conversationId.startsWith('a:bot-') && JSON.stringify(call.activity?.['attachments'] ?? []).includes('adaptive'));
    const expected = options.conversations * (options.turnsPerConversation + 2);
    if (cards.length < expected) throw new Error(`the bot answered ${cards.length} of ${expected} status turns with its card`);
    if (/"level":(50|60)|"level":"(error|fatal)"/.test(bot.stderr())) throw new Error(`the bot logged an error: ${bot.stderr().slice(-500)}`);
    return {
      id: 'echo-anchor',
      title: `(i17) the bot against a bare echo bot, ${options.conversations} conversations × ${options.turnsPerConversation} turns`,
      rows: [
        { metric: 'status turns/s (bot)', value: round(ourTurns.turnsPerSecond, 1), unit: '/s' },
        { metric: 'message turns/s (echo bot)', value: round(echoTurns.turnsPerSecond, 1), unit: '/s' },
        ratioRow('turns/s, bot ÷ echo', ourTurns.turnsPerSecond, echoTurns.turnsPerSecond, { atLeast: 0.8 }),
        { metric: 'turn p50 bot / echo', value: round(ourTurns.p50), unit: `ms / ${round(echoTurns.p50)} ms` },
        { metric: 'turn p99 bot / echo', value: round(ourTurns.p99), unit: `ms / ${round(echoTurns.p99)} ms` },
        { metric: 'server CPU per turn bot / echo', value: round(ourTurns.cpuMsPerTurn), unit: `ms / ${round(echoTurns.cpuMsPerTurn)} ms` },
        ratioRow('server CPU per turn, bot ÷ echo', ourTurns.cpuMsPerTurn, echoTurns.cpuMsPerTurn, { atMost: 1.5 }),
        { metric: `invoke ack p99, ${options.conversations} at once, bot / echo`, value: round(ourAcks.p99), unit: `ms / ${round(echoAcks.p99)} ms` },
        ratioRow('invoke ack p99, bot ÷ echo', ourAcks.p99, echoAcks.p99, { atMost: 1.5 }),
        { metric: 'slowest invoke ack (bot)', value: round(ourAcks.max), unit: 'ms', target: { text: '≤ 2000 ms', met: ourAcks.max <= 2_000 } },
        { metric: 'cold start to /healthz, bot (dist/) / echo (.cjs)', value: round(botStartMs), unit: `ms / ${round(echoStartMs)} ms` },
        ratioRow('cold start, bot ÷ echo', botStartMs, echoStartMs, { atMost: 1.5 }),
        { metric: 'RSS at idle, bot / echo', value: round(botRssMb, 1), unit: `MB / ${round(echoRssMb, 1)} MB` },
      ],
      details: { ackP50Bot: round(ourAcks.p50), ackP50Echo: round(echoAcks.p50) },
    };
  } finally {
    for (const child of children) await killHard(child);
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
