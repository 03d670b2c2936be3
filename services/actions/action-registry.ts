/** Looks action definitions up by id. Built from BUILTIN_ACTIONS by default; tests may pass their own. */
import type { ActionDefinition } from './action-definition';
import { BUILTIN_ACTIONS } from './builtin-actions';

export class ActionRegistry {
  private readonly byId: ReadonlyMap<string, ActionDefinition>;

  constructor(definitions: readonly ActionDefinition[] = BUILTIN_ACTIONS) {
    const byId = new Map<string, ActionDefinition>();
    for (const definition of definitions) {
      if (byId.has(definition.id)) throw new Error(`Action ${definition.id} is registered twice`);
      byId.set(definition.id, definition);
    }
    this.byId = byId;
  }

  get(id: string): ActionDefinition | undefined {
    return this.byId.get(id);
  }

  list(): ActionDefinition[] {
    return [...this.byId.values()];
  }
}
