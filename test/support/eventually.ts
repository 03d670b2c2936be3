/** Retries `check` until it stops throwing (or the time is up, then its last error): for effects that land in the background. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutInMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
