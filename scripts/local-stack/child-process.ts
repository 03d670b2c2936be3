import type { ChildProcess } from 'node:child_process';

/**
 * Stopping children that were spawned with `detached: true`, i.e. as leaders of their own
 * process group. Signalling the group (negative pid) reaches anything the child spawned in
 * turn, so nothing is left listening on a port after Ctrl-C or a failed test.
 */

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we want.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves once the child has exited (at once if it already has). */
export function exitOf(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to the child's process group, then SIGKILL if it is still alive after `graceMs`. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child)) {
    // The leader is gone, but a grandchild may still hold the group.
    signalGroup(child, 'SIGKILL');
    return;
  }
  const exited = exitOf(child);
  signalGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([exited.then(() => 'exited' as const), timedOut]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    signalGroup(child, 'SIGKILL');
    await exited;
  } else {
    signalGroup(child, 'SIGKILL');
  }
}

/**
 * Last resort for an abrupt exit of the parent (an uncaught exception, process.exit()): only
 * synchronous work runs in an 'exit' listener, and a signal is synchronous.
 */
export function killGroupNow(child: ChildProcess): void {
  signalGroup(child, 'SIGKILL');
}
