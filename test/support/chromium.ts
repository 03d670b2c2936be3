/**
 * Headless Chromium for [chromium] end-to-end tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download), a fresh profile per launch, and no traffic beyond
 * loopback, so the tests prove the Playground and the bot work offline.
 *
 * Usage:
 *   const browser = await launchChromium();
 *   const playground = await openPlayground(browser, stack.playgroundUrl);
 *   const sent = await playground.sendMessage('status');
 *   await playground.waitForCardText('Management OFF', { after: sent });
 *   await playground.screenshot('status');
 *   await browser.close();
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, errors, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** Screenshots land here (git-ignored). */
export const ARTIFACTS_DIR = resolve(__dirname, '..', 'artifacts');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const DEFAULT_TIMEOUT_MS = 20_000;

/** Selectors of the Playground's chat UI (version 0.2.28). Kept here so one place follows UI changes. */
const SELECTORS = {
  composer: '[role="textbox"][data-lexical-editor="true"]',
  sendButton: 'button[aria-label="Send Message"]',
  // Only outermost cards: Action.ShowCard nests cards inside cards.
  card: '.ac-adaptiveCard:not(.ac-adaptiveCard .ac-adaptiveCard)',
} as const;

export interface ChromiumSession {
  context: BrowserContext;
  /** Every non-loopback URL the pages tried to reach (all were aborted). */
  blockedRequests: string[];
  /** Uncaught errors in any page, for failure messages. */
  pageErrors: string[];
  close(): Promise<void>;
}

export function isLoopbackUrl(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** Launches Chromium with a throw-away profile; close() also deletes the profile. */
export async function launchChromium(): Promise<ChromiumSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install it with "apt-get install -y chromium" (.ci/run does this).`);
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'msb-chromium-'));
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
      viewport: { width: 1280, height: 900 },
      timeout: 60_000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  // Only loopback may be reached: fonts from Microsoft's CDN, telemetry and the like are aborted.
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLoopbackUrl(url)) {
      await route.continue();
    } else {
      blockedRequests.push(url);
      await route.abort('blockedbyclient');
    }
  });
  await context.routeWebSocket(
    (url) => !isLoopbackUrl(url.toString()),
    async (ws) => {
      blockedRequests.push(ws.url());
      await ws.close();
    },
  );
  context.on('weberror', (webError) => pageErrors.push(String(webError.error())));

  let closed: Promise<void> | undefined;
  return {
    context,
    blockedRequests,
    pageErrors,
    close: () => {
      closed ??= context.close().finally(() => rmSync(userDataDir, { recursive: true, force: true }));
      return closed;
    },
  };
}

/** A message sent from the composer; pass it to waitForCardText to consider only later cards. */
export interface SentMessage {
  text: string;
  /** How many cards the conversation showed before sending. */
  cardsBefore: number;
}

export interface WaitForCardOptions {
  /** Only cards that appeared after this message count. */
  after?: SentMessage;
  timeoutMs?: number;
}

export interface PlaygroundPage {
  page: Page;
  /** Types into the composer and sends with Enter; resolves once the composer is cleared. */
  sendMessage(text: string): Promise<SentMessage>;
  /** Waits for a rendered Adaptive Card whose text contains `text`; returns that card. */
  waitForCardText(text: string, options?: WaitForCardOptions): Promise<Locator>;
  /** The visible text of every card in the open conversation, oldest first. */
  cardTexts(): Promise<string[]>;
  /** Full-page PNG under test/artifacts/<name>.png; returns the path. */
  screenshot(name: string): Promise<string>;
}

/** Opens the Playground web UI and waits until its composer is ready. */
export async function openPlayground(session: ChromiumSession, url: string, options: { timeoutMs?: number } = {}): Promise<PlaygroundPage> {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const page = await session.context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  const composer = page.locator(SELECTORS.composer);
  await composer.waitFor({ state: 'visible', timeout }).catch((error: unknown) => {
    throw new Error(`The Playground at ${url} showed no message composer within ${timeout} ms: ${String(error)}`);
  });
  const cards = page.locator(SELECTORS.card);

  const cardTexts = async (): Promise<string[]> => cards.evaluateAll((elements) => elements.map((element) => (element as HTMLElement).innerText.trim()));

  const sendMessage = async (text: string): Promise<SentMessage> => {
    const cardsBefore = await cards.count();
    await composer.click();
    // The composer is a Lexical editor: it reacts to key events, not to a value being set.
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await page
      .waitForFunction((selector) => (document.querySelector(selector) as HTMLElement | null)?.innerText.trim() === '', SELECTORS.composer, { timeout })
      .catch(() => {
        throw new Error(`The Playground did not send "${text}" within ${timeout} ms (the composer still holds text).`);
      });
    return { text, cardsBefore };
  };

  const waitForCardText = async (text: string, waitOptions: WaitForCardOptions = {}): Promise<Locator> => {
    const waitTimeout = waitOptions.timeoutMs ?? timeout;
    const from = waitOptions.after?.cardsBefore ?? 0;
    try {
      const handle = await page.waitForFunction(
        ({ selector, wanted, start }) => {
          const found = Array.from(document.querySelectorAll(selector)).findIndex(
            (element, index) => index >= start && (element as HTMLElement).innerText.includes(wanted),
          );
          // An object, because a found index of 0 would read as "not yet" to waitForFunction.
          return found >= 0 ? { index: found } : false;
        },
        { selector: SELECTORS.card, wanted: text, start: from },
        { timeout: waitTimeout, polling: 100 },
      );
      const { index } = (await handle.jsonValue()) as { index: number };
      await handle.dispose();
      return cards.nth(index);
    } catch (error) {
      if (!(error instanceof errors.TimeoutError)) throw error;
      const seen = (await cardTexts()).slice(from).map((card) => `  ---\n  ${card.replace(/\n/g, '\n  ')}`);
      const after = waitOptions.after ? ` after "${waitOptions.after.text}"` : '';
      throw new Error(
        `No Adaptive Card containing "${text}" appeared${after} within ${waitTimeout} ms. Cards seen:\n${seen.join('\n') || '  (none)'}` +
          (session.pageErrors.length > 0 ? `\nPage errors:\n  ${session.pageErrors.join('\n  ')}` : ''),
      );
    }
  };

  const screenshot = async (name: string): Promise<string> => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  };

  return { page, sendMessage, waitForCardText, cardTexts, screenshot };
}
