/**
 * Issue 11 through the bot: a user unknown to the directory floods it with messages and card
 * clicks. Every one is refused with a clear reason, the audit stays small enough that a day's
 * export still fits a chat message, and the summary accounts for what was left out.
 */
import { Verbs } from '../../cards';
const DENIAL_BURST_ACTION = 'access.denied.burst';
import { parseAuditExport } from '../../services/audit/audit-export';
import { DirectoryError, type DirectoryGroupRef } from '../../services/ports/directory.port';
import type { AuditRecord } from '../../services/ports/audit-log.port';
import { InMemoryDirectory } from '../support/fakes/in-memory-directory';
import { httpRequest } from '../support/http-client';
import { people, seedDirectory, startWorld, textOf, type Person, type Reply, type World } from './access-bot.world';

/** Graph answers GET /users/{id}/transitiveMemberOf with 404 for a user it does not know; so does this directory. */
class GraphLikeDirectory extends InMemoryDirectory {
  override async listTransitiveMemberships(tenantId: string, userId: string): Promise<DirectoryGroupRef[]> {
    if (!(await this.getUser(tenantId, userId))) throw new DirectoryError('DIRECTORY.NOT_FOUND', 'Resource does not exist', { status: 404 });
    return super.listTransitiveMemberships(tenantId, userId);
  }
}

/** Someone from an allowed tenant whose account the directory does not hold (a guest removed, a stale token). */
const stranger: Person = { key: 'zed', id: 'fffffff0-aaaa-4bbb-8ccc-000000000099', upn: 'zed@elsewhere.example', displayName: 'Zed Stranger' };
const NOT_KNOWN = "You're not known in this organization's directory";
const MESSAGES = 1000;
const CLICKS = 300;

/** Issue 12: the export comes as a signed download link (sandbox mode), no longer as an inline `data:` attachment. */
async function exportedFile(replies: Reply[]): Promise<string | undefined> {
  const actions = replies.flatMap((reply) => reply.cards).flatMap((card) => (card.actions as Array<{ type: string; url?: string }> | undefined) ?? []);
  const url = actions.find((action) => action.type === 'Action.OpenUrl')?.url;
  if (!url) return undefined;
  const response = await httpRequest(url);
  return response.status === 200 ? (typeof response.body === 'string' ? response.body : JSON.stringify(response.body)) : undefined;
}

describe('a denial flood by a user unknown to the directory', () => {
  let world: World;
  const strangerRecords = async (): Promise<AuditRecord[]> => (await world.auditRecords()).filter((record) => record.actor.userId === stranger.id);

  beforeAll(async () => {
    const directory = new GraphLikeDirectory();
    seedDirectory(directory);
    world = await startWorld({ directory });
  });
  afterAll(async () => {
    await world.close();
  });

  it('when they type an admin command, then the card says they are not known in the directory, not that Entra is unavailable', async () => {
    const [reply] = await world.say(stranger, 'settings');
    expect(textOf(reply)).toContain(NOT_KNOWN);
    expect(textOf(reply)).not.toContain("couldn't check access with Microsoft Entra");
  });

  it(`when they send ${MESSAGES} messages and ${CLICKS} clicks, then each is refused, a bounded number of records is written, a summary accounts for the rest, and the day's export still works`, async () => {
    const before = (await strangerRecords()).length;
    let refused = 0;
    for (let i = 0; i < MESSAGES; i += 1) {
      const [reply] = await world.say(stranger, 'operators');
      if (textOf(reply).includes(NOT_KNOWN)) refused += 1;
    }
    for (let i = 0; i < CLICKS; i += 1) {
      if (textOf(await world.invoke(stranger, Verbs.operatorsPage, { offset: 0 })).includes(NOT_KNOWN)) refused += 1;
    }
    expect(refused).toBe(MESSAGES + CLICKS);

    const during = (await strangerRecords()).slice(before);
    expect(during.length).toBeLessThanOrEqual(10);
    expect(during.every((record) => record.action === 'operator.list' && record.result.code === 'ACCESS.TENANT_ADMIN_REQUIRED')).toBe(true);

    // The window closes; the next denial brings the summary.
    world.clock.advance(61_000);
    await world.say(stranger, 'operators');
    const after = (await strangerRecords()).slice(before);
    const summaries = after.filter((record) => record.action === DENIAL_BURST_ACTION);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ result: { outcome: 'denied', code: 'ACCESS.TENANT_ADMIN_REQUIRED' }, details: { deniedAction: 'operator.list' } });
    const accounted = after.reduce((sum, record) => sum + (record.action === DENIAL_BURST_ACTION ? Number(record.details.notRecorded) : 1), 0);
    expect(accounted).toBe(MESSAGES + CLICKS + 1);
    expect(after.length).toBeLessThanOrEqual(12);

    const today = world.clock.now().toISOString().slice(0, 10);
    const file = await exportedFile(await world.say(people.ada, `export audit ${today} ${today} as json`));
    expect(file).toBeDefined();
    expect(parseAuditExport(file!, 'json').filter((record) => record.actor.userId === stranger.id)).toHaveLength(after.length + before);
  });
});
