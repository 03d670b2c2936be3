import type { AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { InvokeRouter, type InvokeAuthorizer, type VerbDefinition } from '../../bot/invoke-router';
import { createApp } from '../../bot/composition-root';
import { loadConfig } from '../../bot/config';
import { allVerbs, renderHelpCard } from '../../cards';
import { createLogger } from '../../services/logger';
import { MemoryLog } from '../support/memory-log';

const CARD = 'application/vnd.microsoft.card.adaptive';

function invokeValue(verb: string, data: Record<string, unknown> = {}): AdaptiveCardInvokeValue {
  return { action: { type: 'Action.Execute', id: '', verb, data }, authentication: { id: '', connectionName: '', token: '' }, state: '' };
}

function context(log = new MemoryLog()) {
  return {
    turn: {} as TurnContext,
    tenantId: 'tenant-a',
    userAadObjectId: 'user-1',
    actor: { tenantId: 'tenant-a', userId: 'user-1' },
    correlationId: 'corr-1',
    logger: createLogger({ level: 'info', destination: log }),
  };
}

const echo: VerbDefinition = { verb: 'test.echo', handle: async ({ data, tenantId }) => ({ message: `${tenantId}:${String(data.x)}` }) };
const card: VerbDefinition = { verb: 'test.card', handle: async () => ({ card: renderHelpCard({ commands: [] }) }) };

describe('InvokeRouter', () => {
  it('when a known verb answers with a card, then the response is the Universal Actions card shape', async () => {
    const response = await new InvokeRouter([card]).handle(context(), invokeValue('test.card'));
    expect(response).toEqual({ statusCode: 200, type: CARD, value: expect.objectContaining({ type: 'AdaptiveCard' }) });
  });

  it('when a known verb answers with a message, then the response is the message shape and the tenant comes from the turn', async () => {
    const response = await new InvokeRouter([echo]).handle(context(), invokeValue('test.echo', { x: 1, tenantId: 'forged' }));
    expect(response).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'tenant-a:1' });
  });

  it('when the verb is unknown, then a friendly error card with the correlation id comes back', async () => {
    const response = await new InvokeRouter([echo]).handle(context(), invokeValue('nope'));
    expect(response).toMatchObject({ statusCode: 200, type: CARD });
    expect(JSON.stringify(response.value)).toContain("isn't supported");
    expect(JSON.stringify(response.value)).toContain('corr-1');
  });

  it('when the authorizer refuses, then the handler does not run and an error card explains it', async () => {
    let ran = false;
    const guarded: VerbDefinition = { verb: 'test.guarded', handle: async () => ((ran = true), { message: 'done' }) };
    const denyAll: InvokeAuthorizer = { authorize: async () => ({ allowed: false, code: 'ACCESS.DENIED' }) };
    const response = await new InvokeRouter([guarded], denyAll).handle(context(), invokeValue('test.guarded'));
    expect(ran).toBe(false);
    expect(JSON.stringify(response.value)).toContain("You don't have permission");
  });

  it('when two rows share a verb, then the router refuses the table', () => {
    expect(() => new InvokeRouter([echo, echo])).toThrow(/Duplicate verb/);
  });

  it('when the bot\'s verb table is built, then every verb in cards/verbs.ts has a handler', async () => {
    const app = await createApp(loadConfig({ PORT: '0', DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent' }), { serviceOptions: { background: { rotationScheduler: false } } });
    try {
      expect([...app.invokes.knownVerbs()].sort()).toEqual([...allVerbs].sort());
    } finally {
      await app.close();
    }
  });
});
