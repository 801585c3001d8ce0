/**
 * Concurrency limit plus requests-per-minute and tokens-per-minute token buckets, granted in FIFO
 * order so no caller starves. Buckets hold `burstSeconds` worth of the limit, start full and refill
 * continuously (limit / 60 s); a small burst keeps the start of a run from tripping the server's
 * own per-second smoothing.
 */
import { createCancelledError } from './provider-error.js';

export interface RateLimiterOptions {
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Requests started per minute; unlimited when absent. */
  requestsPerMinute?: number;
  /** Tokens (estimated in + reserved out) per minute; unlimited when absent. */
  tokensPerMinute?: number;
  /** Seconds of the per-minute limits a bucket holds (the largest burst); default 10. */
  burstSeconds?: number;
  /** Clock in ms; injectable for tests. */
  now?: () => number;
}

/** A granted slot; `settle` returns it and corrects the token bucket with the real usage. */
export interface RateLimitPermit {
  settle(actualTokens?: number): void;
}

export interface RateLimiter {
  /** Waits for a slot and for `tokens` from the token bucket (and one request from the request bucket). */
  acquire(tokens: number, signal?: AbortSignal): Promise<RateLimitPermit>;
  /** Requests currently holding a slot. */
  inFlight(): number;
}

interface Bucket {
  capacity: number;
  perMinute: number;
  level: number;
  updatedAt: number;
}

interface Waiter {
  tokens: number;
  resolve: (permit: RateLimitPermit) => void;
  reject: (error: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Creates a limiter; see `RateLimiterOptions` for the defaults. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const burstSeconds = options.burstSeconds ?? 10;
  const makeBucket = (perMinute: number | undefined): Bucket | undefined => {
    if (perMinute === undefined) return undefined;
    const capacity = Math.max(1, (perMinute * burstSeconds) / 60);
    return { capacity, level: capacity, perMinute, updatedAt: now() };
  };
  const requestBucket = makeBucket(options.requestsPerMinute);
  const tokenBucket = makeBucket(options.tokensPerMinute);
  const queue: Waiter[] = [];
  let active = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const refill = (bucket: Bucket): void => {
    const time = now();
    bucket.level = Math.min(bucket.capacity, bucket.level + ((time - bucket.updatedAt) * bucket.perMinute) / 60_000);
    bucket.updatedAt = time;
  };
  const waitMs = (bucket: Bucket | undefined, amount: number): number => {
    if (bucket === undefined) return 0;
    refill(bucket);
    const needed = Math.min(amount, bucket.capacity) - bucket.level;
    return needed <= 0 ? 0 : Math.ceil((needed * 60_000) / bucket.perMinute);
  };

  const pump = (): void => {
    while (queue.length > 0 && active < concurrency) {
      const head = queue[0];
      const wait = Math.max(waitMs(requestBucket, 1), waitMs(tokenBucket, head.tokens));
      if (wait > 0) {
        if (timer === undefined) {
          timer = setTimeout(() => {
            timer = undefined;
            pump();
          }, wait);
        }
        return;
      }
      queue.shift();
      if (requestBucket !== undefined) requestBucket.level -= 1;
      const charged = tokenBucket === undefined ? 0 : Math.min(head.tokens, tokenBucket.capacity);
      if (tokenBucket !== undefined) tokenBucket.level -= charged;
      active++;
      if (head.onAbort !== undefined) head.signal?.removeEventListener('abort', head.onAbort);
      let settled = false;
      head.resolve({
        settle(actualTokens) {
          if (settled) return;
          settled = true;
          active--;
          if (tokenBucket !== undefined && actualTokens !== undefined) {
            refill(tokenBucket);
            tokenBucket.level = Math.min(tokenBucket.capacity, tokenBucket.level + charged - actualTokens);
          }
          pump();
        },
      });
    }
  };

  return {
    acquire(tokens, signal) {
      if (signal?.aborted) return Promise.reject(createCancelledError('waiting for a rate-limit slot'));
      return new Promise<RateLimitPermit>((resolve, reject) => {
        const waiter: Waiter = { tokens: Math.max(0, tokens), resolve, reject, signal };
        if (signal !== undefined) {
          waiter.onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(createCancelledError('waiting for a rate-limit slot'));
            pump();
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        pump();
      });
    },
    inFlight: () => active,
  };
}
