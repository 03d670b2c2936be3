import { Verbs } from '../../cards';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import { actorOf, buttonData, people, startWorld, textOf, TENANT, type World } from './access-bot.world';

const KIND = 'test.change';
const CHANNEL = '19:admins@thread.tacv2';

describe('approval cards', () => {
  let world: World;
  let effects: string[];

  beforeAll(async () => {
    world = await startWorld();
    effects = [];
    world.harness.app.access.approvalHandlers.register({
      kind: KIND,
      requestCapability: 'mode.change',
      onApproved: async (request) => {
        effects.push(request.id);
      },
    });
    // Each admin has talked to the bot (so a personal chat exists) and been confirmed as admin.
    for (const admin of [people.ada, people.adam, people.ava]) await world.say(admin, 'operators');
    await world.say(people.ada, 'notify here', { kind: 'channel', conversationId: CHANNEL });
  });
  afterAll(async () => {
    await world.close();
  });

  async function openRequest(): Promise<ApprovalRequest> {
    const { request, sent } = await world.harness.app.access.approvalRequests.request(actorOf(people.ada), { kind: KIND, payload: { setting: 'autoEnable', value: 'on' } });
    expect(sent).toBe(3);
    return request;
  }

  function cardsSentFor(requestId: string, conversationId: string): Array<{ activityId: string; card: Record<string, unknown> }> {
    return world.harness.connector.calls
      .filter((call) => call.kind === 'send' && call.conversationId === conversationId && textOf(call.activity).includes(requestId))
      .map((call, index) => ({
        activityId: `${index}`,
        card: ((call.activity?.attachments as Array<{ content: Record<string, unknown> }>)[0]?.content ?? {}) as Record<string, unknown>,
      }));
  }

  function updatesFor(requestId: string): Array<{ conversationId: string; activityId?: string; text: string }> {
    return world.harness.connector.calls
      .filter((call) => call.kind === 'update' && textOf(call.activity).includes(requestId))
      .map((call) => ({ conversationId: call.conversationId, activityId: call.activityId, text: textOf(call.activity) }));
  }

  it('when a request is opened, then the other admins get Approve/Reject in personal chat and the admin channel gets a status card refreshing for them', async () => {
    const request = await openRequest();

    for (const approver of [people.adam, people.ava]) {
      const [copy] = cardsSentFor(request.id, world.personalChat(approver));
      expect(buttonData(copy!.card, 'Approve')).toEqual({ requestId: request.id, tenantId: TENANT, requesterId: people.ada.id });
      expect(textOf(copy!.card)).toContain('Ada Admin (ada@contoso.test)');
    }
    expect(cardsSentFor(request.id, world.personalChat(people.ada))).toEqual([]);
    const [channelCopy] = cardsSentFor(request.id, CHANNEL);
    expect(textOf(channelCopy!.card)).not.toContain('"Approve"');
    expect(channelCopy!.card.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Refresh', verb: Verbs.approvalRefresh, data: { requestId: request.id } },
      userIds: expect.arrayContaining([`8:orgid:${people.adam.id}`, `8:orgid:${people.ava.id}`]),
    });
    expect((channelCopy!.card.refresh as { userIds: string[] }).userIds).not.toContain(`8:orgid:${people.ada.id}`);
  });

  it('when the channel card refreshes, then an approver sees Approve/Reject and the requester and others see the status', async () => {
    const request = await openRequest();
    const data = { requestId: request.id };

    expect(textOf(await world.click(people.adam, Verbs.approvalRefresh, data, { conversationId: CHANNEL }))).toContain('"Approve"');
    for (const viewer of [people.ada, people.uma, people.olga]) {
      const card = await world.click(viewer, Verbs.approvalRefresh, data, { conversationId: CHANNEL });
      expect(textOf(card)).toContain('Waiting for a tenant admin to decide');
      expect(textOf(card)).not.toContain('"Approve"');
    }
  });

  it('when the same approve invoke is delivered twice, then the request is decided once, every copy is updated in place and the requester is told', async () => {
    const request = await openRequest();
    const [copy] = cardsSentFor(request.id, world.personalChat(people.adam));
    const data = buttonData(copy!.card, 'Approve');
    const activityId = `approve-${request.id}`;

    const first = await world.click(people.adam, Verbs.approvalApprove, data, { activityId });
    const second = await world.click(people.adam, Verbs.approvalApprove, data, { activityId });

    expect(textOf(first)).toContain('Approved by Adam Admin (adam@contoso.test)');
    expect(textOf(second)).toContain('Already approved by Adam Admin (adam@contoso.test)');
    expect(effects.filter((id) => id === request.id)).toHaveLength(1);
    const decisions = (await world.auditRecords()).filter((record) => record.target?.id === request.id && ['approval.approve', 'approval.reject'].includes(record.action));
    expect(decisions).toEqual([expect.objectContaining({ action: 'approval.approve', actor: expect.objectContaining({ userId: people.adam.id }), result: { outcome: 'ok' } })]);

    await world.harness.app.access.upkeep.idle();
    const updates = updatesFor(request.id);
    expect(updates.map((update) => update.conversationId).sort()).toEqual([CHANNEL, world.personalChat(people.adam), world.personalChat(people.ava)].sort());
    for (const update of updates) {
      expect(update.text).toContain('Approved by Adam Admin (adam@contoso.test)');
      expect(update.text).not.toContain('"Approve"');
      expect(update.text).not.toContain('"refresh"');
    }
    const stored = await world.harness.app.access.approvals.get(TENANT, request.id);
    expect(stored?.cards.map((card) => card.activityId).sort()).toEqual(updates.map((update) => update.activityId).sort());
    const notice = world.harness.connector.calls.filter((call) => call.kind === 'send' && call.conversationId === world.personalChat(people.ada) && textOf(call.activity).includes(request.id));
    expect(notice).toHaveLength(1);
    expect(textOf(notice[0]?.activity)).toContain('Your request was approved.');
  });

  it('when two approvers decide at the same moment, then exactly one decision is made and audited, and the other sees who won', async () => {
    const request = await openRequest();
    const data = { requestId: request.id, tenantId: TENANT, requesterId: people.ada.id };

    const [adamCard, avaCard] = await Promise.all([
      world.click(people.adam, Verbs.approvalApprove, data),
      world.click(people.ava, Verbs.approvalReject, data),
    ]);

    const stored = await world.harness.app.access.approvals.get(TENANT, request.id);
    expect(['approved', 'rejected']).toContain(stored?.state);
    const winner = stored?.state === 'approved' ? adamCard : avaCard;
    const loser = stored?.state === 'approved' ? avaCard : adamCard;
    expect(textOf(winner)).not.toContain('Already');
    expect(textOf(loser)).toContain(`Already ${stored?.state} by`);
    const decisions = (await world.auditRecords()).filter((record) => record.target?.id === request.id && ['approval.approve', 'approval.reject'].includes(record.action));
    expect(decisions).toHaveLength(1);
    expect(effects.filter((id) => id === request.id)).toHaveLength(stored?.state === 'approved' ? 1 : 0);
  });

  it('when the requester clicks Approve on their own request, then it is refused, audited, and stays pending', async () => {
    const request = await openRequest();
    const card = await world.click(people.ada, Verbs.approvalApprove, { requestId: request.id, tenantId: TENANT, requesterId: people.ada.id });

    expect(textOf(card)).toContain('another tenant admin has to decide it');
    expect((await world.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('pending');
    expect((await world.auditRecords()).filter((record) => record.target?.id === request.id && record.result.outcome === 'denied')).toEqual([
      expect.objectContaining({ action: 'approval.approve', result: { outcome: 'denied', code: 'APPROVAL.SELF_APPROVAL_FORBIDDEN' } }),
    ]);
  });

  it('when an operator clicks Approve, then the invoke is refused before the request is touched', async () => {
    const request = await openRequest();
    const card = await world.click(people.olga, Verbs.approvalApprove, { requestId: request.id });
    expect(textOf(card)).toContain("You can't do that");
    expect((await world.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('pending');
  });

  it('when a reminder is due, then the approvers get the card again with a reminder and it is updated with the rest', async () => {
    const request = await openRequest();
    world.clock.set(request.remindAt!);
    await world.harness.app.access.upkeep.runOnce();

    for (const approver of [people.adam, people.ava]) {
      const copies = cardsSentFor(request.id, world.personalChat(approver));
      expect(copies).toHaveLength(2);
      // In the viewer's own time zone: the card's DATE()/TIME() functions, never a bare ISO instant.
      expect(textOf(copies[1]?.card)).toContain('Reminder: this request expires on {{DATE(');
    }
    expect((await world.harness.app.access.approvals.get(TENANT, request.id))?.cards).toHaveLength(5);
    world.clock.set(new Date());
  });
});
