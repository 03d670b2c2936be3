/**
 * (d) A whole bot turn over HTTP: POST /api/messages with a Teams `status` message → restify →
 * CloudAdapter → tenant gate → router → command → the reply POSTed to a fake Bot Connector,
 * and the 200 back. Teams retries a turn that takes more than ~15 s and wants an invoke
 * answered within a few seconds (DESIGN §7), so the tail matters more than the median.
 * The bot is the real app (bot/composition-root.ts) in sandbox mode, pointed at the same
 * sandbox tenant, so status checks that reach Graph are included.
 *
 * Then the CPU one turn costs, with card templates parsed once (production) and parsed on
 * every render (before they were compiled), in alternating blocks so drift and JIT warm-up
 * fall on both sides alike.
 */
import { cpuUsage } from 'node:process';
import { setTemplateParsing, type TemplateParsing } from '../cards/render-template';
import { GLOBAL_ADMIN } from '../sandbox/directory/seed/contoso-ids';
import { startBotHarness } from '../test/support/bot-harness';
import { latencyRows, round, timedLoop, withTimeout, type BenchmarkResult, type MetricRow } from './lib/stats';
import type { SandboxWorld } from './lib/sandbox-world';

export interface BotTurnBenchOptions {
  turns: number;
  warmup: number;
  /** One turn longer than this fails the run: far below Teams' 15 s redelivery. */
  turnTimeoutMs: number;
  p95LimitMs: number;
  budgetMs: number;
  /** CPU comparison: this many blocks of `cpuTurnsPerBlock` turns for each template parsing. */
  cpuBlocks: number;
  cpuTurnsPerBlock: number;
}

export const BOT_TURN_DEFAULTS: BotTurnBenchOptions = {
  turns: 200,
  warmup: 5,
  turnTimeoutMs: 5_000,
  p95LimitMs: 1_000,
  budgetMs: 20_000,
  cpuBlocks: 6,
  cpuTurnsPerBlock: 25,
};

/** Process CPU (user + system, every thread, so the in-process sandbox's share too) over some turns. */
interface CpuTally {
  turns: number;
  cpuMicros: number;
  /** CPU per turn of each block, to show the spread between blocks. */
  blockMs: number[];
}

/** Runs `turns` turns with `parsing` and adds their process CPU to `tally`. */
async function tallyCpu(tally: CpuTally, parsing: TemplateParsing, turns: number, runTurns: (count: number) => Promise<unknown>): Promise<void> {
  const previous = setTemplateParsing(parsing);
  try {
    const before = cpuUsage();
    await runTurns(turns);
    const spent = cpuUsage(before);
    tally.turns += turns;
    tally.cpuMicros += spent.user + spent.system;
    tally.blockMs.push(round((spent.user + spent.system) / turns / 1000));
  } finally {
    setTemplateParsing(previous);
  }
}

/**
 * No target: the saving (one status-card parse, a few milliseconds) is about as wide as the
 * spread between blocks on a shared machine, so an "after ≤ before" gate would flap.
 */
function cpuRows(before: CpuTally, after: CpuTally): MetricRow[] {
  const beforeMs = before.cpuMicros / before.turns / 1000;
  const afterMs = after.cpuMicros / after.turns / 1000;
  return [
    { metric: 'CPU per status turn, templates parsed per render (before)', value: round(beforeMs), unit: 'ms' },
    { metric: 'CPU per status turn, compiled templates (after)', value: round(afterMs), unit: 'ms' },
    { metric: 'CPU saved per status turn (before − after)', value: round(beforeMs - afterMs), unit: 'ms' },
  ];
}

export async function runBotTurnBench(world: SandboxWorld, options: BotTurnBenchOptions = BOT_TURN_DEFAULTS): Promise<BenchmarkResult> {
  const harness = await startBotHarness({ env: { ...world.botEnv(), LOG_LEVEL: 'info' } });
  try {
    // The Playground's user in the sandbox tenant: a personal chat with the Global Admin.
    const asAdmin = {
      from: { id: `29:${GLOBAL_ADMIN.id}`, name: GLOBAL_ADMIN.displayName, aadObjectId: GLOBAL_ADMIN.id },
      conversation: { id: 'a:bench-personal', conversationType: 'personal', tenantId: world.tenantId },
      channelData: { tenant: { id: world.tenantId } },
    };
    const statusTurn = async (index: number): Promise<void> => {
      const answer = await withTimeout(harness.send(harness.message('status', asAdmin)), options.turnTimeoutMs, `status turn ${index}`);
      if (answer.status !== 200) throw new Error(`status turn ${index} answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    };
    const summary = await timedLoop(statusTurn, { count: options.turns, warmup: options.warmup, budgetMs: options.budgetMs });

    const perRender: CpuTally = { turns: 0, cpuMicros: 0, blockMs: [] };
    const compiled: CpuTally = { turns: 0, cpuMicros: 0, blockMs: [] };
    const runTurns = (count: number): Promise<unknown> => timedLoop(statusTurn, { count, budgetMs: options.budgetMs });
    // Untimed: parsing gets several times faster over its first runs, and the bot before the
    // change ran warm too. Only the compiled templates were warm after the latency loop.
    const warming: CpuTally = { turns: 0, cpuMicros: 0, blockMs: [] };
    await tallyCpu(warming, 'per-render', options.cpuTurnsPerBlock, runTurns);
    for (let block = 0; block < options.cpuBlocks; block += 1) {
      await tallyCpu(perRender, 'per-render', options.cpuTurnsPerBlock, runTurns);
      await tallyCpu(compiled, 'once', options.cpuTurnsPerBlock, runTurns);
    }

    // Every turn must have replied with its card, or the latency would be of a failing bot.
    const expectedCards = options.turns + options.warmup + warming.turns + perRender.turns + compiled.turns;
    const replies = harness.connector.sent('a:bench-personal');
    const cards = replies.filter((call) => JSON.stringify(call.activity?.attachments ?? []).includes('adaptive'));
    if (cards.length !== expectedCards) {
      throw new Error(`expected ${expectedCards} status cards, the connector got ${cards.length} (of ${replies.length} replies)`);
    }
    const errors = harness.log.lines.filter((line) => /"level":"(error|fatal)"/.test(line));
    if (errors.length > 0) throw new Error(`the bot logged ${errors.length} error(s), first: ${errors[0]}`);
    return {
      id: 'bot-turn-status',
      title: '(d) bot HTTP turn, "status" over /api/messages',
      rows: [...latencyRows('turn', summary, { limitMs: options.p95LimitMs }), ...cpuRows(perRender, compiled)],
      details: {
        turns: summary.count,
        warmup: options.warmup,
        cpuTurnsPerParsing: compiled.turns,
        cpuBlockMsBefore: perRender.blockMs.join(', '),
        cpuBlockMsAfter: compiled.blockMs.join(', '),
      },
    };
  } finally {
    await harness.close();
  }
}
