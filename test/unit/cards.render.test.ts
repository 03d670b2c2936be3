import { renderErrorCard, renderHelpCard, renderSessionStatusCard, Verbs } from '../../cards';

function texts(card: object): string {
  return JSON.stringify(card);
}

describe('card renderers', () => {
  it('when the session is OFF, then the status card says so and shows the tenant and mode', () => {
    const card = renderSessionStatusCard({ state: 'OFF', tenantId: 'tenant-1', modeLabel: 'Not configured' });
    expect(texts(card)).toContain('Management OFF');
    expect(card.body).toEqual(
      expect.arrayContaining([
        { type: 'FactSet', facts: [{ title: 'Tenant', value: 'tenant-1' }, { title: 'Mode', value: 'Not configured' }] },
      ]),
    );
    expect(card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: Verbs.refreshSessionStatus })]);
  });

  it('when help echoes text with template syntax or markdown, then it is shown verbatim and inert', () => {
    const card = renderHelpCard({ unrecognizedText: 'hi ${tenantId} [x](https://evil.example)', commands: [{ usage: 'help', description: 'd' }] });
    const json = texts(card);
    expect(json).toContain('${tenantId}');
    expect(json).toContain('\\\\[x\\\\](https://evil.example)');
  });

  it('when help has no unrecognized text, then the "didn\'t understand" line is absent', () => {
    expect(texts(renderHelpCard({ commands: [{ usage: 'help', description: 'd' }] }))).not.toContain("didn't understand");
  });

  it('when an error card has a correlation id, then the reference is shown', () => {
    const card = renderErrorCard({ title: 'Oops', message: 'Sorry.', correlationId: 'abc-123' });
    expect(texts(card)).toContain('Reference: abc-123');
  });
});
