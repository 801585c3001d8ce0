/**
 * Rate and concurrency limits shared through Redis by every worker: requests-per-minute and
 * tokens-per-minute token buckets (the same rule as `createRateLimiter`: buckets hold `burstSeconds`
 * of the limit, start full and refill continuously) and a cap on requests in flight, all checked
 * and taken in one Lua script on Redis's clock, so machines with skewed clocks agree. A slot in
 * flight is a lease with an expiry, so the slots of a killed worker come back after `leaseMs`.
 * Within a process, callers are served in FIFO order; across processes, whoever asks first.
 *
 * Keys (one Redis Cluster slot through the `{scope}` hash tag): `<prefix>:{scope}:requests` and
 * `:tokens` (bucket level and update time), `:leases` (slots in flight by expiry time).
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createCancelledError } from './provider-error.js';
import type { RateLimiter, RateLimitPermit } from './rate-limiter.js';
import { defineRedisScript } from './redis-script.js';

export interface RedisRateLimiterOptions {
  /** A connected client; the limiter does not close it. */
  redis: Redis;
  /** Names the limits: every limiter with the same scope shares them (e.g. the provider account). */
  scope: string;
  /** Requests in flight at once across all processes; default 4. */
  concurrency?: number;
  /** Requests started per minute across all processes; unlimited when absent. */
  requestsPerMinute?: number;
  /** Tokens (estimated in + reserved out) per minute across all processes; unlimited when absent. */
  tokensPerMinute?: number;
  /** Seconds of the per-minute limits a bucket holds (the largest burst); default 10. */
  burstSeconds?: number;
  /** How long a slot is held before it counts as abandoned, in ms; default 120,000. Keep it above the request timeout. */
  leaseMs?: number;
  /** How often a caller waiting for a free slot asks again, in ms; default 20. */
  pollMs?: number;
  /** Key prefix; default `sampleforge:llm-rate`. */
  prefix?: string;
}

/** A limiter shared through Redis. */
export interface RedisRateLimiter extends RateLimiter {
  /** Waits for slot returns still on their way to Redis. */
  flush(): Promise<void>;
}

/** Lua helpers to read and write a bucket at Redis's time; the burst seconds are in ARGV[burstArgument]. */
const refill = (burstArgument: number) => `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local burst = tonumber(ARGV[${burstArgument}])
local function bucket(key, perMinute)
  local capacity = math.max(1, perMinute * burst / 60)
  local state = redis.call('HMGET', key, 'level', 'updatedAt')
  local level = tonumber(state[1]) or capacity
  local updatedAt = tonumber(state[2]) or now
  return math.min(capacity, level + math.max(0, now - updatedAt) * perMinute / 60000), capacity
end
local function store(key, level)
  redis.call('HSET', key, 'level', string.format('%.17g', level), 'updatedAt', string.format('%.17g', now))
end
`;

// KEYS: requests bucket, tokens bucket, leases. ARGV: lease id, tokens, concurrency, rpm, tpm (0 =
// none), burst seconds, lease ms. Returns {1, charged tokens} or {0, ms to wait (-1: for a slot)}.
const acquireScript = defineRedisScript(`${refill(6)}
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then return {0, '-1'} end
local rpm, tpm = tonumber(ARGV[4]), tonumber(ARGV[5])
local wait, requestLevel, tokenLevel, charge = 0, 0, 0, 0
if rpm > 0 then
  requestLevel = bucket(KEYS[1], rpm)
  if requestLevel < 1 then wait = math.max(wait, math.ceil((1 - requestLevel) * 60000 / rpm)) end
end
if tpm > 0 then
  local capacity
  tokenLevel, capacity = bucket(KEYS[2], tpm)
  charge = math.min(tonumber(ARGV[2]), capacity)
  if tokenLevel < charge then wait = math.max(wait, math.ceil((charge - tokenLevel) * 60000 / tpm)) end
end
if wait > 0 then return {0, tostring(wait)} end
if rpm > 0 then store(KEYS[1], requestLevel - 1) end
if tpm > 0 then store(KEYS[2], tokenLevel - charge) end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[7]), ARGV[1])
return {1, string.format('%.17g', charge)}
`);

