import { TestAdapter, type Activity } from 'botbuilder';
import { decideTenant, TenantGateMiddleware, type TenantGateOptions } from '../../bot/tenant-gate';
import { correlationMiddleware, tenantIdOf } from '../../bot/turn-scope';
import { createLogger } from '../../services/logger';
import { MemoryLog } from '../support/memory-log';

const ALLOWED = '11111111-2222-3333-4444-555555555555';
const OTHER = '99999999-8888-7777-6666-555555555555';
const azure: TenantGateOptions = { mode: 'azure', allowedTenantIds: [ALLOWED] };
const sandbox: TenantGateOptions = { mode: 'sandbox', allowedTenantIds: [], sandboxTenantId: 'sandbox-tenant' };

function activity(conversationTenant?: string, channelDataTenant?: string): Partial<Activity> {
  return {
    type: 'message',
    conversation: { id: 'c1', tenantId: conversationTenant, isGroup: false, name: '', conversationType: 'personal' },
    channelData: channelDataTenant ? { tenant: { id: channelDataTenant } } : {},
  };
}

describe('decideTenant', () => {
  it.each<[string, TenantGateOptions, Partial<Activity>, ReturnType<typeof decideTenant>]>([
    ['azure, allowed tenant in both places', azure, activity(ALLOWED, ALLOWED), { allowed: true, tenantId: ALLOWED }],
    ['azure, allowed tenant in upper case', azure, activity(ALLOWED.toUpperCase()), { allowed: true, tenantId: ALLOWED }],
    ['azure, allowed tenant only in channelData', azure, activity(undefined, ALLOWED), { allowed: true, tenantId: ALLOWED }],
    ['azure, other tenant', azure, activity(OTHER, OTHER), { allowed: false, reason: 'not-allowed', tenantId: OTHER }],
    ['azure, no tenant', azure, activity(), { allowed: false, reason: 'missing-tenant' }],
    ['azure, conflicting tenants', azure, activity(ALLOWED, OTHER), { allowed: false, reason: 'conflicting-tenant' }],
    ['sandbox, any tenant', sandbox, activity(OTHER), { allowed: true, tenantId: OTHER }],
    ['sandbox, no tenant', sandbox, activity(), { allowed: true, tenantId: 'sandbox-tenant' }],
  ])('when %s, then the decision is as expected', (_case, options, input, expected) => {
    expect(decideTenant(input, options)).toEqual(expected);
  });
});

describe('TenantGateMiddleware (azure mode)', () => {
  async function run(input: Partial<Activity>): Promise<{ replies: Array<Partial<Activity>>; log: MemoryLog; handledTenant?: string }> {
    const log = new MemoryLog();
    const adapter = new TestAdapter();
    adapter.use(correlationMiddleware);
    adapter.use(new TenantGateMiddleware(azure, createLogger({ level: 'info', destination: log })));
    let handledTenant: string | undefined;
    await adapter.processActivity(input, async (context) => {
      handledTenant = tenantIdOf(context);
      await context.sendActivity('handled');
    });
    return { replies: adapter.activeQueue, log, handledTenant };
  }

  it('when an allowed tenant writes, then the turn runs with that tenant id', async () => {
    const result = await run(activity(ALLOWED));
    expect(result.handledTenant).toBe(ALLOWED);
    expect(result.replies.map((reply) => reply.text)).toEqual(['handled']);
  });

  it('when another tenant writes, then nothing runs, nothing is answered, and the refusal is logged', async () => {
    const result = await run(activity(OTHER));
    expect(result.handledTenant).toBeUndefined();
    expect(result.replies).toEqual([]);
    expect(result.log.entries()).toEqual([
      expect.objectContaining({ level: 'warn', code: 'BOT.TENANT_NOT_ALLOWED', reason: 'not-allowed', tenantId: OTHER }),
    ]);
  });
});
