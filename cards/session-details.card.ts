import template from './templates/session-details.json';
import type { CardFact } from './grant-confirmation.card';
import { humanizeInstants } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';
import { Verbs } from './verbs';

const renderTemplate = compileTemplate(template);

/** `status` → Details: the session's record in full, and (tenant admins) the token broker's counters. */
export interface SessionDetailsView {
  facts: readonly CardFact[];
  /** Token acquisitions, vault reads, cache hits, authentication failures; tenant admins only. */
  counters?: readonly CardFact[];
}

export function renderSessionDetailsCard(view: SessionDetailsView): AdaptiveCardJson {
  const fact = (item: CardFact) => ({ label: plainText(item.label, 40), value: plainText(humanizeInstants(item.value), 300) });
  return renderTemplate({
    facts: view.facts.map(fact),
    counters: (view.counters ?? []).map(fact),
    verbs: { refresh: Verbs.refreshSessionStatus },
  });
}
