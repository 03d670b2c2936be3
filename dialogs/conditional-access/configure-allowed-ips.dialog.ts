/**
 * `configure allowed IPs` (issue 15), for tenant admins, reading top to bottom:
 *  form   — the bot's egress IPs or ranges (prefilled with the addresses it signs in from);
 *  check  — the ranges checked (refusals come back on the form, nothing changed) and the
 *           confirmation: the named location, the report-only policy, and one toggle per policy
 *           that stops the management account now, each naming the policy;
 *  apply  — AllowedIpsService makes the changes, asks a second tenant admin to switch the policy
 *           on, and the card shows the policies checked again.
 * Each click is one step and is authorized again by the service; the card's data only carries
 * what the admin typed and chose.
 */
import type { TurnContext } from 'botbuilder';
import { Verbs } from '../../cards';
import type { AllowedIpsService } from '../../services/conditional-access/allowed-ips.service';
import { ConditionalAccessError } from '../../services/conditional-access/conditional-access-errors';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf } from '../flow-turn';
import { allowedIpsAppliedCard, allowedIpsConfirmCard, allowedIpsFormCard, permissionMissingCard } from './conditional-access-views';

export const CONFIGURE_ALLOWED_IPS_DIALOG = 'configureAllowedIps';

/** The steps a card's data may name. */
export const ALLOWED_IPS_STEPS = ['form', 'check', 'apply'] as const;

const POLICY_ID = /^[0-9a-z-]{1,64}$/i;

type Data = Readonly<Record<string, unknown>>;

export class ConfigureAllowedIpsDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ form: this.formStep, check: this.checkStep, apply: this.applyStep });

  constructor(
    private readonly deps: {
      allowedIps: Pick<AllowedIpsService, 'plan' | 'apply'>;
      egressIps: readonly string[];
      /** Sends a new request's cards to the tenant admins who may approve it. */
      approvalCards: { publish(request: ApprovalRequest): Promise<{ sent: number; reached: string[] }> };
    },
  ) {
    super(CONFIGURE_ALLOWED_IPS_DIALOG);
  }

  /** The form; authorized (and the current configuration read) before anything is shown. */
  private async formStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    return this.guarded(turn, data, 'form', async () => {
      const plan = await this.deps.allowedIps.plan(actor, '', { correlationId });
      return { card: allowedIpsFormCard({ ranges: rangesOf(data), egressIps: this.deps.egressIps, ...(plan.existing ? { existing: plan.existing } : {}) }) };
    });
  }

  private async checkStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const ranges = rangesOf(data);
    return this.guarded(turn, data, 'check', async () => {
      const plan = await this.deps.allowedIps.plan(actor, ranges, { correlationId });
      if (plan.problems.length > 0) {
        const problems = plan.problems.map((problem) => (problem.input ? `"${problem.input}" ${problem.reason}` : problem.reason));
        return { card: allowedIpsFormCard({ ranges, egressIps: this.deps.egressIps, problems }) };
      }
      return { card: allowedIpsConfirmCard(plan, ranges) };
    });
  }

  private async applyStep(turn: TurnContext, data: Data): Promise<CardAnswer> {
    const { actor, correlationId } = flowTurnOf(turn);
    const ranges = rangesOf(data);
    const excludePolicyIds = Object.entries(data)
      .filter(([key, value]) => key.startsWith('exclude_') && typeof value === 'string' && value === key.slice('exclude_'.length) && POLICY_ID.test(value))
      .map(([, value]) => value as string);
    return this.guarded(turn, data, 'apply', async () => {
      try {
        const applied = await this.deps.allowedIps.apply(actor, { rangesText: ranges, excludePolicyIds }, { correlationId });
        const asked = applied.newApproval ? await this.deps.approvalCards.publish(applied.newApproval) : undefined;
        return { card: allowedIpsAppliedCard(applied, asked?.reached) };
      } catch (error) {
        if (error instanceof ConditionalAccessError && error.code === 'CONDITIONAL_ACCESS.INVALID_RANGES') return this.checkStep(turn, data);
        throw error;
      }
    });
  }

  /** A missing Graph permission becomes a card naming it, with Retry on the same step and values. */
  private async guarded(turn: TurnContext, data: Data, step: string, work: () => Promise<CardAnswer>): Promise<CardAnswer> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ConditionalAccessError && error.code === 'CONDITIONAL_ACCESS.PERMISSION_MISSING') {
        const retryData: Record<string, string> = { step };
        for (const [key, value] of Object.entries(data)) if (typeof value === 'string' && (key === 'ranges' || key.startsWith('exclude_'))) retryData[key] = value.slice(0, 1000);
        return { card: permissionMissingCard(error, { title: 'Retry', verb: Verbs.configureAllowedIps, data: retryData }, flowTurnOf(turn).correlationId) };
      }
      throw error;
    }
  }
}

function rangesOf(data: Data): string {
  return typeof data['ranges'] === 'string' ? data['ranges'].slice(0, 1000) : '';
}
