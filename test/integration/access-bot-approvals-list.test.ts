/**
 * Issue 12: approvals that never strand anyone. A request nobody could be asked about tells the
 * requester at once; `approvals` lists it; Cancel (only the requester's) closes every copy of
 * the card in place, once, audited; a policy change offers to cancel what waits.
 */
import { Verbs } from '../../cards';
import type { ApprovalRequest } from '../../services/approvals/approval-request';
import { buttonData, people, startWorld, textOf, TENANT, type Person, type World } from './access-bot.world';

const CHANNEL = '19:admins-list@thread.tacv2';

type Card = Record<string, unknown>;

/** Every Action.Execute on a card (root actions and action sets), with its data. */
function buttonsOf(card: unknown): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Action.Execute') found.push({ title: String(record['title']), verb: String(record['verb']), data: (record['data'] as Record<string, unknown>) ?? {} });
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

describe('approvals: list, cancel and the policy change', () => {
  let world: World;

  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  /** The tenant's first choice takes effect at once; the change after it needs an approval. */
  async function requestAdvanced(who: Person): Promise<{ card: Card; request: ApprovalRequest }> {
    const [chosen] = await world.say(who, 'switch to default');
    expect(textOf(chosen?.cards[0])).not.toContain('Approval requested');
    const [reply] = await world.say(who, 'switch to advanced');
    const [request] = await world.harness.app.access.approvals.listPending(TENANT);
    expect(request).toBeDefined();
    return { card: reply!.cards[0]!, request: request! };
  }

  function updatesOf(conversationId: string, activityId: string): string[] {
    return world.harness.connector.calls
      .filter((call) => call.kind === 'update' && call.conversationId === conversationId && call.activityId === activityId)
      .map((call) => textOf(call.activity));
  }

  async function cancelRecords(requestId: string): Promise<Array<{ outcome: string; code?: string; userId: string }>> {
    return (await world.auditRecords())
      .filter((record) => record.action === 'approval.cancel' && record.target?.id === requestId)
      .map((record) => ({ outcome: record.result.outcome, ...(record.result.code ? { code: record.result.code } : {}), userId: record.actor.userId }));
  }

  it('when no approver can be reached, then the requester is told at once, `approvals` lists it with Cancel, and Cancel closes the requester\'s card too', async () => {
    const { card, request } = await requestAdvanced(people.ada);
    expect(textOf(card)).toContain('No other tenant admin could be reached');
    expect(buttonsOf(card).find((button) => button.verb === Verbs.approvalCancel)?.data).toMatchObject({ requestId: request.id });
    const requesterCopy = request.cards.find((copy) => copy.audience === 'requester');
    expect(requesterCopy?.conversationId).toBe(world.personalChat(people.ada));

    const [listed] = await world.say(people.ada, 'approvals');
    const list = listed!.cards[0]!;
    expect(textOf(list)).toContain('1 request is waiting for a decision');
    expect(textOf(list)).toContain('Asked by Ada Admin (ada@contoso.test)');
    expect(textOf(list)).toContain('Switch the management type from Default to Advanced.');
    expect(buttonsOf(list).map((button) => button.title)).toEqual(['Cancel request', 'Refresh', 'Open settings']);

    const cancel = buttonsOf(list).find((button) => button.title === 'Cancel request')!;
    const answer = await world.click(people.ada, cancel.verb, cancel.data);

    expect(textOf(answer)).toContain('You cancelled this request. Nothing was changed.');
    expect(textOf(answer)).toContain('Nothing is waiting for a decision.');
    expect((await world.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('cancelled');
    await world.harness.app.access.upkeep.idle();
    const updates = updatesOf(requesterCopy!.conversationId, requesterCopy!.activityId);
    expect(updates).toHaveLength(1);
    expect(updates[0]).toContain('Cancelled by Ada Admin (ada@contoso.test)');
    expect(updates[0]).toContain('Open settings');
    expect(updates[0]).not.toContain(Verbs.approvalCancel);
    expect(await cancelRecords(request.id)).toEqual([{ outcome: 'ok', userId: people.ada.id }]);
  });

  describe('with approvers and an admin channel', () => {
    beforeEach(async () => {
      for (const admin of [people.ada, people.adam, people.ava]) await world.say(admin, 'operators');
      await world.say(people.ada, 'notify here', { kind: 'channel', conversationId: CHANNEL });
    });

    it('when another admin lists it, then they get Approve / Reject and no Cancel; the requester gets Cancel and no Approve', async () => {
      const { request } = await requestAdvanced(people.ada);

      const [adamList] = await world.say(people.adam, 'approvals');
      expect(buttonsOf(adamList!.cards[0]).map((button) => button.title)).toEqual(['Approve', 'Reject', 'Refresh', 'Open settings']);
      expect(buttonsOf(adamList!.cards[0]).find((button) => button.title === 'Approve')?.data).toMatchObject({ requestId: request.id, requesterId: people.ada.id });
      const [adaList] = await world.say(people.ada, 'approvals');
      expect(buttonsOf(adaList!.cards[0]).map((button) => button.title)).toEqual(['Cancel request', 'Refresh', 'Open settings']);
      expect(textOf(adaList!.cards[0])).toContain('another tenant admin decides it');
    });

    it('when someone other than the requester clicks Cancel, then it is refused, audited, names who may cancel, and stays pending', async () => {
      const { request } = await requestAdvanced(people.ada);

      const card = await world.click(people.adam, Verbs.approvalCancel, { requestId: request.id, from: 'approvals' });

      expect(textOf(card)).toContain('Only the person who asked can cancel this request, and that is Ada Admin (ada@contoso.test).');
      expect((await world.harness.app.access.approvals.get(TENANT, request.id))?.state).toBe('pending');
      expect(await cancelRecords(request.id)).toEqual([{ outcome: 'denied', code: 'APPROVAL.NOT_REQUESTER', userId: people.adam.id }]);
    });

    it('when the requester cancels from their card and the click is delivered twice, then it closes once, audited once, and every copy says "Cancelled by"', async () => {
      const { card, request } = await requestAdvanced(people.ada);
      expect(request.cards).toHaveLength(4);
      const data = buttonData(card, 'Cancel request');
      const activityId = `cancel-${request.id}`;

      const first = await world.click(people.ada, Verbs.approvalCancel, data, { activityId });
      await world.harness.app.access.upkeep.idle();
      const second = await world.click(people.ada, Verbs.approvalCancel, data, { activityId });
      await world.harness.app.access.upkeep.idle();

      expect(textOf(first)).toContain('You cancelled this request. Nothing was changed.');
      expect(textOf(second)).toContain('cancelled by Ada Admin');
      expect(await cancelRecords(request.id)).toEqual([{ outcome: 'ok', userId: people.ada.id }]);
      const copies = (await world.harness.app.access.approvals.get(TENANT, request.id))!.cards;
      expect(copies.map((copy) => copy.conversationId).sort()).toEqual(
        [CHANNEL, world.personalChat(people.ada), world.personalChat(people.adam), world.personalChat(people.ava)].sort(),
      );
      for (const copy of copies) {
        const updates = updatesOf(copy.conversationId, copy.activityId);
        expect(updates).toHaveLength(1);
        expect(updates[0]).toContain('Cancelled: Change management type');
        expect(updates[0]).toContain('Cancelled by Ada Admin (ada@contoso.test)');
        expect(updates[0]).not.toContain('"Approve"');
        expect(updates[0]).toContain('Show pending approvals');
      }
    });

    it('when an approver approves from the list, then the approvers\' copies say so, and the requester\'s card is left to the change\'s progress', async () => {
      const { request } = await requestAdvanced(people.ada);
      const [adamList] = await world.say(people.adam, 'approvals');
      const approve = buttonsOf(adamList!.cards[0]).find((button) => button.title === 'Approve')!;

      const answer = await world.click(people.adam, approve.verb, approve.data);
      await world.harness.app.access.upkeep.idle();

      expect(textOf(answer)).toContain('Approved. Every copy of the request card now says so.');
      const copies = (await world.harness.app.access.approvals.get(TENANT, request.id))!.cards;
      for (const copy of copies.filter((candidate) => candidate.audience !== 'requester')) {
        expect(updatesOf(copy.conversationId, copy.activityId).some((update) => update.includes('Approved by Adam Admin'))).toBe(true);
      }
      const own = copies.find((candidate) => candidate.audience === 'requester')!;
      expect(updatesOf(own.conversationId, own.activityId).some((update) => update.includes('Approved: Change management type'))).toBe(false);
    });

    it('when an approver clicks Approve on a cancelled request from the list, then nothing is decided and the list says who cancelled it', async () => {
      const { request } = await requestAdvanced(people.ada);
      const [adamList] = await world.say(people.adam, 'approvals');
      const approve = buttonsOf(adamList!.cards[0]).find((button) => button.title === 'Approve')!;
      await world.click(people.ada, Verbs.approvalCancel, { requestId: request.id });

      const answer = await world.click(people.adam, approve.verb, approve.data);

      expect(textOf(answer)).toContain('cancelled by Ada Admin');
      expect(textOf(answer)).toContain('Nothing is waiting for a decision.');
      expect((await world.auditRecords()).filter((record) => record.action === 'approval.approve' && record.target?.id === request.id)).toEqual([]);
    });

    it('when the approval policy is saved while a request waits, then the confirmation says it applies to new requests and offers the requester Cancel', async () => {
      const { request } = await requestAdvanced(people.ada);

      const [confirmation] = await world.say(people.ada, 'approval policy four-eyes');

      const card = confirmation!.cards[0]!;
      expect(textOf(card)).toContain('Approval policy: four-eyes.');
      expect(textOf(card)).toContain('It applies to requests made from now on.');
      expect(buttonsOf(card).find((button) => button.title === 'Cancel request')?.data).toMatchObject({ requestId: request.id });

      const clicked = await world.click(people.ada, Verbs.settingsApprovalPolicySet, { approvalPolicy: 'four-eyes' });
      expect(buttonsOf(clicked).some((button) => button.verb === Verbs.approvalCancel)).toBe(true);
    });

    it('when nothing waits, then `approvals` says so with a next step, and a policy change is confirmed on the settings card', async () => {
      const [listed] = await world.say(people.adam, 'approvals');
      expect(textOf(listed!.cards[0])).toContain('Nothing is waiting for a decision.');
      expect(buttonsOf(listed!.cards[0]).map((button) => button.verb)).toEqual([Verbs.approvalsList, Verbs.settingsOpen]);

      const [confirmation] = await world.say(people.ada, 'approval policy four-eyes');
      expect(textOf(confirmation!.cards[0])).not.toContain('Pending approvals');
      expect(textOf(confirmation!.cards[0])).toContain('Approval policy: four-eyes.');
    });

    it('when an operator types approvals, then it is refused at the door', async () => {
      const [reply] = await world.say(people.olga, 'approvals');
      expect(textOf(reply)).toContain("You can't do that");
    });
  });
});
