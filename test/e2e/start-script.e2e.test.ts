/**
 * `npm start` as a developer meets it: one line on the terminal, and Ctrl-C leaves nothing
 * running. No browser needed. Runs scripts/start-sandbox.ts with `node --import tsx`, as `npm start` does
 * (in-process, so no tsx parent process relays, and could mishandle, the signal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { exitOf, stopProcessGroup } from '../../scripts/local-stack/child-process';
import { waitFor } from '../../scripts/local-stack/wait';

jest.setTimeout(120_000);

const REPO_ROOT = resolve(__dirname, '..', '..');
const ADDRESS_LINE = /^Open (http:\/\/127\.0\.0\.1:\d+) in your browser: you are Alex Wilber \(admin@contoso\.test\), Global Admin of the sandbox tenant\. Press Ctrl-C to stop\.$/;
const PERSONA_LINES = [
  /^ {2}(http:\/\/127\.0\.0\.1:\d+) {2}Megan Bowen \(megan\.bowen@contoso\.test\), second Global Admin, who approves four-eyes requests$/,
  /^ {2}(http:\/\/127\.0\.0\.1:\d+) {2}Isaiah Langer \(isaiah\.langer@contoso\.test\), help-desk operator, once an admin grants it$/,
];

/** Pids of processes whose working directory is inside `dir` (Linux /proc). */
function processesUnder(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).startsWith(dir);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .map(Number);
}

describe('npm start', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let stdout = '';
  let stderr = '';

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'msb-start-'));
  });

  afterAll(async () => {
    if (child) await stopProcessGroup(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when started, then it prints the address, and one Playground per persona; when interrupted, then everything stops', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start-sandbox.ts', '--data-dir', dataDir, '--port', '0', '--bot-port', '0'], {
      cwd: REPO_ROOT,
      // Its own process group, like a terminal's foreground job, so SIGINT can go to the group.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

    const address = await waitFor(async () => ADDRESS_LINE.exec(stdout.split('\n')[0] ?? '')?.[1], {
      what: `the address line from npm start (stdout so far: ${JSON.stringify(stdout)}, stderr: ${JSON.stringify(stderr)})`,
      timeoutMs: 60_000,
    });
    await waitFor(async () => stdout.includes('README.md, "Personas"'), { what: 'the persona lines from npm start', timeoutMs: 10_000 });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('Play someone else in a Playground of their own:');
    const personaAddresses = PERSONA_LINES.map((pattern, index) => {
      const match = pattern.exec(lines[index + 2]!);
      expect(match).not.toBeNull();
      return match![1]!;
    });
    expect(new Set([address, ...personaAddresses]).size).toBe(3);
    for (const url of [address, ...personaAddresses]) {
      const ping = await fetch(`${url}/_debug/ping`);
      expect(await ping.text()).toBe('pong');
    }
    expect(processesUnder(join(dataDir, 'playground')).length).toBeGreaterThan(0);

    process.kill(-(child.pid as number), 'SIGINT');
    await waitFor(async () => child?.exitCode !== null || child?.signalCode !== null, { what: 'npm start to exit after SIGINT', timeoutMs: 30_000 });
    await exitOf(child);

    expect(child.exitCode).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(5);
    expect(stderr).toBe('');
    for (const url of [address, ...personaAddresses]) await expect(fetch(`${url}/_debug/ping`)).rejects.toThrow();
    expect(processesUnder(dataDir)).toEqual([]);
  });
});
