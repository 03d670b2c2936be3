/**
 * dataDir/runtime.json names the sandbox currently serving a dataDir, so `sandbox/cli.ts reset`
 * resets the live process (whose in-memory state would otherwise overwrite a reset file).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  url: string;
  pid: number;
  caCertPath: string;
}

const FILE = 'runtime.json';

export function writeRuntimeInfo(dataDir: string, info: RuntimeInfo): void {
  writeFileSync(join(dataDir, FILE), JSON.stringify(info, null, 1));
}

export function readRuntimeInfo(dataDir: string): RuntimeInfo | undefined {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RuntimeInfo;
  } catch {
    return undefined;
  }
}

/** Removes the file only if it still names this process (a newer sandbox may have replaced it). */
export function removeRuntimeInfo(dataDir: string, pid: number): void {
  if (readRuntimeInfo(dataDir)?.pid === pid) rmSync(join(dataDir, FILE), { force: true });
}
