/**
 * DialogTestClient helpers for the flows in dialogs/, in the style of BotBuilder-Samples'
 * 13.core-bot tests: a dialog runs on botbuilder's TestAdapter (channel `msteams`) behind a
 * middleware that plays the bot's door (`setFlowTurn`: the actor from the activity, a
 * correlation id, a silent logger and the viewer), so a test sends what Teams would send (a
 * typed command or an `Action.Execute` click) and reads what the user gets: the step's answer
 * (`dialogTurnResult.result`) and the replies the TestAdapter recorded.
 */
import type { Activity, ConversationAccount, Middleware, TurnContext } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import { DialogTestClient } from 'botbuilder-testing';
import type { AdaptiveCardJson } from '../../cards';
import type { CardAnswer, CardStepOptions } from '../../dialogs/card-step.dialog';
import { setFlowTurn, type FlowViewer } from '../../dialogs/flow-turn';
import type { Actor } from '../../services/access/actor';
import { createLogger } from '../../services/logger';
import { libraryErrors, schemaErrors } from './adaptive-card-validation';

export const TEST_TENANT_ID = 'tenant-contoso';

/** A tenant admin (Global Administrator) of the test tenant. */
export const ADA: Actor = Object.freeze({ tenantId: TEST_TENANT_ID, userId: 'u-ada', upn: 'ada@contoso.test', displayName: 'Ada Admin' });
/** A second tenant admin. */
export const BEN: Actor = Object.freeze({ tenantId: TEST_TENANT_ID, userId: 'u-ben', upn: 'ben@contoso.test', displayName: 'Ben Admin' });
/** An operator: may turn the session on and off, no tenant-admin buttons. */
export const OLGA: Actor = Object.freeze({ tenantId: TEST_TENANT_ID, userId: 'u-olga', upn: 'olga@contoso.test', displayName: 'Olga Operator' });
/** A user with no role at all. */
export const NORA: Actor = Object.freeze({ tenantId: TEST_TENANT_ID, userId: 'u-nora', upn: 'nora@contoso.test', displayName: 'Nora Normal' });

export const ADMIN_VIEWER: FlowViewer = Object.freeze({ isTenantAdmin: true, mayOperate: true });
export const OPERATOR_VIEWER: FlowViewer = Object.freeze({ isTenantAdmin: false, mayOperate: true });
export const PLAIN_VIEWER: FlowViewer = Object.freeze({ isTenantAdmin: false, mayOperate: false });

/** The correlation id the test door gives a turn: derived from the activity id, so a test can look for it on a card. */
export function correlationIdOf(activity: Pick<Activity, 'id'>): string {
  return `corr-${activity.id ?? 'none'}`;
}

/**
 * Plays the bot's door (bot/management-bot.ts): sets the turn's FlowTurn before any dialog runs.
 * The actor is the test's, never the activity's card data, as in production.
 */
export function flowTurnMiddleware(actor: Actor, viewer: FlowViewer = ADMIN_VIEWER): Middleware {
  const logger = createLogger({ level: 'silent' });
  return {
    async onTurn(turn: TurnContext, next: () => Promise<void>): Promise<void> {
      setFlowTurn(turn, { actor, correlationId: correlationIdOf(turn.activity), logger, viewer: async () => viewer });
      await next();
    },
  };
}

export interface FlowTurnSetup {
  /** Default ADA (a tenant admin). */
  actor?: Actor;
  /** Default ADMIN_VIEWER. */
  viewer?: FlowViewer;
}

/** A DialogTestClient on the Teams channel with the test door in front of the dialog. */
export function dialogTestClient(dialog: Dialog, initialOptions?: object, setup: FlowTurnSetup = {}): DialogTestClient {
  return new DialogTestClient('msteams', dialog, initialOptions, [flowTurnMiddleware(setup.actor ?? ADA, setup.viewer)]);
}

/**
 * A client for a card-step dialog: every turn begins the dialog with these options (the step and
 * the data the door would pass: a command's arguments, or the clicked card's data) and the
 * dialog ends in the same turn with its answer.
 */
export function cardStepClient(dialog: Dialog, options: CardStepOptions = {}, setup: FlowTurnSetup = {}): DialogTestClient {
  return dialogTestClient(dialog, options, setup);
}

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface ActivityOptions {
  /** The activity id; TestAdapter numbers activities when omitted. */
  id?: string;
  conversationId?: string;
  /** Default `personal`. */
  conversationType?: ConversationType;
  /** The message a clicked card lives on (Teams sets it on `adaptiveCard/action` invokes). */
  replyToId?: string;
  /** The sender; default ADA. */
  from?: Actor;
}

function conversationOf(options: ActivityOptions): ConversationAccount {
  const conversationType = options.conversationType ?? 'personal';
  return {
    id: options.conversationId ?? `conversation-${conversationType}`,
    name: '',
    conversationType,
    isGroup: conversationType !== 'personal',
    tenantId: TEST_TENANT_ID,
  };
}

function envelope(options: ActivityOptions): Partial<Activity> {
  const from = options.from ?? ADA;
  return {
    ...(options.id ? { id: options.id } : {}),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    channelId: 'msteams',
    from: { id: `29:${from.userId}`, name: from.displayName ?? from.userId, aadObjectId: from.userId },
    conversation: conversationOf(options),
    channelData: { tenant: { id: TEST_TENANT_ID } },
  };
}

