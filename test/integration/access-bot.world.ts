/**
 * A tenant for the access-control bot tests, driven over HTTP through the real app: one person
 * per role, two targets, an in-memory Entra directory, and helpers that talk as a given person
 * in a personal chat, a group chat or a channel.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ManagementActionId } from '../../services/access/actions';
import type { Actor } from '../../services/access/actor';
import { SqlitePendingActionRepository } from '../../services/adapters/sqlite/pending-action.sqlite';
import { GLOBAL_ADMINISTRATOR_ROLE_ID, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID } from '../../services/access/directory-roles';
import type { AuditRecord } from '../../services/ports/audit-log.port';
import { ManualClock } from '../../services/ports/clock.port';
import { HARNESS_TENANT_ID, startBotHarness, type BotHarness } from '../support/bot-harness';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';

export const TENANT = HARNESS_TENANT_ID;
export const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
export const CARD = 'application/vnd.microsoft.card.adaptive';

export interface Person {
  key: string;
  id: string;
  upn: string;
  displayName: string;
  department?: string;
}

const person = (key: string, n: number, displayName: string, department?: string): Person => ({
  key,
  id: `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`,
  upn: `${key}@contoso.test`,
  displayName,
  ...(department ? { department } : {}),
});

export const people = {
  ada: person('ada', 1, 'Ada Admin'),
  adam: person('adam', 2, 'Adam Admin'),
  ava: person('ava', 3, 'Ava Approver'),
  olga: person('olga', 4, 'Olga Operator'),
  otto: person('otto', 5, 'Otto Operator'),
  aud: person('aud', 6, 'Aud Auditor'),
  uma: person('uma', 7, 'Uma Unknown'),
  alex: person('alex', 8, 'Alex Wilber', 'Sales'),
  sally: person('sally', 9, 'Sally Sales', 'Sales'),
  mark: person('mark', 10, 'Mark Marketing', 'Marketing'),
} as const;

/** An admin of the other tenant, for cross-tenant replays. */
export const outsider: Person = person('eve', 11, 'Eve Elsewhere');

export function actorOf(who: Person, tenantId: string = TENANT): Actor {
  return { tenantId, userId: who.id, upn: who.upn, displayName: who.displayName };
}

export function seedDirectory(directory: InMemoryDirectory): void {
  for (const who of Object.values(people)) {
    directory.addUser(TENANT, { id: who.id, userPrincipalName: who.upn, displayName: who.displayName, ...(who.department ? { department: who.department } : {}) });
  }
  directory.assignRole(TENANT, people.ada.id, GLOBAL_ADMINISTRATOR_ROLE_ID);
  directory.assignRole(TENANT, people.adam.id, GLOBAL_ADMINISTRATOR_ROLE_ID);
  directory.assignRole(TENANT, people.ava.id, PRIVILEGED_ROLE_ADMINISTRATOR_ROLE_ID);
  directory.addUser(OTHER_TENANT, { id: outsider.id, userPrincipalName: outsider.upn, displayName: outsider.displayName });
  directory.assignRole(OTHER_TENANT, outsider.id, GLOBAL_ADMINISTRATOR_ROLE_ID);
}

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface Reply {
  text?: string;
  cards: Array<Record<string, unknown>>;
  attachments: Array<{ contentType: string; contentUrl?: string; name?: string; content?: Record<string, unknown> }>;
}

export interface World {
  harness: BotHarness;
  directory: InMemoryDirectory;
  clock: ManualClock;
  /** Personal chat id of a person (stable, so proactive messages have somewhere to go). */
  personalChat(who: Person): string;
  /** Sends a message and returns the bot's replies in that conversation. */
  say(who: Person, text: string, options?: { conversationId?: string; kind?: ConversationKind; tenantId?: string; activityId?: string }): Promise<Reply[]>;
  /** Sends an Action.Execute invoke and returns the card it answered with. */
  click(who: Person, verb: string, data: Record<string, unknown>, options?: { conversationId?: string; tenantId?: string; activityId?: string }): Promise<Record<string, unknown>>;
  /** Sends an Action.Execute invoke and returns the raw invoke response (card or message). */
  invoke(who: Person, verb: string, data: Record<string, unknown>, options?: { conversationId?: string; tenantId?: string; activityId?: string }): Promise<{ type?: string; value?: unknown }>;
  /** Audit records of the tenant, oldest first. */
  auditRecords(tenantId?: string): Promise<AuditRecord[]>;
  /**
   * Stores a pending management action for `who` on `target`, as `block sign-in for …` does
   * once its checks passed and the session is on, and returns the id its confirmation card
   * carries. Lets a confirm button reach the target re-check without a running session.
   */
  preparedAction(who: Person, actionId: ManagementActionId, target: Person): string;
  close(): Promise<void>;
}

export interface StartWorldOptions {
  databasePath?: string;
  clock?: ManualClock;
  directory?: InMemoryDirectory;
}

