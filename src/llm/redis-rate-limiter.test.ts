import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { useTestRedis } from '../workers/test-support/use-test-redis.js';
import { createRedisRateLimiter, type RedisRateLimiterOptions } from './redis-rate-limiter.js';

const redis = useTestRedis();

/** A limiter on a connection of its own, as a separate worker would have. */
function limiter(options: Omit<RedisRateLimiterOptions, 'redis'>) {
  const client = redis.connect();
  return createRedisRateLimiter({ redis: client, ...options });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRedisRateLimiter', () => {
  it('keeps at most `concurrency` requests in flight across two clients', async () => {
    const options = { scope: 'concurrency', concurrency: 3 };
    const pair = [limiter(options), limiter(options)];
    let inFlight = 0;
    let peak = 0;
    await Promise.all(Array.from({ length: 24 }, async (_, i) => {
      const permit = await pair[i % 2].acquire(0);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await pause(15);
      inFlight--;
      permit.settle();
    }));
    expect(peak).toBe(3);
    await Promise.all(pair.map((one) => one.flush()));
  });

  it('spaces requests of two clients to one requests-per-minute limit', async () => {
    // Burst of 1, then one every 100 ms for both together: the sixth starts after about 500 ms.
    const options = { scope: 'rpm', concurrency: 100, requestsPerMinute: 600, burstSeconds: 0.1 };
    const pair = [limiter(options), limiter(options)];
    const started = performance.now();
    const times = await Promise.all(Array.from({ length: 6 }, async (_, i) => {
      (await pair[i % 2].acquire(0)).settle();
      return performance.now() - started;
    }));
    expect(Math.max(...times)).toBeGreaterThanOrEqual(480);
    expect(Math.max(...times)).toBeLessThan(3_000);
  });

  it('spaces requests to one tokens-per-minute limit and refunds unused tokens', async () => {
    // The bucket holds 100 tokens and refills 1 per ms; 3 requests of 100 need about 200 ms.
    const options = { scope: 'tpm', concurrency: 100, tokensPerMinute: 60_000, burstSeconds: 0.1 };
    const [a, b] = [limiter(options), limiter(options)];
    const started = performance.now();
    for (const one of [a, b, a]) {
      const permit = await one.acquire(100);
      permit.settle(100);
    }
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    // Settled with 0 real tokens: each request's charge comes back, so three more pass at once.
    await pause(110);
    const refundStart = performance.now();
    for (const one of [b, a, b]) {
      const permit = await one.acquire(100);
      permit.settle(0);
      await one.flush();
    }
    expect(performance.now() - refundStart).toBeLessThan(150);
  });

  it('gives back the slot of a client that never settles once its lease expires, and cancels a waiting caller', async () => {
    const holder = limiter({ scope: 'lease', concurrency: 1, leaseMs: 300 });
    const other = limiter({ scope: 'lease', concurrency: 1 });
    await holder.acquire(0);
    const stop = new AbortController();
    const cancelled = other.acquire(0, stop.signal);
    stop.abort();
    await expect(cancelled).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_CANCELLED'));
    const started = performance.now();
    (await other.acquire(0)).settle();
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
    expect(holder.inFlight()).toBe(1);
  });
});
