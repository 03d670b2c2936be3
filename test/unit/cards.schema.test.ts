import { cardCatalog } from '../support/card-samples';
import { cardBytes, libraryErrors, MAX_CARD_BYTES, schemaErrors } from '../support/adaptive-card-validation';

describe('card catalog', () => {
  const rendered = cardCatalog.map((entry) => ({ name: entry.name, card: entry.render() }));

  it('when the catalog is listed, then it holds every card renderer', () => {
    expect(rendered.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^session-status/), expect.stringMatching(/^help/), expect.stringMatching(/^error/)]),
    );
  });

  describe.each(rendered)('$name', ({ card }) => {
    it('when validated against the Adaptive Card 1.5 schema, then there are no errors', () => {
      expect(schemaErrors(card)).toEqual([]);
    });

    it('when parsed by the adaptivecards library, then it raises no validation events', () => {
      expect(libraryErrors(card)).toEqual([]);
    });

    it('when serialized, then it is version 1.5, fully expanded and under 28 KB', () => {
      const json = JSON.stringify(card);
      expect(card.version).toBe('1.5');
      expect(json).not.toMatch(/"\$(when|data)"/);
      expect(json).not.toContain('${');
      expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
    });
  });
});

describe('card validators', () => {
  it('when a card has an unknown element type, then both validators reject it', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlok', text: 'hi' }] };
    expect(schemaErrors(broken)).not.toEqual([]);
    expect(libraryErrors(broken)).not.toEqual([]);
  });

  it('when a card has an invalid property value, then both validators reject it', () => {
    const broken = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'hi', size: 'Huge' }] };
    expect(schemaErrors(broken)).not.toEqual([]);
    expect(libraryErrors(broken)).not.toEqual([]);
  });
});