export async function startWorld(options: StartWorldOptions = {}): Promise<World> {
  const directory = options.directory ?? new InMemoryDirectory();
  if (!options.directory) seedDirectory(directory);
  const clock = options.clock ?? new ManualClock(new Date());
  const harness = await startBotHarness({
    env: options.databasePath ? { DATABASE_PATH: options.databasePath } : {},
    // The hourly timer stays out of the way; tests run the approvals' upkeep themselves.
    overrides: { directory, now: () => clock.now(), approvalTimerIntervalInMs: 3_600_000 },
  });

  const pendingActions = new SqlitePendingActionRepository(harness.app.db);

  const activityFields = (who: Person, conversationId: string, kind: ConversationKind, tenantId: string, activityId?: string): Record<string, unknown> => ({
    ...(activityId ? { id: activityId } : {}),
    from: { id: `29:${who.key}`, name: who.displayName, aadObjectId: who.id },
    conversation: { id: conversationId, conversationType: kind, tenantId },
    channelData: { tenant: { id: tenantId } },
  });

  const world: World = {
    harness,
    directory,
    clock,
    personalChat: (who) => `a:personal-${who.key}`,
    say: async (who, text, sayOptions = {}) => {
      const kind = sayOptions.kind ?? 'personal';
      const conversationId = sayOptions.conversationId ?? (kind === 'personal' ? world.personalChat(who) : `19:${randomUUID()}@thread.v2`);
      const before = harness.connector.sent(conversationId).length;
      const result = await harness.send(harness.message(text, activityFields(who, conversationId, kind, sayOptions.tenantId ?? TENANT, sayOptions.activityId)));
      if (result.status !== 200) throw new Error(`message answered ${result.status}`);
      // The POST answers after the turn ran, so every reply of this turn has arrived.
      return harness.connector.sent(conversationId).slice(before).map((call) => replyOf(call.activity));
    },
    invoke: async (who, verb, data, invokeOptions = {}) => {
      const conversationId = invokeOptions.conversationId ?? world.personalChat(who);
      const result = await harness.send(harness.invoke(verb, data, activityFields(who, conversationId, 'personal', invokeOptions.tenantId ?? TENANT, invokeOptions.activityId)));
      if (result.status !== 200) throw new Error(`invoke ${verb} answered ${result.status}`);
      return result.body as { type?: string; value?: unknown };
    },
    click: async (who, verb, data, clickOptions = {}) => {
      const body = await world.invoke(who, verb, data, clickOptions);
      if (body.type !== CARD) throw new Error(`invoke ${verb} answered ${JSON.stringify(body).slice(0, 200)}`);
      return body.value as Record<string, unknown>;
    },
    auditRecords: async (tenantId = TENANT) => {
      const records: AuditRecord[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await harness.app.access.audit.list(tenantId, { limit: 100, ...(before ? { before } : {}) });
        records.push(...page.records);
        if (!page.nextBefore) break;
        before = page.nextBefore;
      }
      return records.reverse();
    },
    preparedAction: (who, actionId, target) => {
      const now = clock.now();
      const id = randomUUID();
      pendingActions.create({
        id,
        tenantId: TENANT,
        actor: { userId: who.id, upn: who.upn, displayName: who.displayName },
        actionId,
        target: { userId: target.id, upn: target.upn, displayName: target.displayName },
        correlationId: randomUUID(),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
        state: 'pending',
      });
      return id;
    },
    close: () => harness.close(),
  };
  return world;
}

function replyOf(activity: Record<string, unknown> | undefined): Reply {
  const attachments = (activity?.attachments as Reply['attachments'] | undefined) ?? [];
  return {
    ...(typeof activity?.text === 'string' ? { text: activity.text } : {}),
    attachments,
    cards: attachments.filter((attachment) => attachment.contentType === CARD).map((attachment) => attachment.content as Record<string, unknown>),
  };
}

/** All visible text of a card (or anything), for "the card says …" assertions. */
export function textOf(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** The `Reference: <correlation id>` a denial or result card shows. */
export function referenceOf(card: unknown): string | undefined {
  return /Reference: ([0-9a-f-]{36})/.exec(textOf(card))?.[1];
}

/** The data of the card's Action.Execute button with the given title. */
export function buttonData(card: Record<string, unknown>, title: string): Record<string, unknown> {
  const actions = (card.actions as Array<{ title?: string; data?: Record<string, unknown> }> | undefined) ?? [];
  const action = actions.find((candidate) => candidate.title === title);
  if (!action) throw new Error(`no "${title}" button on ${textOf(card).slice(0, 300)}`);
  return { ...(action.data ?? {}) };
}

export function tempDatabasePath(): { databasePath: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'access-bot-'));
  return { databasePath: path.join(dir, 'bot.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls until `check` passes (for work the app does on its own timer). */
export async function eventually(check: () => Promise<void> | void, timeoutInMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
