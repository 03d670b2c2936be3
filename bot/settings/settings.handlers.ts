/**
 * `settings` (command and card verbs) for tenant admins: show the card, and save auto-enable,
 * the rotation schedule and time zone, and the approval policy. The SettingsService and the
 * ApprovalService re-check the caller and validate; this file turns their answers into cards.
 * Anyone else is refused with the access card, which names who can help.
 */
import { Verbs, type AdaptiveCardJson, type SettingsCardView } from '../../cards';
import type { PrivilegedTargetService } from '../../services/access/privileged-target.service';
import type { SettingsCards } from '../../dialogs/settings/settings-card';
import type { ApprovalsCards } from '../../dialogs/approvals/approvals-cards';
import { ANY_VIEWER, expectedErrorCard } from '../../dialogs/shared/card-for-error';
import type { Actor } from '../../services/access/actor';
import type { ApprovalService } from '../../services/approvals/approval.service';
import type { SettingsPatch, SettingsService } from '../../services/settings/settings.service';
import { SettingsError } from '../../services/settings/settings.errors';
import type { VerbContext, VerbDefinition, VerbResult } from '../invoke-router';
import { parseApprovalPolicy, parseAutoEnable, parseSchedule, type ParsedInput } from './settings-input';

/** What the settings command and buttons call; the rules are the services'. */
export interface SettingsFeature {
  settings: Pick<SettingsService, 'update'>;
  approvals: Pick<ApprovalService, 'setPolicy'>;
  settingsCards: Pick<SettingsCards, 'forActor'>;
  /** While requests wait, a policy change is confirmed on the list of them, with Cancel for the requester. */
  approvalLists?: Pick<ApprovalsCards, 'afterPolicyChange'>;
  /** The break-glass list (services/access/privileged-target.service.ts). */
  breakGlass?: Pick<PrivilegedTargetService, 'setBreakGlassAccounts'>;
}

/**
 * The confirmation of a saved approval policy: the settings card, or, while requests wait, the
 * list of them (the policy applies to new requests; the requester may cancel and ask again).
 */
export async function approvalPolicyConfirmation(feature: SettingsFeature, actor: Actor, policy: 'four-eyes' | 'self-approve', correlationId: string): Promise<AdaptiveCardJson> {
  const saved = approvalPolicySaved(policy);
  const waiting = await feature.approvalLists?.afterPolicyChange(actor, saved, correlationId);
  return waiting ?? feature.settingsCards.forActor(actor, { message: { text: saved, tone: 'good' } });
}

/** Expected refusals become cards; anything else goes to the turn error handler. */
async function answer(context: VerbContext, work: () => Promise<AdaptiveCardJson>): Promise<VerbResult> {
  try {
    return { card: await work() };
  } catch (error) {
    const card = expectedErrorCard(error, ANY_VIEWER, context.correlationId, { title: 'Nothing was changed' });
    if (card) return { card };
    throw error;
  }
}

async function saveSettings(feature: SettingsFeature, context: VerbContext, parsed: ParsedInput<SettingsPatch>, saved: string, edits: Partial<SettingsCardView> = {}): Promise<VerbResult> {
  const { actor } = context;
  const cards = feature.settingsCards;
  return answer(context, async () => {
    if (!parsed.ok) return cards.forActor(actor, { message: { text: parsed.message, tone: 'attention' }, edits });
    try {
      await feature.settings.update(actor, parsed.value, { correlationId: context.correlationId });
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      // What the admin typed stays in the inputs, so they can correct it rather than retype it.
      return cards.forActor(actor, { message: { text: error.userMessage, tone: 'attention' }, correlationId: context.correlationId, edits });
    }
    return cards.forActor(actor, { message: { text: saved, tone: 'good' } });
  });
}

export function createSettingsVerbs(feature: SettingsFeature): VerbDefinition[] {
  return [
    {
      verb: Verbs.settingsOpen,
      handle: async (context) => answer(context, () => feature.settingsCards.forActor(context.actor)),
    },
    {
      verb: Verbs.settingsAutoEnableSet,
      handle: async (context) => {
        const parsed = parseAutoEnable(context.data);
        const patch: ParsedInput<SettingsPatch> = parsed.ok ? { ok: true, value: { autoEnable: parsed.value } } : parsed;
        const saved = parsed.ok && parsed.value ? "Auto-enable is on: an operator's management action turns the session on by itself." : 'Auto-enable is off: operators are asked to turn the session on first.';
        return saveSettings(feature, context, patch, saved);
      },
    },
    {
      verb: Verbs.settingsRotationScheduleSet,
      handle: async (context) => {
        const parsed = parseSchedule(context.data);
        const edits = typedSchedule(context.data);
        return saveSettings(feature, context, parsed, 'The rotation schedule was saved.', edits);
      },
    },
    {
      verb: Verbs.settingsApprovalPolicySet,
      handle: async (context) => {
        const { actor } = context;
        return answer(context, async () => {
          const parsed = parseApprovalPolicy(context.data['approvalPolicy']);
          if (!parsed.ok) return feature.settingsCards.forActor(actor, { message: { text: parsed.message, tone: 'attention' } });
          await feature.approvals.setPolicy(actor, parsed.value, { correlationId: context.correlationId });
          return approvalPolicyConfirmation(feature, actor, parsed.value, context.correlationId);
        });
      },
    },
  ];
}

export function approvalPolicySaved(policy: 'four-eyes' | 'self-approve'): string {
  return policy === 'self-approve'
    ? 'Approval policy: self-approve. While you are the only tenant admin you may approve your own requests; every such decision is flagged in the audit. Once there is another tenant admin, they decide your requests again.'
    : 'Approval policy: four-eyes. Another tenant admin must approve each request.';
}

/** The schedule inputs as typed (bounded), to show them again next to a validation error. */
function typedSchedule(data: Readonly<Record<string, unknown>>): Partial<SettingsCardView> {
  const edits: Partial<SettingsCardView> = {};
  if (typeof data['rotationCron'] === 'string') edits.rotationCron = data['rotationCron'].slice(0, 100);
  if (typeof data['rotationTimeZone'] === 'string') edits.rotationTimeZone = data['rotationTimeZone'].slice(0, 64);
  return edits;
}
