/**
 * (d) A whole bot turn over HTTP: POST /api/messages with a Teams `status` message → restify →
 * CloudAdapter → tenant gate → router → command → the reply POSTed to a fake Bot Connector,
 * and the 200 back. Teams retries a turn that takes more than ~15 s and wants an invoke
 * answered within a few seconds (DESIGN §7), so the tail matters more than the median.
 * The bot is the real app (bot/composition-root.ts) in sandbox mode, pointed at the same
 * sandbox tenant, so status checks that reach Graph are included.
 */
import { GLOBAL_ADMIN } from '../sandbox/directory/seed/contoso-ids';
import { startBotHarness } from '../test/support/bot-harness';
import { latencyRows, timedLoop, withTimeout, type BenchmarkResult } from './lib/stats';
import type { SandboxWorld } from './lib/sandbox-world';

export interface BotTurnBenchOptions {
  turns: number;
  warmup: number;
  /** One turn longer than this fails the run: far below Teams' 15 s redelivery. */
  turnTimeoutMs: number;
  p95LimitMs: number;
  budgetMs: number;
}

export const BOT_TURN_DEFAULTS: BotTurnBenchOptions = { turns: 200, warmup: 5, turnTimeoutMs: 5_000, p95LimitMs: 1_000, budgetMs: 20_000 };

export async function runBotTurnBench(world: SandboxWorld, options: BotTurnBenchOptions = BOT_TURN_DEFAULTS): Promise<BenchmarkResult> {
  const harness = await startBotHarness({ env: { ...world.botEnv(), LOG_LEVEL: 'info' } });
  try {
    // The Playground's user in the sandbox tenant: a personal chat with the Global Admin.
    const asAdmin = {
      from: { id: `29:${GLOBAL_ADMIN.id}`, name: GLOBAL_ADMIN.displayName, aadObjectId: GLOBAL_ADMIN.id },
      conversation: { id: 'a:bench-personal', conversationType: 'personal', tenantId: world.tenantId },
      channelData: { tenant: { id: world.tenantId } },
    };
    const summary = await timedLoop(
      async (index) => {
        const answer = await withTimeout(harness.send(harness.message('status', asAdmin)), options.turnTimeoutMs, `status turn ${index}`);
        if (answer.status !== 200) throw new Error(`status turn ${index} answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
      },
      { count: options.turns, warmup: options.warmup, budgetMs: options.budgetMs },
    );
    // Every turn must have replied with its card, or the latency would be of a failing bot.
    const replies = harness.connector.sent('a:bench-personal');
    const cards = replies.filter((call) => JSON.stringify(call.activity?.attachments ?? []).includes('adaptive'));
    if (cards.length !== options.turns + options.warmup) {
      throw new Error(`expected ${options.turns + options.warmup} status cards, the connector got ${cards.length} (of ${replies.length} replies)`);
    }
    const errors = harness.log.lines.filter((line) => /"level":"(error|fatal)"/.test(line));
    if (errors.length > 0) throw new Error(`the bot logged ${errors.length} error(s), first: ${errors[0]}`);
    return {
      id: 'bot-turn-status',
      title: '(d) bot HTTP turn, "status" over /api/messages',
      rows: latencyRows('turn', summary, { limitMs: options.p95LimitMs }),
      details: { turns: summary.count, warmup: options.warmup },
    };
  } finally {
    await harness.close();
  }
}
