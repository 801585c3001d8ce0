/**
 * The budget of a run shared through Redis by every worker: the same caps and the same
 * reserve-then-bill rule as `createUsageLedger`, with the check and the reservation made in one
 * Lua script, so two processes can never both take the last of a cap. Reservations carry an expiry,
 * so those of a killed worker return to the budget after `reservationTtlMs`. The ratio of real to
 * estimated input tokens is learned across all workers, too.
 *
 * Keys (one Redis Cluster slot through the `{scope}` hash tag): `<prefix>:{scope}:totals` (a hash of
 * totals and reserved amounts), `:held` (reservation id -> "tokens usd") and `:expiry` (a sorted set
 * of reservation ids by expiry time). A Redis without persistence forgets the totals when it
 * restarts; run it with appendonly for a budget that must survive that.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { SampleForgeError } from '../errors.js';
import { defineRedisScript } from './redis-script.js';
import type { TokenUsage } from './spec.js';
import { createCostFunction, type BudgetLimits, type BudgetReservation, type UsageLedger, type UsageTotals } from './usage-ledger.js';

export interface RedisUsageLedgerOptions {
  /** A connected client; the ledger does not close it. */
  redis: Redis;
  /** Names the budget: every ledger with the same scope shares it (use the run id). */
  scope: string;
  limits?: BudgetLimits;
  /** Key prefix; default `sampleforge:llm-budget`. */
  prefix?: string;
  /** How long a reservation is held before it counts as abandoned, in ms; default 600,000. */
  reservationTtlMs?: number;
  /** How often a request that does not fit yet asks again while others hold reservations, in ms; default 25. */
  pollMs?: number;
}

/** A ledger shared through Redis. */
export interface RedisUsageLedger extends UsageLedger {
  /** Totals of every process sharing the scope. */
  readSharedTotals(): Promise<UsageTotals & { reservedRequests: number }>;
  /** Waits for counter updates still on their way to Redis. */
  flush(): Promise<void>;
}

// Returns one reservation (its id in ARGV[1]) to the budget, if it is still held.
const RELEASE = `
local function release(id, expired)
  local held = redis.call('HGET', KEYS[2], id)
  if held then
    local gap = string.find(held, ' ')
    redis.call('HINCRBY', KEYS[1], 'reservedRequests', -1)
    redis.call('HINCRBY', KEYS[1], 'reservedTokens', -tonumber(string.sub(held, 1, gap - 1)))
    redis.call('HINCRBYFLOAT', KEYS[1], 'reservedUsd', -tonumber(string.sub(held, gap + 1)))
    if expired then redis.call('HINCRBY', KEYS[1], 'expiredReservations', 1) end
    redis.call('HDEL', KEYS[2], id)
    -- No reservation left: clear the float residue of many additions and subtractions.
    if tonumber(redis.call('HGET', KEYS[1], 'reservedRequests')) <= 0 then
      redis.call('HSET', KEYS[1], 'reservedRequests', 0, 'reservedTokens', 0, 'reservedUsd', 0)
    end
  end
  redis.call('ZREM', KEYS[3], id)
end
`;

// KEYS: totals, held, expiry. ARGV: id, estimated tokens in, max tokens out, price in and out per
// million (-1 = no price), max requests, max tokens, max usd (-1 = no cap), ttl ms.
const reserveScript = defineRedisScript(`${RELEASE}
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do release(id, true) end
local t = redis.call('HMGET', KEYS[1], 'requests', 'tokensIn', 'tokensOut', 'costUsd', 'reservedRequests', 'reservedTokens', 'reservedUsd', 'inputScale')
local requests = tonumber(t[1] or '0')
local used = tonumber(t[2] or '0') + tonumber(t[3] or '0')
local cost = tonumber(t[4] or '0')
local reservedRequests = tonumber(t[5] or '0')
local reservedTokens = tonumber(t[6] or '0')
local reservedUsd = tonumber(t[7] or '0')
local tokensIn = math.ceil(tonumber(ARGV[2]) * tonumber(t[8] or '1'))
local tokensOut = tonumber(ARGV[3])
local needTokens = tokensIn + tokensOut
local needUsd = 0
if tonumber(ARGV[4]) >= 0 then needUsd = (tokensIn * tonumber(ARGV[4]) + tokensOut * tonumber(ARGV[5])) / 1000000 end
local maxRequests, maxTokens, maxUsd = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local reason = ''
if maxRequests >= 0 and requests + reservedRequests + 1 > maxRequests then reason = 'requests'
elseif maxTokens >= 0 and used + reservedTokens + needTokens > maxTokens then reason = 'tokens'
elseif maxUsd >= 0 and cost + reservedUsd + needUsd > maxUsd + 1e-12 then reason = 'usd' end
if reason ~= '' then
  return {0, reason, reservedRequests, requests, used, string.format('%.17g', cost), needTokens, string.format('%.17g', needUsd)}
end
redis.call('HINCRBY', KEYS[1], 'reservedRequests', 1)
redis.call('HINCRBY', KEYS[1], 'reservedTokens', needTokens)
redis.call('HINCRBYFLOAT', KEYS[1], 'reservedUsd', needUsd)
redis.call('HSET', KEYS[2], ARGV[1], needTokens .. ' ' .. string.format('%.17g', needUsd))
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[9]), ARGV[1])
return {1}
`);

