/**
 * The `actions` catalogue: which management actions a person may run, grouped as the card shows
 * them. Tenant admins see every action; operators the ones their grant allows. It only lists:
 * running an action is authorized again, with its target, when it is prepared.
 */
import type { Actor } from '../access/actor';
import { ACTION_CATEGORIES, type ActionCategory, type ActionDefinition, type ActionRisk } from './action-definition';
import type { ActionRegistry } from './action-registry';

export interface CatalogueEntry {
  id: ActionDefinition['id'];
  title: string;
  description: string;
  category: ActionCategory;
  risk: ActionRisk;
  approvalByDefault: boolean;
  /** Whether an operator's run needs approval in this tenant now (its default, or a tenant admin's choice). */
  approvalRequired: boolean;
  graphCalls: readonly string[];
}

export interface CatalogueGroup {
  category: ActionCategory;
  actions: CatalogueEntry[];
}

/** AuthorizationService satisfies this (it audits nothing here). */
export interface CapabilityReader {
  capabilitiesOf(actor: Actor): Promise<readonly string[]>;
}

export class ActionCatalogueService {
  constructor(
    private readonly registry: Pick<ActionRegistry, 'list'>,
    private readonly access: CapabilityReader,
    private readonly approvals?: { requiresApproval(tenantId: string, actionId: string): boolean },
  ) {}

  /**
   * The actions `actor` may run, in the catalogue's groups (empty groups left out), each group in
   * registry order. A directory outage while reading the actor's role lists nothing (fail closed).
   */
  async listFor(actor: Actor): Promise<CatalogueGroup[]> {
    const allowed = new Set(await this.access.capabilitiesOf(actor).catch((): readonly string[] => []));
    const entries = this.registry.list().filter((definition) => allowed.has(definition.id))
      .map((definition) => toEntry(definition, this.approvals?.requiresApproval(actor.tenantId, definition.id) ?? definition.approvalByDefault));
    return ACTION_CATEGORIES.map((category) => ({ category, actions: entries.filter((entry) => entry.category === category) })).filter((group) => group.actions.length > 0);
  }
}

function toEntry(definition: ActionDefinition, approvalRequired: boolean): CatalogueEntry {
  const { id, title, description, category, risk, approvalByDefault, graphCalls } = definition;
  return { id, title, description, category, risk, approvalByDefault, approvalRequired, graphCalls };
}
