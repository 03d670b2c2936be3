import type { CardFact } from './grant-confirmation.card';
import template from './templates/notify-here.json';
import { cardDateTime, personWords } from './card-words';
import { compileTemplate, plainText, type AdaptiveCardJson } from './render-template';

const renderTemplate = compileTemplate(template);

export interface NotifyHereView {
  /** "this channel" / "this group chat" */
  conversationLabel: string;
  registeredBy: string;
  registeredAt: string;
  /** True when another conversation was registered before and is replaced. */
  replacedPrevious: boolean;
}

export function renderNotifyHereCard(view: NotifyHereView): AdaptiveCardJson {
  const facts: CardFact[] = [
    { label: 'Registered by', value: plainText(personWords(view.registeredBy), 160) },
    { label: 'When', value: cardDateTime(view.registeredAt) },
  ];
  const replaced = view.replacedPrevious ? ' It replaces the conversation registered before.' : '';
  return renderTemplate({
    message: `Approval requests and admin notices (such as password rotations) will be posted in ${view.conversationLabel}.${replaced}`,
    facts,
  });
}
