import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Connector REST API, as it went over the wire. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'other';
  method: string;
  path: string;
  conversationId: string;
  /** The activity id in the path, for replies, updates and deletes. */
  activityId?: string;
  /** The activity the bot posted (undefined for DELETE). */
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
  url = '';

  /** The next matching new activities (POST) are answered with `status` instead of being accepted. */
  failNext(failure: ScriptedFailure): void {
    this.failures.push({ ...failure, times: failure.times ?? 1 });
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

  private takeFailure(conversationId: string): ScriptedFailure | undefined {
    const index = this.failures.findIndex((failure) => failure.conversationId === undefined || failure.conversationId === conversationId);
    const failure = this.failures[index];
    if (!failure) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) this.failures.splice(index, 1);
    return failure;
  }
}