/** A typed message, as Teams delivers it. */
export function messageActivity(text: string, options: ActivityOptions = {}): Partial<Activity> {
  return { ...envelope(options), type: 'message', text };
}

/** An `Action.Execute` click: `invoke` / `adaptiveCard/action` with the card's verb and data (merged with its inputs). */
export function invokeActivity(verb: string, data: Record<string, unknown>, options: ActivityOptions = {}): Partial<Activity> {
  return { ...envelope(options), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } };
}

/** The step's answer: the dialog's result of the last turn. */
export function answerOf(client: DialogTestClient): CardAnswer | undefined {
  return client.dialogTurnResult?.result as CardAnswer | undefined;
}

/**
 * The answer's card. Fails the test when the answer is not a card, or when the card is not a
 * valid Adaptive Card 1.5 (schema and library checks): every card a dialog answers with is checked.
 */
export function cardOf(answer: CardAnswer | undefined): AdaptiveCardJson {
  if (!answer || !('card' in answer)) throw new Error(`Expected a card answer, got ${JSON.stringify(answer)}`);
  expectValidCard(answer.card);
  return answer.card;
}

export interface TurnOutcome {
  answer: CardAnswer | undefined;
  /** Everything the bot sent during the turn (replies, prompts, posted cards), in order. */
  replies: Array<Partial<Activity>>;
}

/** Sends one activity and collects the answer and every reply of the turn. */
export async function sendTurn(client: DialogTestClient, activity: Partial<Activity> | string): Promise<TurnOutcome> {
  const replies: Array<Partial<Activity>> = [];
  let reply = (await client.sendActivity(activity)) as Partial<Activity> | undefined;
  while (reply) {
    replies.push(reply);
    reply = client.getNextReply();
  }
  return { answer: answerOf(client), replies };
}

export interface ClickOptions extends ActivityOptions, FlowTurnSetup {
  /** The step the verb names (`flowVerb(…, step)`); by default the card data's `step` decides. */
  step?: string;
}

export interface ClickOutcome extends TurnOutcome {
  client: DialogTestClient;
  /** The invoke as the dialog saw it (TestAdapter hands the dialog this very object). */
  activity: Partial<Activity>;
}

/**
 * A click on a card, routed as the door does (bot/flow-rows.ts `flowVerb`): the step's data is
 * the invoke's own `action.data` object, so what a step removes from the activity is gone from both.
 */
export async function clickCard(dialog: Dialog, verb: string, data: Record<string, unknown>, options: ClickOptions = {}): Promise<ClickOutcome> {
  const activity = invokeActivity(verb, data, options);
  const client = cardStepClient(dialog, { ...(options.step ? { step: options.step } : {}), data }, options);
  return { client, activity, ...(await sendTurn(client, activity)) };
}

/** A typed command, routed as the door does (`flowCommand`): the flow starts at its first step with the command's arguments. */
export async function typeCommand(dialog: Dialog, text: string, args: Record<string, unknown> = {}, options: ClickOptions = {}): Promise<ClickOutcome> {
  const activity = messageActivity(text, options);
  const client = cardStepClient(dialog, { ...(options.step ? { step: options.step } : {}), data: args }, options);
  return { client, activity, ...(await sendTurn(client, activity)) };
}

/** The Adaptive Cards attached to the replies, in order. */
export function cardsIn(replies: ReadonlyArray<Partial<Activity>>): AdaptiveCardJson[] {
  return replies.flatMap((reply) =>
    (reply.attachments ?? []).filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as AdaptiveCardJson),
  );
}

/** The text of the replies that have text (prompts, messages), in order. */
export function textsIn(replies: ReadonlyArray<Partial<Activity>>): string[] {
  return replies.flatMap((reply) => (typeof reply.text === 'string' && reply.text !== '' ? [reply.text] : []));
}

/** Everything a card shows or carries, as one string: for "the card says …" checks. */
export function cardText(card: AdaptiveCardJson): string {
  return JSON.stringify(card);
}

export interface CardButtonSeen {
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Every action button on the card (Action.Execute and the rest), in document order. */
export function buttonsOf(card: unknown): CardButtonSeen[] {
  const found: CardButtonSeen[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record['type'] === 'string' && record['type'].startsWith('Action.') && typeof record['title'] === 'string') {
      found.push({
        title: record['title'],
        ...(typeof record['verb'] === 'string' ? { verb: record['verb'] } : {}),
        ...(record['data'] && typeof record['data'] === 'object' ? { data: record['data'] as Record<string, unknown> } : {}),
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

/** The ids of the card's inputs (a form that asks for a password has one called `password`). */
export function inputIdsOf(card: unknown): string[] {
  const ids: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record['type'] === 'string' && record['type'].startsWith('Input.') && typeof record['id'] === 'string') ids.push(record['id']);
    Object.values(record).forEach(visit);
  };
  visit(card);
  return ids;
}

/** The card passes the Adaptive Card 1.5 schema and the adaptivecards library's own checks. */
export function expectValidCard(card: AdaptiveCardJson): void {
  expect(schemaErrors(card)).toEqual([]);
  expect(libraryErrors(card)).toEqual([]);
}

/** A promise a test settles by hand: a service call that is still running while the turn answers. */
export interface Gate<T> {
  promise: Promise<T>;
  open(value: T): void;
}

export function gate<T>(): Gate<T> {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
