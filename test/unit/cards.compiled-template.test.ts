import { compileTemplate, setTemplateParsing, type AdaptiveCardJson } from '../../cards/render-template';
import { cardCatalog } from '../support/card-samples';

/** Renders with templates parsed on every expansion, as cards did before they were compiled. */
function parsedPerRender<T>(render: () => T): T {
  const previous = setTemplateParsing('per-render');
  try {
    return render();
  } finally {
    setTemplateParsing(previous);
  }
}

/** Repeated items, `$index`, `$root` inside a repeat, `$when`, and an object-valued binding. */
const template = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello ${name}' },
    { type: 'TextBlock', $when: '${showNote}', text: '${note}' },
    { type: 'FactSet', facts: [{ $data: '${facts}', title: '${$index}. ${label}', value: '${value} for ${$root.name}' }] },
    { type: 'Container', $data: '${groups}', items: [{ type: 'TextBlock', $data: '${members}', text: '${$data}' }] },
  ],
  actions: [{ type: 'Action.Execute', $when: '${hasAction}', title: 'Go', verb: 'go', data: '${payload}' }],
};

const annData = {
  name: 'Ann',
  showNote: true,
  note: 'First note',
  facts: [
    { label: 'a', value: '1' },
    { label: 'b', value: '2' },
  ],
  groups: [{ members: ['x', 'y'] }],
  hasAction: true,
  payload: { requestId: 'r-1' },
};

const annCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello Ann' },
    { type: 'TextBlock', text: 'First note' },
    {
      type: 'FactSet',
      facts: [
        { title: '0. a', value: '1 for Ann' },
        { title: '1. b', value: '2 for Ann' },
      ],
    },
    {
      type: 'Container',
      items: [
        { type: 'TextBlock', text: 'x' },
        { type: 'TextBlock', text: 'y' },
      ],
    },
  ],
  actions: [{ type: 'Action.Execute', title: 'Go', verb: 'go', data: { requestId: 'r-1' } }],
};

const bobData = { name: 'Bob', showNote: false, note: '', facts: [{ label: 'c', value: '3' }], groups: [], hasAction: false, payload: {} };

const bobCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Hello Bob' },
    { type: 'FactSet', facts: [{ title: '0. c', value: '3 for Bob' }] },
  ],
  actions: [],
};

describe('compiled card templates', () => {
  describe.each(cardCatalog.map((entry) => ({ name: entry.name, render: entry.render })))('$name', ({ render }) => {
    it('when rendered from the compiled template, then the card equals the one parsed per render', () => {
      const reference = parsedPerRender(render);
      expect(render()).toStrictEqual(reference);
    });
  });

  it('when the whole catalogue renders twice in a row, then every card equals its per-render reference both times', () => {
    const references = parsedPerRender(() => cardCatalog.map((entry) => entry.render()));
    const first = cardCatalog.map((entry) => entry.render());
    const second = cardCatalog.map((entry) => entry.render());
    expect(first).toStrictEqual(references);
    expect(second).toStrictEqual(references);
  });

  it('when one compiled template expands different data in turn, then each card holds only its own data', () => {
    const render = compileTemplate(template);
    expect(render(annData)).toStrictEqual(annCard);
    expect(render(bobData)).toStrictEqual(bobCard);
    expect(render(annData)).toStrictEqual(annCard);
  });

  it('when an expanded card is changed afterwards, then the next expansion is unaffected', () => {
    const render = compileTemplate(template);
    const first = render(annData) as AdaptiveCardJson & { body: Array<Record<string, unknown>> };
    first.body.length = 0;
    delete first.actions;
    first.version = '9.9';
    expect(render(annData)).toStrictEqual(annCard);
  });

  it('when data holds template syntax, then it is inserted verbatim and never evaluated, on every expansion', () => {
    const render = compileTemplate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'You said: ${said}' }] });
    const expected = (said: string): unknown => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: `You said: ${said}` }] });
    expect(render({ said: '${said} ${$root}', secret: 'hidden' })).toStrictEqual(expected('${said} ${$root}'));
    expect(render({ said: 'plain' })).toStrictEqual(expected('plain'));
    expect(render({ said: "${concat('a','b')}" })).toStrictEqual(expected("${concat('a','b')}"));
  });

  it('when a benchmark switches parsing, then it gets the previous setting back and production parses once', () => {
    const previous = setTemplateParsing('per-render');
    expect(previous).toBe('once');
    expect(setTemplateParsing(previous)).toBe('per-render');
  });
});
