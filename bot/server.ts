import restify, { type Request, type Response, type Server } from 'restify';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { AppErrorCode } from '../services/errors';
import type { Logger } from '../services/logger';

/** Bot Framework activities are small; 1 MB leaves room for large cards and rejects abuse early. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  logger: Logger;
}

const STATUS_CODES: Record<number, AppErrorCode> = {
  400: 'BOT.BAD_REQUEST',
  404: 'BOT.NOT_FOUND',
  405: 'BOT.NOT_FOUND',
  413: 'BOT.PAYLOAD_TOO_LARGE',
  415: 'BOT.UNSUPPORTED_MEDIA_TYPE',
};

const MESSAGES: Partial<Record<AppErrorCode, string>> = {
  'BOT.BAD_REQUEST': 'The request body must be a JSON Bot Framework activity with a "type".',
  'BOT.NOT_FOUND': 'Not found.',
  'BOT.PAYLOAD_TOO_LARGE': `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
  'BOT.UNSUPPORTED_MEDIA_TYPE': 'Compressed request bodies are not accepted.',
  'BOT.INTERNAL': 'Internal error.',
};

/** The small JSON body of every HTTP error: a stable code and a fixed sentence, never parser output or a stack. */
export function httpErrorBody(code: AppErrorCode): { error: { code: AppErrorCode; message: string } } {
  return { error: { code, message: MESSAGES[code] ?? code } };
}

function isActivityBody(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  const type = (body as { type?: unknown }).type;
  return typeof type === 'string' && type.trim() !== '';
}

/**
 * The HTTP edge: `POST /api/messages` (Bot Framework activities through CloudAdapter, which
 * validates JWTs in azure mode) and `GET /healthz`. Bad input gets a 4xx with a small JSON body
 * and never reaches the bot.
 */
export function createServer(dependencies: ServerDependencies): Server {
  const { adapter, bot, logger } = dependencies;
  const httpLogger = logger.child({ area: 'http' });
  const server = restify.createServer({
    name: 'management-session-bot',
    // restify 11 logs through pino too; its typings still describe bunyan.
    log: httpLogger as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
  });

  // gzip bodies are inflated after the size check, so a small compressed body could expand without
  // bound; the Bot Framework Service never compresses requests.
  server.pre((req: Request, res: Response, next: restify.Next) => {
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding !== 'identity') {
      res.send(415, httpErrorBody('BOT.UNSUPPORTED_MEDIA_TYPE'));
      next(false);
      return;
    }
    next();
  });

  // Restify reports parser and routing failures as errors; replace their bodies (which can
  // echo parser messages) with our own shape, and log only the status and path.
  server.on('restifyError', (req: Request, _res: Response, err: { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    const code = STATUS_CODES[status] ?? 'BOT.INTERNAL';
    err.toJSON = () => httpErrorBody(code);
    httpLogger.warn({ status, code, method: req.method, path: req.path() }, 'request rejected');
    callback();
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.post(
    '/api/messages',
    restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }),
    async (req: Request, res: Response) => {
      if (!isActivityBody(req.body)) {
        httpLogger.warn({ status: 400, code: 'BOT.BAD_REQUEST' }, 'request body is not an activity');
        res.send(400, httpErrorBody('BOT.BAD_REQUEST'));
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
  );

  return server;
}