// KEYS: totals, held, expiry. ARGV: id, tokens in, tokens out, cost usd, estimated tokens in.
const commitScript = defineRedisScript(`${RELEASE}
release(ARGV[1], false)
redis.call('HINCRBY', KEYS[1], 'requests', 1)
redis.call('HINCRBY', KEYS[1], 'tokensIn', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'tokensOut', ARGV[3])
redis.call('HINCRBYFLOAT', KEYS[1], 'costUsd', ARGV[4])
local estimated = tonumber(ARGV[5])
if estimated > 0 then
  local ratio = tonumber(ARGV[2]) / estimated
  if ratio > tonumber(redis.call('HGET', KEYS[1], 'inputScale') or '1') then
    redis.call('HSET', KEYS[1], 'inputScale', string.format('%.17g', ratio))
  end
end
return 1
`);

// KEYS: totals, held, expiry. ARGV: id.
const cancelScript = defineRedisScript(`${RELEASE}
release(ARGV[1], false)
return 1
`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a ledger whose caps hold across every process sharing `scope`. */
export function createRedisUsageLedger(options: RedisUsageLedgerOptions): RedisUsageLedger {
  const limits = options.limits ?? {};
  const base = `${options.prefix ?? 'sampleforge:llm-budget'}:{${options.scope}}`;
  const keys = [`${base}:totals`, `${base}:held`, `${base}:expiry`];
  const ttlMs = options.reservationTtlMs ?? 600_000;
  const pollMs = options.pollMs ?? 25;
  const costOf = createCostFunction(limits);
  const owner = randomBytes(6).toString('hex');
  let sequence = 0;
  const local: UsageTotals = { requests: 0, cacheHits: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, failedAttempts: 0 };
  const pending = new Set<Promise<unknown>>();
  const count = (field: 'cacheHits' | 'failedAttempts') => {
    local[field] += 1;
    const update = options.redis.hincrby(keys[0], field, 1).catch(() => {}).finally(() => pending.delete(update));
    pending.add(update);
  };
  const flush = async () => {
    await Promise.all([...pending]);
  };
  const readSharedTotals = async () => {
    await flush();
    const [requests, cacheHits, tokensIn, tokensOut, costUsd, failedAttempts, reservedRequests] = await options.redis.hmget(
      keys[0], 'requests', 'cacheHits', 'tokensIn', 'tokensOut', 'costUsd', 'failedAttempts', 'reservedRequests');
    const number = (value: string | null) => (value === null ? 0 : Number(value));
    return {
      requests: number(requests), cacheHits: number(cacheHits), tokensIn: number(tokensIn), tokensOut: number(tokensOut),
      costUsd: number(costUsd), failedAttempts: number(failedAttempts), reservedRequests: number(reservedRequests),
    };
  };

  return {
    async reserve(request) {
      const price = limits.prices?.[request.modelId];
      if (price === undefined) costOf(request.modelId, { tokensIn: 0, tokensOut: 0 });
      const id = `${owner}:${++sequence}`;
      for (;;) {
        const answer = (await reserveScript(options.redis, keys, [
          id, request.tokensIn, request.maxTokensOut, price?.inputPerMillion ?? -1, price?.outputPerMillion ?? 0,
          limits.maxRequests ?? -1, limits.maxTokens ?? -1, limits.maxUsd ?? -1, ttlMs,
        ])) as [number, string?, number?, number?, number?, string?, number?, string?];
        if (answer[0] === 1) break;
        const [, reason, reservedRequests, requests, used, cost, needTokens, needUsd] = answer;
        if (reservedRequests === 0) {
          const detail = reason === 'requests'
            ? `${requests} of llm.budget.maxRequests ${limits.maxRequests} requests used`
            : reason === 'tokens'
              ? `${used} of llm.budget.maxTokens ${limits.maxTokens} tokens used and the next request may need ${needTokens}`
              : `$${Number(cost).toFixed(6)} of llm.budget.maxUsd $${limits.maxUsd} spent and the next request may cost $${Number(needUsd).toFixed(6)}`;
          throw new SampleForgeError('E_BUDGET', `LLM budget reached (shared by all workers under ${base}): ${detail}. Completed answers are cached; rerun with a larger budget to resume`, {
            details: { ...(await readSharedTotals()), scope: options.scope },
          });
        }
        // Requests in flight somewhere may leave part of their reservation unused: ask again soon.
        await sleep(pollMs);
      }
      let settled = false;
      return {
        async commit(usage: TokenUsage) {
          if (settled) return 0;
          settled = true;
          const cost = costOf(request.modelId, usage);
          await commitScript(options.redis, keys, [id, usage.tokensIn, usage.tokensOut, cost, request.tokensIn]);
          local.requests += 1;
          local.tokensIn += usage.tokensIn;
          local.tokensOut += usage.tokensOut;
          local.costUsd += cost;
          return cost;
        },
        async cancel() {
          if (settled) return;
          settled = true;
          await cancelScript(options.redis, keys, [id]);
        },
      } satisfies BudgetReservation;
    },
    recordCacheHit: () => count('cacheHits'),
    recordFailedAttempt: () => count('failedAttempts'),
    costOf,
    totals: () => ({ ...local }),
    readSharedTotals,
    flush,
  };
}