// KEYS: requests bucket, tokens bucket, leases. ARGV: lease id, charged tokens, real tokens (-1 =
// unknown), tpm (0 = none), burst seconds.
const settleScript = defineRedisScript(`${refill(5)}
redis.call('ZREM', KEYS[3], ARGV[1])
local tpm, actual = tonumber(ARGV[4]), tonumber(ARGV[3])
if tpm > 0 and actual >= 0 then
  local level, capacity = bucket(KEYS[2], tpm)
  store(KEYS[2], math.min(capacity, level + tonumber(ARGV[2]) - actual))
end
return 1
`);

interface Waiter {
  tokens: number;
  resolve: (permit: RateLimitPermit) => void;
  reject: (error: unknown) => void;
}

/** Creates a limiter whose limits hold across every process sharing `scope`. */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const base = `${options.prefix ?? 'sampleforge:llm-rate'}:{${options.scope}}`;
  const keys = [`${base}:requests`, `${base}:tokens`, `${base}:leases`];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const rpm = options.requestsPerMinute ?? 0;
  const tpm = options.tokensPerMinute ?? 0;
  const burstSeconds = options.burstSeconds ?? 10;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 20;
  const owner = randomBytes(6).toString('hex');
  let sequence = 0;
  let active = 0;
  const queue: Waiter[] = [];
  const pending = new Set<Promise<unknown>>();
  let pumping = false;
  let wake: (() => void) | undefined;

  const nap = (ms: number) => new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      wake = undefined;
      resolve();
    }, ms);
    wake = () => {
      clearTimeout(timer);
      wake = undefined;
      resolve();
    };
  });

  const release = (leaseId: string, charged: number, actualTokens: number | undefined) => {
    const update = settleScript(options.redis, keys, [leaseId, charged, actualTokens ?? -1, tpm, burstSeconds])
      .catch(() => {})
      .finally(() => pending.delete(update));
    pending.add(update);
    return update;
  };

  const permit = (leaseId: string, charged: number): RateLimitPermit => {
    active++;
    let settled = false;
    return {
      settle(actualTokens) {
        if (settled) return;
        settled = true;
        active--;
        // The next caller asks again once the slot is back, not after a poll interval.
        void release(leaseId, charged, actualTokens).then(() => wake?.());
      },
    };
  };

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const head = queue[0];
        const leaseId = `${owner}:${++sequence}`;
        let answer: [number, string];
        try {
          answer = (await acquireScript(options.redis, keys, [leaseId, head.tokens, concurrency, rpm, tpm, burstSeconds, leaseMs])) as [number, string];
        } catch (error) {
          queue.splice(queue.indexOf(head), 1);
          head.reject(error);
          continue;
        }
        if (answer[0] === 1) {
          const index = queue.indexOf(head);
          // Cancelled while the slot was being taken: give it straight back.
          if (index < 0) {
            void release(leaseId, Number(answer[1]), 0);
            continue;
          }
          queue.splice(index, 1);
          head.resolve(permit(leaseId, Number(answer[1])));
        } else {
          const wait = Number(answer[1]);
          // Waits are capped so that tokens returned by other processes are noticed.
          await nap(wait < 0 ? pollMs : Math.min(wait, 1000));
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(tokens, signal) {
      if (signal?.aborted) return Promise.reject(createCancelledError('waiting for a rate-limit slot'));
      return new Promise<RateLimitPermit>((resolve, reject) => {
        const waiter: Waiter = { tokens: Math.max(0, tokens), resolve, reject };
        if (signal !== undefined) {
          const onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index >= 0) queue.splice(index, 1);
            reject(createCancelledError('waiting for a rate-limit slot'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          waiter.resolve = (granted) => {
            signal.removeEventListener('abort', onAbort);
            resolve(granted);
          };
        }
        queue.push(waiter);
        void pump();
      });
    },
    inFlight: () => active,
    async flush() {
      await Promise.all([...pending]);
    },
  };
}
