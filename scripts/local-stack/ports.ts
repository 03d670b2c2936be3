import { createServer } from 'node:net';

const LOOPBACK = '127.0.0.1';

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(undefined);
      else reject(error);
    });
    server.listen(port, LOOPBACK, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A port on 127.0.0.1 to hand to a server that cannot report its own port before it starts
 * (the Playground must be told its service URL, which contains its port, at launch).
 * `preferred` 0 means any free port; a busy preferred port falls back to a free one, so that
 * `npm start` still works while something else holds 3978 or 56150.
 * There is a short window in which another process could take the port; callers check the port
 * the server actually reports.
 */
export async function choosePort(preferred: number): Promise<number> {
  if (preferred !== 0) {
    const port = await tryListen(preferred);
    if (port !== undefined) return port;
  }
  const free = await tryListen(0);
  if (free === undefined) throw new Error('No free TCP port on 127.0.0.1');
  return free;
}
