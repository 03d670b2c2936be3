/**
 * Helpers for the bot-level rotation tests: what the fake Bot Connector received, the rotation
 * history as the bot wrote it, and a scan of everything the bot wrote for passwords.
 */
import type { RotationHistoryEntry } from '../../services/rotation/rotation-history';
import type { AppWithSandbox } from '../support/app-harness';
import type { ConnectorCall } from '../support/fake-connector';

/** The attachments (cards) and text of a posted activity, as one searchable string. */
export function cardTextOf(call: ConnectorCall): string {
  return JSON.stringify([call.activity?.['text'] ?? '', call.activity?.['attachments'] ?? []]);
}

/** Waits until the bot posts an activity containing `text` in the conversation (proactive notices arrive after the turn). */
export async function waitForPost(
  world: AppWithSandbox,
  conversationId: string,
  text: string,
  options: { after?: number; timeoutInMs?: number } = {},
): Promise<ConnectorCall> {
  const deadline = Date.now() + (options.timeoutInMs ?? 30_000);
  for (;;) {
    const found = world.bot.connector
      .sent(conversationId)
      .slice(options.after ?? 0)
      .find((call) => cardTextOf(call).includes(text));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = world.bot.connector.sent(conversationId).map((call) => cardTextOf(call).slice(0, 160));
      throw new Error(`no post containing "${text}" in ${conversationId}; saw ${JSON.stringify(seen)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function latestRotationId(world: AppWithSandbox): string | undefined {
  return world.app.services.rotationHistory.list(world.tenantId, { limit: 1 })[0]?.rotationId;
}

/** Waits for a rotation newer than `previousId` to finish, and returns its history row. */
export async function waitForRotation(world: AppWithSandbox, previousId: string | undefined, timeoutInMs = 30_000): Promise<RotationHistoryEntry> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const [latest] = world.app.services.rotationHistory.list(world.tenantId, { limit: 1 });
    if (latest && latest.rotationId !== previousId && latest.result !== 'running') return latest;
    if (Date.now() > deadline) throw new Error('the rotation did not finish');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Where any of the passwords appears outside the vault: every activity the bot posted (cards,
 * texts, invoke answers are in the log), every log line, and every row of every SQLite table
 * (audit, journal, outbox, settings, bot state). Returns the places; empty means no leak.
 */
export function scanForSecrets(world: AppWithSandbox, passwords: readonly string[], extra: Record<string, string> = {}): string[] {
  const haystacks: Array<[string, string]> = [
    ['connector', JSON.stringify(world.bot.connector.calls)],
    ['logs', world.log.text],
    ...Object.entries(extra),
  ];
  const tables = world.app.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
  for (const { name } of tables) haystacks.push([`table ${name}`, JSON.stringify(world.app.db.prepare(`SELECT * FROM "${name}"`).all())]);
  const leaks: string[] = [];
  for (const secret of new Set(passwords)) {
    if (secret.length < 16) throw new Error('refusing to scan for a short string');
    for (const [where, text] of haystacks) if (text.includes(secret)) leaks.push(where);
  }
  return leaks;
}

/**
 * Sends a message and returns the bot's first reply to it (matched by `replyToId`), so a
 * proactive notice landing in the same chat meanwhile is never mistaken for the answer.
 */
export async function replyTo(world: AppWithSandbox, activity: Record<string, unknown>, timeoutInMs = 15_000): Promise<ConnectorCall> {
  const conversationId = (activity['conversation'] as { id: string }).id;
  const result = await world.send(activity);
  if (result.status >= 300) throw new Error(`The bot answered HTTP ${result.status}`);
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    const reply = world.bot.connector.sent(conversationId).find((call) => call.activity?.['replyToId'] === activity['id']);
    if (reply) return reply;
    if (Date.now() > deadline) throw new Error(`no reply to ${String(activity['text'])}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls until `check` passes (for work that finishes after the post the test saw). */
export async function eventually(check: () => void, timeoutInMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
