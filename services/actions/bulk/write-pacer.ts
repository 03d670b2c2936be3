/**
 * Paces identity writes below Graph's limit (about 3,000 per 150 s per app and tenant, DESIGN
 * §7) with a token bucket per tenant. A bucket of capacity C refilled at r per second lets at
 * most C + r·T writes through in any window of T seconds; the defaults (1,400 and 10/s) allow
 * 2,900 in 150 s, under the limit, while a bulk of up to 1,400 users needs no wait at all.
 * The bucket lives in memory: after a restart it starts full, which a crash-and-resume of one
 * job cannot push past the limit by more than one bucket.
 */
export interface WritePacerOptions {
  capacity?: number;
  refillPerSecond?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_WRITE_BUCKET = { capacity: 1_400, refillPerSecond: 10 } as const;

export class WritePacer {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private readonly rate: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: WritePacerOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_WRITE_BUCKET.capacity;
    this.rate = options.refillPerSecond ?? DEFAULT_WRITE_BUCKET.refillPerSecond;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Waits until `count` writes may go to the tenant, then takes them. */
  async take(tenantId: string, count: number): Promise<void> {
    const wanted = Math.min(count, this.capacity);
    for (;;) {
      const bucket = this.refill(tenantId);
      if (bucket.tokens >= wanted) {
        bucket.tokens -= wanted;
        return;
      }
      await this.sleep(Math.ceil(((wanted - bucket.tokens) / this.rate) * 1000));
    }
  }

  private refill(tenantId: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(tenantId) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.set(tenantId, bucket);
    return bucket;
  }
}
