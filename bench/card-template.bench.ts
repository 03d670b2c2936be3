/**
 * (e) Card rendering with each Adaptive Card template parsed once at module load (production)
 * against parsing it again on every render (how cards/render-template.ts worked before). A
 * status card and a session-problem card (the two that issue 10 measured), rendered by the
 * real `cards/` renderers both ways in one run.
 */
import { cpuUsage } from 'node:process';
import { renderSessionProblemCard, renderSessionStatusCard, Verbs, type AdaptiveCardJson } from '../cards';
import { setTemplateParsing, type TemplateParsing } from '../cards/render-template';
import { performance, round, type BenchmarkResult, type MetricRow } from './lib/stats';

export interface CardTemplateBenchOptions {
  /** Renders per card while parsing every time: milliseconds each, so fewer. */
  perRenderCount: number;
  /** Renders per card from the compiled template: tens of microseconds each. */
  compiledCount: number;
  /**
   * Untimed renders first. Parsing gets several times faster over its first hundred or so
   * runs (JIT, and the ANTLR parser's shared prediction cache), and a running bot is warm.
   */
  warmup: number;
  budgetMs: number;
}

export const CARD_TEMPLATE_DEFAULTS: CardTemplateBenchOptions = { perRenderCount: 200, compiledCount: 2_000, warmup: 100, budgetMs: 15_000 };

const TENANT_ID = '7c1f6d0a-3b5e-4c2d-9a8f-1e2d3c4b5a69';

/** What `status` shows for a session that is on: every fact and both buttons. */
function statusCard(): AdaptiveCardJson {
  return renderSessionStatusCard({
    state: 'ON',
    tenantId: TENANT_ID,
    modeLabel: 'Advanced',
    enabledBy: 'Adele Vance (adele@contoso.onmicrosoft.com)',
    enabledAt: '2025-01-06 09:30 UTC',
    principal: 'mgmt-bot.admin@contoso.onmicrosoft.com',
    expiresAt: '2025-01-06 17:30 UTC',
    autoEnable: 'On',
    offer: { turnOff: true, details: true },
  });
}

/** A conditional-access sign-in failure: policies, facts, buttons and a correlation id. */
function problemCard(): AdaptiveCardJson {
  return renderSessionProblemCard({
    title: 'Sign-in blocked by conditional access',
    message: 'The service account could not sign in because a conditional access policy blocked it.',
    nextStep: 'Exclude the service account from the policies below, then try again.',
    policies: ['Require MFA for admins', 'Block legacy authentication'],
    facts: [
      { label: 'Account', value: 'mgmt-bot.admin@contoso.onmicrosoft.com' },
      { label: 'Mode', value: 'Advanced' },
    ],
    buttons: [
      { title: 'Try again', verb: Verbs.sessionTurnOn, style: 'positive' },
      { title: 'Details', verb: Verbs.sessionDetails, data: { tenantId: TENANT_ID } },
    ],
    correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  });
}

/** CPU and wall time per render, averaged over the loop. */
interface RenderCost {
  cpuMs: number;
  wallMs: number;
}

/**
 * Renders `count` times with `parsing` and returns the mean CPU time per render: rendering is
 * synchronous, so its process CPU is its cost, unlike wall time on a shared, loaded machine.
 * @throws Error when the budget runs out first.
 */
function measureRenders(render: () => AdaptiveCardJson, parsing: TemplateParsing, count: number, options: CardTemplateBenchOptions): RenderCost {
  const previous = setTemplateParsing(parsing);
  try {
    for (let i = 0; i < options.warmup; i += 1) render();
    const cpuBefore = cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i += 1) {
      render();
      if (performance.now() - started > options.budgetMs) throw new Error(`stopped after ${i + 1} of ${count} renders: the ${options.budgetMs} ms budget ran out`);
    }
    const wallMs = performance.now() - started;
    const cpu = cpuUsage(cpuBefore);
    return { cpuMs: (cpu.user + cpu.system) / 1000 / count, wallMs: wallMs / count };
  } finally {
    setTemplateParsing(previous);
  }
}

function beforeAfterRows(card: string, before: RenderCost, after: RenderCost): MetricRow[] {
  const beforeMs = round(before.cpuMs, 3);
  const afterMs = round(after.cpuMs, 3);
  return [
    { metric: `${card} render CPU, templates parsed per render (before)`, value: beforeMs, unit: 'ms' },
    { metric: `${card} render CPU, compiled templates (after)`, value: afterMs, unit: 'ms', target: { text: `≤ before (${beforeMs} ms)`, met: after.cpuMs <= before.cpuMs } },
  ];
}

export async function runCardTemplateBench(options: CardTemplateBenchOptions = CARD_TEMPLATE_DEFAULTS): Promise<BenchmarkResult> {
  const statusBefore = measureRenders(statusCard, 'per-render', options.perRenderCount, options);
  const statusAfter = measureRenders(statusCard, 'once', options.compiledCount, options);
  const problemBefore = measureRenders(problemCard, 'per-render', options.perRenderCount, options);
  const problemAfter = measureRenders(problemCard, 'once', options.compiledCount, options);
  return {
    id: 'card-templates',
    title: '(e) card render, parse per render vs compiled',
    rows: [...beforeAfterRows('status card', statusBefore, statusAfter), ...beforeAfterRows('session-problem card', problemBefore, problemAfter)],
    details: {
      perRenderCount: options.perRenderCount,
      compiledCount: options.compiledCount,
      warmup: options.warmup,
      statusCardWallMsBefore: round(statusBefore.wallMs, 3),
      statusCardWallMsAfter: round(statusAfter.wallMs, 3),
      problemCardWallMsBefore: round(problemBefore.wallMs, 3),
      problemCardWallMsAfter: round(problemAfter.wallMs, 3),
    },
  };
}
