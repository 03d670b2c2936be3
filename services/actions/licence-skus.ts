/**
 * Licences as people name them: "E5", "Microsoft 365 E5", "SPE_E5" or a skuId all find the same
 * subscription. Friendly names are Microsoft's product names for the common SKU part numbers
 * (Microsoft's "Product names and service plan identifiers for licensing" table).
 */
import type { LicenceSku } from '../ports/user-administration.port';

const FRIENDLY_NAMES: Readonly<Record<string, string>> = {
  ENTERPRISEPACK: 'Office 365 E3',
  ENTERPRISEPREMIUM: 'Office 365 E5',
  STANDARDPACK: 'Office 365 E1',
  SPE_E3: 'Microsoft 365 E3',
  SPE_E5: 'Microsoft 365 E5',
  SPE_F1: 'Microsoft 365 F3',
  SPB: 'Microsoft 365 Business Premium',
  O365_BUSINESS_ESSENTIALS: 'Microsoft 365 Business Basic',
  O365_BUSINESS_PREMIUM: 'Microsoft 365 Business Standard',
  EMS: 'Enterprise Mobility + Security E3',
  EMSPREMIUM: 'Enterprise Mobility + Security E5',
  AAD_PREMIUM: 'Microsoft Entra ID P1',
  AAD_PREMIUM_P2: 'Microsoft Entra ID P2',
  POWER_BI_STANDARD: 'Power BI (free)',
  POWER_BI_PRO: 'Power BI Pro',
  FLOW_FREE: 'Power Automate (free)',
  TEAMS_EXPLORATORY: 'Microsoft Teams Exploratory',
};

export interface NamedSku extends LicenceSku {
  /** "Microsoft 365 E5", or the part number when the product is not in the table. */
  name: string;
  /** Seats left: prepaidUnits.enabled − consumedUnits, never below 0. */
  available: number;
}

export function named(sku: LicenceSku): NamedSku {
  return { ...sku, name: FRIENDLY_NAMES[sku.skuPartNumber.toUpperCase()] ?? sku.skuPartNumber, available: Math.max(0, sku.enabledUnits - sku.consumedUnits) };
}

/** "Microsoft 365 E5 (SPE_E5)". */
export function skuLabel(sku: Pick<NamedSku, 'name' | 'skuPartNumber'>): string {
  return sku.name === sku.skuPartNumber ? sku.name : `${sku.name} (${sku.skuPartNumber})`;
}

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The subscriptions a typed name matches: an exact part number, product name or skuId first;
 * otherwise those whose product name or part number ends with or contains the text ("E5").
 */
export function matchSkus(skus: readonly NamedSku[], typed: string): NamedSku[] {
  const text = squash(typed);
  if (!text) return [];
  const exact = skus.filter((sku) => [sku.skuPartNumber, sku.name, sku.skuId].some((name) => squash(name) === text));
  if (exact.length > 0) return exact;
  const ending = skus.filter((sku) => [sku.skuPartNumber, sku.name].some((name) => squash(name).endsWith(text)));
  if (ending.length > 0) return ending;
  return skus.filter((sku) => [sku.skuPartNumber, sku.name].some((name) => squash(name).includes(text)));
}
