import type { PersonaKey } from '../../scripts/start-sandbox';
import { launchChromium, openPlayground, type ChromiumSession, type PlaygroundPage } from './chromium';
import { startTestStack, type TestStack } from './playground';

/**
 * One e2e suite's stack (sandbox, bot, Playground) and headless Chromium, started together.
 * The start-up promises are kept so `stop()` closes whatever started even when `start()` failed
 * or timed out half-way; otherwise a Playground process or a browser would outlive jest.
 */
export class PlaygroundSession {
  private stackStarting?: Promise<TestStack>;
  private browserStarting?: Promise<ChromiumSession>;
  stack!: TestStack;
  browser!: ChromiumSession;
  playground!: PlaygroundPage;

  /** `personas`: who besides the Global Admin gets a Playground (open it with `openPersona`). */
  constructor(private readonly options: { personas?: readonly PersonaKey[] } = {}) {}

  /** `prepare` runs after the stack is up and before the page opens (e.g. seeding bot state). */
  async start(prepare?: (stack: TestStack) => Promise<void>): Promise<this> {
    this.stackStarting = startTestStack({ personas: this.options.personas });
    this.browserStarting = launchChromium();
    [this.stack, this.browser] = await Promise.all([this.stackStarting, this.browserStarting]);
    await prepare?.(this.stack);
    this.playground = await openPlayground(this.browser, this.stack.playgroundUrl);
    return this;
  }

  /** Opens another persona's own Playground, in a new tab of the same browser. */
  async openPersona(key: PersonaKey): Promise<PlaygroundPage> {
    const persona = this.stack.personas.find((candidate) => candidate.key === key);
    if (!persona) throw new Error(`No Playground was started for the persona "${key}"; pass it in new PlaygroundSession({ personas }).`);
    return openPlayground(this.browser, persona.playgroundUrl);
  }

  async stop(): Promise<void> {
    const [stack, browser] = await Promise.allSettled([this.stackStarting, this.browserStarting]);
    await Promise.allSettled([
      browser.status === 'fulfilled' ? browser.value?.close() : undefined,
      stack.status === 'fulfilled' ? stack.value?.stop() : undefined,
    ]);
  }
}
