/** /organization, /domains and /subscribedSkus: read-only tenant facts. */
import { GraphErrors } from './errors';
import type { GraphRoute } from './graph-types';
import { collectionResponse, entityResponse, parseSelect } from './odata-query';
import { Permissions } from './permissions';

const ORGANIZATION_PROPERTIES = [
  'id', 'displayName', 'tenantType', 'countryLetterCode', 'preferredLanguage', 'createdDateTime', 'city', 'country', 'street', 'postalCode',
  'state', 'businessPhones', 'technicalNotificationMails', 'verifiedDomains', 'assignedPlans',
];
const DOMAIN_PROPERTIES = [
  'id', 'authenticationType', 'isAdminManaged', 'isDefault', 'isInitial', 'isRoot', 'isVerified', 'supportedServices',
  'passwordValidityPeriodInDays', 'passwordNotificationWindowInDays',
];
const SKU_PROPERTIES = ['id', 'accountId', 'accountName', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'skuId', 'skuPartNumber', 'subscriptionIds', 'prepaidUnits', 'servicePlans'];

const asRecord = (value: object): Record<string, unknown> => value as unknown as Record<string, unknown>;
const pick = (value: object, select: string[] | undefined): Record<string, unknown> =>
  select ? Object.fromEntries(select.map((s) => [s, asRecord(value)[s] ?? null])) : { ...asRecord(value) };

export const tenantRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/organization',
    permissions: Permissions.readOrganization,
    handle: (call) =>
      collectionResponse({
        call, items: [call.state.organization], contextFragment: 'organization', typeName: 'microsoft.graph.organization',
        selectable: ORGANIZATION_PROPERTIES, serialize: pick, countNeedsEventual: false,
      }),
  },
  {
    method: 'GET',
    path: '/organization/{organization-id}',
    permissions: Permissions.readOrganization,
    handle: (call) => {
      const id = call.params['organization-id'] as string;
      if (id.toLowerCase() !== call.state.organization.id.toLowerCase()) throw GraphErrors.resourceNotFound(id);
      const select = parseSelect(call, ORGANIZATION_PROPERTIES, 'microsoft.graph.organization');
      return entityResponse(call, 'organization', pick(call.state.organization, select), select);
    },
  },
  {
    method: 'GET',
    path: '/domains',
    permissions: Permissions.readDomains,
    handle: (call) =>
      collectionResponse({
        call, items: call.state.domains, contextFragment: 'domains', typeName: 'microsoft.graph.domain', selectable: DOMAIN_PROPERTIES, serialize: pick,
        filterSchema: { resource: 'Domain', properties: { id: { operators: ['eq'] }, isDefault: { operators: ['eq'] }, isVerified: { operators: ['eq'] }, isInitial: { operators: ['eq'] } } },
        countNeedsEventual: false,
      }),
  },
  {
    method: 'GET',
    path: '/domains/{domain-id}',
    permissions: Permissions.readDomains,
    handle: (call) => {
      const id = call.params['domain-id'] as string;
      const domain = call.state.domains.find((d) => d.id.toLowerCase() === id.toLowerCase());
      if (!domain) throw GraphErrors.resourceNotFound(id);
      const select = parseSelect(call, DOMAIN_PROPERTIES, 'microsoft.graph.domain');
      return entityResponse(call, 'domains', pick(domain, select), select);
    },
  },
  {
    method: 'GET',
    path: '/subscribedSkus',
    permissions: Permissions.readSubscribedSkus,
    handle: (call) =>
      collectionResponse({
        call, items: call.state.subscribedSkus, contextFragment: 'subscribedSkus', typeName: 'microsoft.graph.subscribedSku', selectable: SKU_PROPERTIES,
        serialize: pick, countNeedsEventual: false,
      }),
  },
  {
    method: 'GET',
    path: '/subscribedSkus/{subscribedSku-id}',
    permissions: Permissions.readSubscribedSkus,
    handle: (call) => {
      const id = call.params['subscribedSku-id'] as string;
      const sku = call.state.subscribedSkus.find((s) => s.id.toLowerCase() === id.toLowerCase());
      if (!sku) throw GraphErrors.resourceNotFound(id);
      const select = parseSelect(call, SKU_PROPERTIES, 'microsoft.graph.subscribedSku');
      return entityResponse(call, 'subscribedSkus', pick(sku, select), select);
    },
  },
];
