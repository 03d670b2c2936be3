/*
 * Preloaded into the Agents Playground process (`node --require`). The Playground has no host
 * option and listens on every interface, yet it is an unauthenticated Bot Framework connector
 * whose current user is the sandbox Global Admin: anyone on the network could chat with the bot
 * as that admin. This pins every listening socket without an explicit host to 127.0.0.1.
 *
 * Plain CommonJS on purpose: it runs before anything else in a child process, without tsx.
 */
'use strict';

const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (args.length === 0 || typeof first === 'function') {
    // listen() / listen(callback): a random port on all interfaces.
    args.unshift(0, LOOPBACK);
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
  } else if (first !== null && typeof first === 'object' && first.host === undefined && first.path === undefined && first.fd === undefined && first._handle === undefined && first.handle === undefined) {
    // listen({ port }) without a host.
    args[0] = { ...first, host: LOOPBACK };
  }
  return originalListen.apply(this, args);
};

/*
 * The Playground runs in its own process group so that Ctrl-C reaches only the start script,
 * which then stops it in order. If that parent dies without stopping it (SIGKILL, a killed jest
 * worker), nothing would: so it exits by itself once the parent is gone.
 */
const parentPid = Number(process.env.MSB_PLAYGROUND_PARENT_PID);
if (Number.isInteger(parentPid) && parentPid > 1) {
  const watch = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch (error) {
      if (error && error.code === 'ESRCH') process.exit(0);
    }
  }, 1000);
  watch.unref();
}
