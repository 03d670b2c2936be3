/**
 * OData system query options for collections, with Graph's directory rules:
 * `$count`, `$search` and the advanced `$filter` operators need `ConsistencyLevel: eventual`;
 * `$top` is 1..999; paging is server-driven through `@odata.nextLink` with an opaque `$skiptoken`.
 */
import { GraphErrors } from './errors';
import type { GraphCall, GraphResult } from './graph-types';
import { compileFilter, type FilterSchema } from './odata-filter';

export function metadataUrl(call: GraphCall, fragment: string): string {
  return `${call.ctx.baseUrl}/v1.0/$metadata#${fragment}`;
}

export function isEventual(call: GraphCall): boolean {
  return (call.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

/** An advanced query: ConsistencyLevel eventual plus $count=true. */
export function isAdvancedQuery(call: GraphCall): boolean {
  return isEventual(call) && (call.query.get('$count') ?? '').toLowerCase() === 'true';
}

/** `$select` as a list, validated against the type's selectable properties. */
export function parseSelect(call: GraphCall, selectable: readonly string[], typeName: string): string[] | undefined {
  const raw = call.query.get('$select');
  if (raw === null || raw.trim() === '') return undefined;
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  return names.map((name) => {
    const match = selectable.find((p) => p.toLowerCase() === name.toLowerCase());
    if (!match) throw GraphErrors.badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${typeName}'.`);
    return match;
  });
}

export function project(source: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = source[name] ?? null;
  return out;
}

function parseTop(call: GraphCall, maxTop: number): number | undefined {
  const raw = call.query.get('$top');
  if (raw === null) return undefined;
  const top = Number(raw);
  if (!Number.isInteger(top) || top < 1 || top > maxTop) {
    throw GraphErrors.badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${maxTop} inclusive.`);
  }
  return top;
}

function decodeSkipToken(raw: string | null): number {
  if (raw === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through to the error below
  }
  throw GraphErrors.badRequest('Invalid $skiptoken value.');
}

function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, v: 1 }), 'utf8').toString('base64url');
}

export interface CollectionOptions<T> {
  call: GraphCall;
  items: T[];
  /** Fragment after `$metadata#`, e.g. 'users' or 'directoryObjects'. */
  contextFragment: string;
  typeName: string;
  selectable: readonly string[];
  /** Serializes one item; `select` is the validated $select list, if any. */
  serialize: (item: T, select: string[] | undefined) => Record<string, unknown>;
  filterSchema?: FilterSchema;
  /** What $filter and $orderby see for an item (defaults to the item itself). */
  filterView?: (item: T) => unknown;
  orderable?: readonly string[];
  searchable?: readonly string[];
  defaultPageSize?: number;
  maxTop?: number;
  /** Directory collections need ConsistencyLevel: eventual for $count; CA collections do not. */
  countNeedsEventual?: boolean;
}

export function collectionResponse<T>(options: CollectionOptions<T>): GraphResult {
  const { call } = options;
  const eventual = isEventual(call);
  const wantsCount = (call.query.get('$count') ?? '').toLowerCase() === 'true';
  const countNeedsEventual = options.countNeedsEventual ?? true;
  if (wantsCount && countNeedsEventual && !eventual) throw GraphErrors.badRequest('$count is not currently supported.');

  const select = parseSelect(call, options.selectable, options.typeName);
  const view = options.filterView ?? ((item: T) => item as unknown);
  let items = options.items;

  const filterText = call.query.get('$filter');
  const predicate = options.filterSchema ? compileFilter(filterText, options.filterSchema, isAdvancedQuery(call)) : undefined;
  if (!options.filterSchema && filterText) throw GraphErrors.unsupportedQuery('Unsupported Query.');
  if (predicate) items = items.filter((item) => predicate(view(item)));

  const search = call.query.get('$search');
  if (search !== null) {
    if (!eventual) {
      throw GraphErrors.unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    items = applySearch(items, search, options.searchable ?? [], view);
  }

  const orderBy = call.query.get('$orderby');
  if (orderBy !== null) {
    if ((filterText || search) && !isAdvancedQuery(call)) throw GraphErrors.unsupportedQuery('Sorting not supported for current query.');
    items = applyOrderBy(items, orderBy, options.orderable ?? [], view);
  }

  const pageSize = parseTop(call, options.maxTop ?? 999) ?? options.defaultPageSize ?? 100;
  const offset = decodeSkipToken(call.query.get('$skiptoken'));
  const page = items.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = {
    '@odata.context': metadataUrl(call, select ? `${options.contextFragment}(${select.join(',')})` : options.contextFragment),
  };
  if (wantsCount) body['@odata.count'] = items.length;
  if (offset + pageSize < items.length) {
    body['@odata.nextLink'] = nextLink(call, encodeSkipToken(offset + pageSize));
  }
  body.value = page.map((item) => options.serialize(item, select));
  return { status: 200, body };
}

/**
 * The same request with a new `$skiptoken`, keeping the caller's query text as sent (Graph's
 * next links keep `$filter=…` readable rather than form-encoding `$` as %24).
 */
function nextLink(call: GraphCall, token: string): string {
  const kept = call.url.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)skiptoken=/i.test(part));
  return `${call.url.origin}${call.url.pathname}?${[...kept, `$skiptoken=${token}`].join('&')}`;
}

function applyOrderBy<T>(items: T[], orderBy: string, orderable: readonly string[], view: (item: T) => unknown): T[] {
  const [property = '', direction = 'asc'] = orderBy.trim().split(/\s+/);
  const name = orderable.find((p) => p.toLowerCase() === property.toLowerCase());
  if (!name || !['asc', 'desc'].includes(direction.toLowerCase())) throw GraphErrors.unsupportedQuery('Unsupported sort property.');
  const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
  const key = (item: T): string => String((view(item) as Record<string, unknown>)[name] ?? '').toLowerCase();
  return [...items].sort((a, b) => sign * key(a).localeCompare(key(b)));
}

/**
 * `$search="displayName:wil" AND "mail:contoso"`: tokenized prefix match per property,
 * as the directory's search index does.
 */
function applySearch<T>(items: T[], search: string, searchable: readonly string[], view: (item: T) => unknown): T[] {
  const clauses = [...search.matchAll(/"([^"]*)"|\b(AND|OR)\b/g)];
  const terms: Array<{ property: string; value: string }> = [];
  let combinator: 'AND' | 'OR' = 'AND';
  for (const clause of clauses) {
    if (clause[2]) {
      combinator = clause[2] as 'AND' | 'OR';
      continue;
    }
    const [property = '', ...rest] = (clause[1] ?? '').split(':');
    const name = searchable.find((p) => p.toLowerCase() === property.toLowerCase());
    if (!name || rest.length === 0) throw GraphErrors.badRequest(`Invalid search property '${property}'.`);
    terms.push({ property: name, value: rest.join(':').toLowerCase() });
  }
  if (terms.length === 0) throw GraphErrors.badRequest('Syntax error: invalid $search query.');
  const matches = (item: T, term: { property: string; value: string }): boolean => {
    const text = String((view(item) as Record<string, unknown>)[term.property] ?? '').toLowerCase();
    return text.split(/[\s.@_-]+/).some((word) => word.startsWith(term.value)) || text.startsWith(term.value);
  };
  return items.filter((item) => (combinator === 'AND' ? terms.every((t) => matches(item, t)) : terms.some((t) => matches(item, t))));
}

/** `/users/$count`: a bare number as text/plain, with ConsistencyLevel: eventual only. */
export function countResponse(call: GraphCall, count: number): GraphResult {
  if (!isEventual(call)) throw GraphErrors.badRequest('$count is not currently supported.');
  return { status: 200, body: String(count), headers: { 'Content-Type': 'text/plain;charset=utf-8' } };
}

/** Single entity: optional $select, @odata.context '<set>/$entity'. */
export function entityResponse(call: GraphCall, fragment: string, entity: Record<string, unknown>, select?: string[]): GraphResult {
  const context = select ? `${fragment}(${select.join(',')})/$entity` : `${fragment}/$entity`;
  return { status: 200, body: { '@odata.context': metadataUrl(call, context), ...entity } };
}
