/**
 * The framework's floor for issue 17's ratios: a bare botbuilder echo bot on restify, with the
 * same botbuilder and restify (the same node_modules) as the bot, no storage, no authorization
 * and no cards. It answers every message with "Echo: <text>" and every invoke with a 200, so the
 * cost it shows is restify + CloudAdapter + one reply POSTed to the (fake) Bot Connector.
 *
 * Plain CommonJS, started with `node bench/lib/echo-bot.cjs` as the compiled bot is started with
 * `node dist/bot/index.js`, so both cold starts load JavaScript only. PORT picks the port;
 * GET /healthz answers once it listens.
 */
'use strict';
const restify = require('restify');
const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

class Echo extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`Echo: ${context.activity.text || ''}`);
      await next();
    });
  }

  async onInvokeActivity() {
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Echo' } };
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '' }));
const bot = new Echo();
const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024 }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.get('/healthz', (_req, res, next) => {
  res.send(200, { status: 'ok' });
  next();
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1');
