/**
 * Turn on management: `turn on management` (also "enable management", "management on") and the
 * green Turn on management session button.
 *
 * Advanced mode: the service signs the service account in from Key Vault and the answer is the
 * "Management ON" card. Default mode: the service asks for credentials
 * (SESSION.CREDENTIALS_REQUIRED) and the answer is the sign-in form; its submit is the `signIn`
 * step. The password in that submit is read once, removed from the activity before anything
 * else can see it (dialog state, logs, error handlers), handed to the service for one sign-in and
 * dropped. The invoke's answer replaces the form with a card that holds no input. A slow
 * sign-in is answered with a progress card and the clicked card updated when it finishes.
 */
import type { TurnContext } from 'botbuilder';
import { renderCredentialsRequestCard, renderWorkInProgressCard, type AdaptiveCardJson } from '../../cards';
import type { DefaultModeCredentials } from '../../services/sessions/session-activator';
import { SessionError } from '../../services/sessions/session-errors';
import type { ManagementSessionService, TurnOnResult } from '../../services/sessions/management-session.service';
import { CardStepDialog, type CardAnswer } from '../card-step.dialog';
import { flowTurnOf, type FlowTurn } from '../flow-turn';
import { expectedErrorCard } from '../shared/card-for-error';
import { answerWithinBudget, type InvokeBudgetDependencies } from '../shared/invoke-budget';
import type { SessionStatusCards } from './session-status-card';
import type { PolicyCheckService } from '../../services/conditional-access/policy-check.service';
import { policyCheckCard } from '../conditional-access/conditional-access-views';

export const TURN_ON_MANAGEMENT_DIALOG = 'turnOnManagementDialog';

const MAX_INPUT_LENGTH = 256;

export interface TurnOnManagementDependencies {
  sessions: Pick<ManagementSessionService, 'turnOn'>;
  statusCards: SessionStatusCards;
  budget: InvokeBudgetDependencies;
  /** The conditional-access check before a tenant admin's first turn-on in a mode (issue 15). */
  policyCheck?: Pick<PolicyCheckService, 'beforeFirstTurnOn'>;
}

export class TurnOnManagementDialog extends CardStepDialog {
  protected readonly steps = this.stepsOf({ turnOn: this.turnOnStep, signIn: this.signInStep });

  constructor(private readonly deps: TurnOnManagementDependencies) {
    super(TURN_ON_MANAGEMENT_DIALOG);
  }

  /**
   * Advanced mode turns on here; Default mode answers with the sign-in form. A tenant admin's
   * first turn-on in a mode checks the conditional-access policies first: one that would stop
   * the sign-in is shown, with the fix, instead of a sign-in that fails (Turn on anyway tries).
   */
  private async turnOnStep(turn: TurnContext, data: Readonly<Record<string, unknown>>): Promise<CardAnswer> {
    // A password sent without the sign-in step is never used, and never left on the activity either.
    takeCredentials(turn);
    const flow = flowTurnOf(turn);
    if (this.deps.policyCheck && data['skipPolicyCheck'] !== 'true' && (await flow.viewer()).isTenantAdmin) {
      const stopped = await this.deps.policyCheck.beforeFirstTurnOn(flow.actor, { correlationId: flow.correlationId });
      if (stopped) return { card: policyCheckCard(stopped, { beforeTurnOn: true }) };
    }
    return { card: await this.turnOnCard(flow, undefined) };
  }

  /** The sign-in form was submitted: one sign-in with the Global Admin's password, then it is gone. */
  private async signInStep(turn: TurnContext): Promise<CardAnswer> {
    // First thing: take the password out of the activity, before any other code runs on it.
    const credentials = takeCredentials(turn);
    const flow = flowTurnOf(turn);
    const { actor, correlationId, logger } = flow;
    if (!credentials) return { card: renderCredentialsRequestCard({ username: actor.upn, problem: 'Enter both the user name and the password.' }) };
    const progress = renderWorkInProgressCard({ title: 'Signing in…', message: `Signing in as ${credentials.username} to turn the management session on.` });
    const card = await answerWithinBudget(turn, this.turnOnCard(flow, credentials), progress, { correlationId, logger, summary: 'Management session' }, this.deps.budget);
    return { card };
  }

  /**
   * The ON card, the sign-in form, or what went wrong: also when it finishes after the invoke was
   * answered, so the card updated later explains the failure too. Never holds the password longer than the call.
   */
  private async turnOnCard(flow: FlowTurn, credentials: DefaultModeCredentials | undefined): Promise<AdaptiveCardJson> {
    const { actor, correlationId } = flow;
    let result: TurnOnResult;
    try {
      result = await this.deps.sessions.turnOn(actor, { ...(credentials ? { credentials } : {}), correlationId });
    } catch (error) {
      if (error instanceof SessionError && error.code === 'SESSION.CREDENTIALS_REQUIRED') return renderCredentialsRequestCard({ username: actor.upn });
      const card = expectedErrorCard(error, await flow.viewer(), correlationId);
      if (card) return card;
      throw error;
    }
    return this.deps.statusCards.forTurn(flow, turnOnNote(result));
  }
}

/**
 * Reads the sign-in form's inputs and deletes the password from the activity, so nothing that
 * looks at the activity later (the turn error handler, a transcript, state) can find it.
 */
function takeCredentials(turn: TurnContext): DefaultModeCredentials | undefined {
  const data = (turn.activity.value as { action?: { data?: Record<string, unknown> } } | undefined)?.action?.data;
  if (!data) return undefined;
  const username = typeof data['username'] === 'string' ? data['username'].trim() : '';
  const password = typeof data['password'] === 'string' ? data['password'] : '';
  delete data['password'];
  if (!username || !password || username.length > MAX_INPUT_LENGTH || password.length > MAX_INPUT_LENGTH) return undefined;
  return { username, password };
}

function turnOnNote(result: TurnOnResult): string | undefined {
  if (result.outcome === 'already-on') return 'The management session was already on.';
  if (result.outcome === 'joined') return 'Someone else was turning it on at the same moment; it is on now.';
  if (result.limitedByTokenLifetime) return 'Default mode: the session ends when the admin sign-in expires (about an hour), because no password is kept.';
  return undefined;
}
