/**
 * `npm run bench`: the performance targets of DESIGN §7 as benchmarks (see bench/README.md).
 *
 * Runs against a sandbox tenant started in this process on a free loopback port with a
 * throw-away data directory, through the bot's real adapters and services. Every loop has a
 * fixed count and a time budget; the whole run takes about 90 s on 2 cores, about 60 s of it the
 * bulk scenarios (1,000 users, twice).
 * Prints a table, writes bench/results.json (git-ignored) and exits 1 when a target is missed
 * or a benchmark fails, so CI can run it as a gate.
 */
import '../scripts/local-stack/quiet-node-warnings';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runAuditBench } from './audit.bench';
import { runBotTurnBench } from './bot-turn.bench';
import { BULK_SCENARIOS, runBulkBench } from './bulk.bench';
import { runCardTemplateBench } from './card-template.bench';
import { runEchoAnchorBench } from './echo-anchor.bench';
import { runAuthorizeBench, runGetUserBench } from './directory-and-authorization.bench';
import { startSandboxWorld, type SandboxWorld } from './lib/sandbox-world';
import { performance, round, type BenchmarkResult } from './lib/stats';
import { runTokenBrokerBench } from './token-broker.bench';

const RESULTS_PATH = join(__dirname, 'results.json');
/**
 * A last resort, should something hang outside the per-benchmark budgets (e.g. a port that never
 * answers). 300 s since the bulk scenarios (each within a 60 s budget) joined the run.
 */
const WATCHDOG_MS = 300_000;

interface Outcome {
  id: string;
  result?: BenchmarkResult;
  error?: string;
  durationMs: number;
}

async function attempt(id: string, run: () => Promise<BenchmarkResult>): Promise<Outcome> {
  const started = performance.now();
  process.stderr.write(`bench: ${id}…\n`);
  try {
    return { id, result: await run(), durationMs: performance.now() - started };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error), durationMs: performance.now() - started };
  }
}

function formatTable(outcomes: readonly Outcome[]): string {
  const header = ['benchmark', 'metric', 'value', 'target', 'status'];
  const lines: string[][] = [];
  for (const outcome of outcomes) {
    if (!outcome.result) {
      lines.push([outcome.id, 'FAILED', '', '', '✗'], ['', outcome.error ?? '', '', '', '']);
      continue;
    }
    outcome.result.rows.forEach((row, index) => {
      lines.push([
        index === 0 ? outcome.result?.title ?? outcome.id : '',
        row.metric,
        `${row.value}${row.unit ? ` ${row.unit}` : ''}`,
        row.target?.text ?? '',
        row.target ? (row.target.met ? 'ok' : 'MISSED') : '',
      ]);
    });
  }
  const widths = header.map((_, column) => Math.max(header[column]?.length ?? 0, ...lines.map((line) => line[column]?.length ?? 0)));
  const render = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n');
}

async function main(): Promise<number> {
  const started = performance.now();
  const outcomes: Outcome[] = [];
  // First, alone: SQLite, hashing and template parsing are CPU-bound, and the sandbox would
  // compete for the cores.
  outcomes.push(await attempt('audit-sqlite', () => runAuditBench()));
  outcomes.push(await attempt('card-templates', () => runCardTemplateBench()));

  let world: SandboxWorld | undefined;
  try {
    world = await startSandboxWorld();
    const running = world;
    outcomes.push(await attempt('token-broker', () => runTokenBrokerBench(running)));
    outcomes.push(await attempt('graph-get-user', () => runGetUserBench(running)));
    outcomes.push(await attempt('authorize-group-scope', () => runAuthorizeBench(running)));
    outcomes.push(await attempt('bot-turn-status', () => runBotTurnBench(running)));
    outcomes.push(await attempt('echo-anchor', () => runEchoAnchorBench(running)));
    // Last: they add (and then remove) thousands of users, and write to the sandbox's state file on every item.
    for (const scenario of BULK_SCENARIOS) outcomes.push(await attempt(scenario.id, () => runBulkBench(running, scenario)));
  } catch (error) {
    outcomes.push({ id: 'sandbox', error: `the sandbox did not start: ${error instanceof Error ? error.message : String(error)}`, durationMs: 0 });
  } finally {
    await world?.close();
  }

  const missed = outcomes.flatMap((outcome) => (outcome.result?.rows ?? []).filter((row) => row.target && !row.target.met).map((row) => `${outcome.id}: ${row.metric}`));
  const failed = outcomes.filter((outcome) => outcome.error !== undefined).map((outcome) => outcome.id);
  const totalMs = performance.now() - started;
  const report = {
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    totalSeconds: round(totalMs / 1000, 1),
    targetsMet: missed.length === 0 && failed.length === 0,
    missed,
    failed,
    benchmarks: outcomes.map((outcome) => ({ id: outcome.id, seconds: round(outcome.durationMs / 1000, 2), ...(outcome.result ?? {}), ...(outcome.error ? { error: outcome.error } : {}) })),
  };
  writeFileSync(RESULTS_PATH, `${JSON.stringify(report, null, 2)}\n`);

  process.stdout.write(`${formatTable(outcomes)}\n\n`);
  process.stdout.write(`${report.targetsMet ? 'All targets met' : `Targets missed: ${[...missed, ...failed.map((id) => `${id} failed`)].join('; ')}`} · ${report.totalSeconds} s · ${RESULTS_PATH}\n`);
  return report.targetsMet ? 0 : 1;
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${WATCHDOG_MS / 1000} s; giving up.\n`);
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
