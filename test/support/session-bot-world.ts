/**
 * Helpers for the bot-level session tests: reading cards off the wire, arranging the tenant
 * through the real services (service account, mode, operator grants) and scanning every place
 * a secret could end up.
 */
import type { Actor } from '../../services/access/actor';
import type { ManagementMode } from '../../services/ports/tenant-settings.repository.port';
import type { AppWithSandbox, SandboxPerson } from './app-harness';
import type { ConnectorCall } from './fake-connector';
import type { HttpResult } from './http-client';

export type Card = Record<string, unknown> & { body?: unknown[]; actions?: Array<Record<string, unknown>> };

/** The Adaptive Card a message carried. */
export function cardOf(call: ConnectorCall | undefined): Card {
  const attachment = (call?.activity?.['attachments'] as Array<{ contentType: string; content: Card }> | undefined)?.[0];
  if (!attachment) throw new Error(`No card in ${JSON.stringify(call?.activity ?? null).slice(0, 300)}`);
  return attachment.content;
}

/** The card an invoke was answered with (the card that replaces the clicked one). */
export function invokeCard(result: HttpResult): Card {
  const body = result.body as { statusCode?: number; type?: string; value?: Card };
  if (result.status !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
    throw new Error(`Not a card answer: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
  }
  return body.value;
}

export function textOf(card: Card): string {
  return JSON.stringify(card);
}

/** The first TextBlock: every card of this feature starts with its title. */
export function titleOf(card: Card): string {
  const first = (card.body ?? [])[0] as { type: string; text?: string; items?: Array<{ text?: string }> } | undefined;
  return first?.text ?? first?.items?.[0]?.text ?? '';
}

export function actionTitles(card: Card): string[] {
  return (card.actions ?? []).map((action) => String(action['title']));
}

export function actionNamed(card: Card, title: string): Record<string, unknown> {
  const action = (card.actions ?? []).find((candidate) => candidate['title'] === title);
  if (!action) throw new Error(`No "${title}" button; buttons: ${actionTitles(card).join(', ')}`);
  return action;
}

/** Every element of a card (body, nested containers), for finding inputs. */
export function elementsOf(card: Card): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const element = value as Record<string, unknown>;
      if (typeof element['type'] === 'string') found.push(element);
      Object.values(element).forEach(walk);
    }
  };
  walk(card.body);
  return found;
}

export function actorOf(world: AppWithSandbox, person: SandboxPerson): Actor {
  return { tenantId: world.tenantId, userId: person.id, upn: person.userPrincipalName, displayName: person.displayName };
}

export function setMode(world: AppWithSandbox, mode: ManagementMode, autoEnable?: boolean): void {
  world.app.services.settingsRepo.update(world.tenantId, { mode, ...(autoEnable !== undefined ? { autoEnable } : {}) }, 'test');
}

/** Creates the management service account with the real provisioning (Graph, Key Vault, sign-in check). */
export async function createServiceAccount(world: AppWithSandbox, admin: SandboxPerson): Promise<void> {
  await world.app.services.provisioning.create(world.tenantId, actorOf(world, admin));
}

/** Users of the sandbox tenant holding no directory role, by department. */
export function plainUsers(world: AppWithSandbox, department: string): SandboxPerson[] {
  const state = world.sandbox.sandbox.state().directory;
  const admins = new Set(state.roleAssignments.map((assignment) => assignment.principalId));
  return state.users.filter((user) => user.department === department && !admins.has(user.id) && user.accountEnabled);
}

export function sandboxUser(world: AppWithSandbox, id: string): { accountEnabled: boolean } | undefined {
  return world.sandbox.sandbox.state().directory.users.find((user) => user.id === id);
}

/** Every audit record of the tenant, oldest first. */
export async function auditTrail(world: AppWithSandbox) {
  const records = [];
  let before: number | undefined;
  do {
    const page = await world.app.services.audit.list(world.tenantId, { limit: 100, ...(before !== undefined ? { before } : {}) });
    records.push(...page.records);
    before = page.nextBefore;
  } while (before !== undefined);
  return records.reverse();
}

/** Where each secret appears: log lines, every row of every SQLite table, everything the bot sent, the invoke answers. */
export function secretLeaks(world: AppWithSandbox, secrets: readonly string[], answers: readonly HttpResult[]): string[] {
  const haystacks: Array<[string, string]> = [['logs', world.log.text]];
  const db = world.app.db;
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>;
  for (const { name } of tables) haystacks.push([`table ${name}`, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())]);
  haystacks.push(['sent activities', JSON.stringify(world.bot.connector.calls)]);
  haystacks.push(['invoke answers', JSON.stringify(answers.map((answer) => answer.body))]);
  const leaks: string[] = [];
  for (const secret of secrets) {
    if (secret.length < 8) throw new Error('refusing to scan for a short string');
    for (const [where, text] of haystacks) if (text.includes(secret)) leaks.push(where);
  }
  return leaks;
}
