import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector REST API, as it went over the wire. */
export interface ConnectorCall {
  /** 'createConversation': POST /v3/conversations (the bot opening a chat); its parameters are in `activity`. */
  kind: 'send' | 'reply' | 'update' | 'delete' | 'createConversation' | 'other';
  method: string;
  path: string;
  conversationId: string;
  /** The activity id in the path, for replies, updates and deletes. */
  activityId?: string;
  /** The activity the bot posted (undefined for DELETE), or the ConversationParameters of a createConversation. */
  activity?: Record<string, unknown>;
  /** Set when a scripted failure answered this call instead of accepting it (see `failNext`). */
  rejectedWith?: number;
  /** When it arrived (ms since the epoch), to check that a retry waited for Retry-After. */
  at: number;
}

/** A scripted connector failure, e.g. Teams' 429 with Retry-After. */
export interface ScriptedFailure {
  status: number;
  headers?: Record<string, string>;
  /** Only POSTs to this conversation; any new activity when absent. */
  conversationId?: string;
  /** How many matching POSTs fail. Default 1. */
  times?: number;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;
const CREATE_ROUTE = /^\/v3\/conversations\/?$/;

/** The 1:1 chat id Teams would give the bot and this member: the same id each time, as Teams does. */
export function createdPersonalChatId(memberId: string): string {
  return `a:created-${memberId}`;
}

/**
 * A stand-in for the Bot Connector service (Teams' `serviceUrl`): it accepts what the bot posts
 * back and records it, so tests assert on the real wire format.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private waiters: Array<() => void> = [];
  private counter = 0;
  private readonly failures: Array<Required<Pick<ScriptedFailure, 'status' | 'times'>> & ScriptedFailure> = [];
  private readonly createFailures: Array<{ status: number; memberId?: string; times: number }> = [];
  private readonly appInstalledFor = new Set<string>();
  /**
   * Whether the bot's Teams app is in a user's personal scope (by Entra object id): Teams creates a
   * 1:1 chat only then, and answers 403 otherwise. Nobody has it by default; a test marks users
   * with `installApp`, or points this at the sandbox's installs to play Teams and Graph together.
   */
  isAppInstalled: (memberId: string) => boolean = (memberId) => this.appInstalledFor.has(memberId.toLowerCase());

  /** Marks the bot's app as installed for a user, as an admin's setup policy would. */
  installApp(memberId: string): void {
    this.appInstalledFor.add(memberId.toLowerCase());
  }
  url = '';

  /** The next matching new activities (POST) are answered with `status` instead of being accepted. */
  failNext(failure: ScriptedFailure): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
  }

  /**
   * The next createConversation calls (optionally only for one member's Entra id) are answered
   * with `status`, e.g. 403 as Teams answers when the app is not installed for the user.
   */
  failCreateConversation(failure: { status: number; memberId?: string; times?: number }): void {
    this.createFailures.push({ ...failure, times: failure.times ?? 1 });
  }

  /** The createConversation calls the connector accepted (ConversationParameters in `activity`). */
  conversationsCreated(): ConnectorCall[] {
    return this.calls.filter((call) => call.kind === 'createConversation' && call.rejectedWith === undefined);
  }

  /** Calls a scripted failure answered, optionally for one conversation. */
  rejected(conversationId?: string): ConnectorCall[] {
    return this.calls.filter((call) => call.rejectedWith !== undefined && (conversationId === undefined || call.conversationId === conversationId));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Activities the bot sent or replied with (not updates or deletes), optionally for one conversation. */
  sent(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (call) =>
        (call.kind === 'send' || call.kind === 'reply') && call.rejectedWith === undefined && (conversationId === undefined || call.conversationId === conversationId),
    );
  }

  /** Resolves with the first `count` sent activities once they have arrived. */
  async waitForSent(count: number, options: { conversationId?: string; timeoutInMs?: number } = {}): Promise<ConnectorCall[]> {
    const deadline = Date.now() + (options.timeoutInMs ?? 3000);
    while (this.sent(options.conversationId).length < count) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`Expected ${count} activities from the bot, got ${this.sent(options.conversationId).length}.`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.sent(options.conversationId).slice(0, count);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      const text = Buffer.concat(chunks).toString('utf8');
      const match = ROUTE.exec(path);
      const method = req.method ?? 'GET';
      const call: ConnectorCall = {
        kind: 'other',
        method,
        path,
        conversationId: match ? decodeURIComponent(match[1] ?? '') : '',
        activityId: match?.[2] ? decodeURIComponent(match[2]) : undefined,
        activity: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
        at: Date.now(),
      };
      if (CREATE_ROUTE.test(path) && method === 'POST') return this.createConversation(call, res);
      if (match && method === 'POST') call.kind = call.activityId ? 'reply' : 'send';
      if (match && method === 'PUT' && call.activityId) call.kind = 'update';
      if (match && method === 'DELETE' && call.activityId) call.kind = 'delete';
      const failure = call.kind === 'send' || call.kind === 'reply' ? this.takeFailure(call.conversationId) : undefined;
      if (failure) call.rejectedWith = failure.status;
      this.calls.push(call);
      const waiters = this.waiters;
      this.waiters = [];
      waiters.forEach((wake) => wake());

      if (failure) {
        res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'scripted failure' } }));
        return;
      }
      this.counter += 1;
      res.writeHead(call.kind === 'other' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(call.kind === 'delete' ? '' : JSON.stringify({ id: call.activityId && call.kind === 'update' ? call.activityId : `sent-${this.counter}` }));
    });
  }

  /**
   * POST /v3/conversations as Teams answers it for a 1:1 chat: exactly one member, isGroup false,
   * a tenant id (else 400), the app installed for the member (else 403); 201 with the
   * conversation id, the same for the same member.
   */
  private createConversation(call: ConnectorCall, res: http.ServerResponse): void {
    call.kind = 'createConversation';
    const parameters = (call.activity ?? {}) as { isGroup?: boolean; members?: Array<{ id?: string }>; tenantId?: string; channelData?: { tenant?: { id?: string } } };
    const memberId = parameters.members?.length === 1 ? parameters.members[0]?.id : undefined;
    const tenantId = parameters.tenantId ?? parameters.channelData?.tenant?.id;
    const index = this.createFailures.findIndex((failure) => failure.memberId === undefined || failure.memberId === memberId);
    const failure = this.createFailures[index];
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0) this.createFailures.splice(index, 1);
    }
    const status = failure?.status ?? (parameters.isGroup || !memberId || !tenantId ? 400 : this.isAppInstalled(memberId) ? 201 : 403);
    if (status !== 201) call.rejectedWith = status;
    call.conversationId = status === 201 && memberId ? createdPersonalChatId(memberId) : '';
    this.calls.push(call);
    // Keeps activity ids `sent-N` equal to each call's place in `calls`, which tests rely on.
    this.counter += 1;
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
    res.writeHead(status, { 'content-type': 'application/json' });
    const refusal = status === 400 ? { code: 'BadSyntax', message: 'Incorrect conversation creation parameters' } : { code: 'Forbidden', message: "Bot is not installed in user's personal scope" };
    res.end(JSON.stringify(status === 201 ? { id: call.conversationId } : { error: refusal }));
  }

  private takeFailure(conversationId: string): ScriptedFailure | undefined {
    const index = this.failures.findIndex((failure) => failure.conversationId === undefined || failure.conversationId === conversationId);
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) this.failures.splice(index, 1);
    return failure;
  }
}
