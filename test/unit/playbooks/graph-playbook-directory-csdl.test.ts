/**
 * The requests of GraphPlaybookDirectory resolve in Microsoft's Graph v1.0 metadata (paths,
 * $select, the properties $filter names, the navigation $expand names), sent through the real
 * Graph client to the in-process sandbox routes; and what the sandbox does not serve comes back
 * as "unavailable", never as an empty list.
 */
import { BOT_APP } from '../../../sandbox/directory/seed/contoso-ids';
import { createInProcessGraph, IN_PROCESS_BASE_URL } from '../../../sandbox/graph/in-process';
import { GraphPlaybookDirectory } from '../../../services/adapters/graph/graph-playbook-directory';
import type { DirectoryQuery } from '../../../services/ports/playbook-directory.port';
import { checkRequest, CsdlModel, type RequestToCheck } from '../../support/csdl';

const model = CsdlModel.load();

/** Property names a `$filter` compares, e.g. "accountEnabled eq false" → accountEnabled. */
function filterProperties(path: string): string[] {
  const filter = /[?&]\$filter=([^&]*)/.exec(path)?.[1];
  if (!filter) return [];
  return [...decodeURIComponent(filter).matchAll(/([A-Za-z]+)\s+(?:eq|ne|ge|le)\s/g)].map((match) => match[1] as string);
}

describe('GraphPlaybookDirectory requests', () => {
  const graph = createInProcessGraph();
  const sent: RequestToCheck[] = [];
  const directory = new GraphPlaybookDirectory({
    baseUrl: `${IN_PROCESS_BASE_URL}/v1.0`,
    getAccessToken: async () => graph.appToken(BOT_APP.appId),
    retry: { maxRetries: 0 },
    pageSize: 3,
    fetch: async (url: string, init: Record<string, unknown>) => {
      const u = new URL(url);
      sent.push({ method: String(init.method ?? 'GET'), path: `${u.pathname.replace(/^\/v1\.0/, '')}${decodeURIComponent(u.search)}` });
      return graph.fetch(url, init);
    },
  });
  const tenant = graph.directory().tenantId;
  const now = new Date('2026-01-05T09:00:00Z');

  beforeEach(() => {
    sent.length = 0;
  });

  it.each<[DirectoryQuery, string]>([
    [{ kind: 'disabledUsersWithLicences' }, 'microsoft.graph.user'],
    [{ kind: 'usersNotSignedInFor', days: 90 }, 'microsoft.graph.user'],
    [{ kind: 'guestsWithoutSponsor' }, 'microsoft.graph.user'],
    [{ kind: 'adminsWithoutMfa' }, 'microsoft.graph.userRegistrationDetails'],
  ])('when %j is asked, then every request, its $select, $filter properties and $expand exist in the v1.0 metadata', async (query, type) => {
    await directory.listFindings(tenant, query, { now });

    expect(sent.length).toBeGreaterThan(0);
    // The collection path itself: Graph serves /reports/… only where it is licensed, the sandbox not at all.
    const first = sent[0]?.path ?? '';
    expect(checkRequest(model, { method: 'GET', path: first.split('&$expand')[0] ?? first })).toEqual([]);
    for (const name of filterProperties(first)) expect([name, model.propertyExistsOnTypeOrDerived(type, name)]).toEqual([name, true]);
    const expand = /[?&]\$expand=([A-Za-z]+)/.exec(first)?.[1];
    if (expand) expect(model.findProperty(type, expand)).toMatchObject({ navigation: true });
  });

  it('when disabled users are listed three a page, then every page is read and only those holding a licence are found', async () => {
    const state = graph.directory();
    for (const user of state.users.slice(10, 17)) user.accountEnabled = false;
    const expected = state.users
      .filter((user) => !user.accountEnabled && user.assignedLicenses.length > 0)
      .map((user) => user.id)
      .sort();

    const outcome = await directory.listFindings(tenant, { kind: 'disabledUsersWithLicences' }, { now });

    expect(outcome.status).toBe('ok');
    expect(outcome.status === 'ok' ? outcome.findings.map((finding) => finding.userId).sort() : []).toEqual(expected);
    expect(sent.length).toBe(Math.ceil(state.users.filter((user) => !user.accountEnabled).length / 3));
    expect(sent.slice(1).every((request) => request.path.includes('$skiptoken='))).toBe(true);
  });

  it('when the sandbox is asked for sign-in activity or MFA registrations, then both are unavailable with a reason', async () => {
    const signIns = await directory.listFindings(tenant, { kind: 'usersNotSignedInFor', days: 90 }, { now });
    const mfa = await directory.listFindings(tenant, { kind: 'adminsWithoutMfa' }, { now });

    expect(signIns).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/Entra ID P1/) });
    expect(mfa).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/AuditLog\.Read\.All/) });
  });
});
