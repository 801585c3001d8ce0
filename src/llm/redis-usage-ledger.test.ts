import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { useTestRedis } from '../workers/test-support/use-test-redis.js';
import { createRedisUsageLedger } from './redis-usage-ledger.js';
import type { BudgetLimits } from './usage-ledger.js';

const redis = useTestRedis();

/** A ledger on a connection of its own, as a separate worker would have. */
function ledger(scope: string, limits: BudgetLimits, extra: { reservationTtlMs?: number } = {}) {
  const client = redis.connect();
  return createRedisUsageLedger({ redis: client, scope, limits, ...extra });
}

const isBudget = (error: unknown) => SampleForgeError.is(error, 'E_BUDGET');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRedisUsageLedger', () => {
  it('two clients spend one request cap exactly: no overspend, no request refused while one still fits', async () => {
    const [a, b] = [ledger('requests', { maxRequests: 25 }), ledger('requests', { maxRequests: 25 })];
    const attempt = async (spender: typeof a) => {
      try {
        const reservation = await spender.reserve({ modelId: 'm', tokensIn: 10, maxTokensOut: 10 });
        await pause(5);
        await reservation.commit({ tokensIn: 10, tokensOut: 3 });
        return 'billed';
      } catch (error) {
        if (isBudget(error)) return 'refused';
        throw error;
      }
    };
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => attempt(i % 2 === 0 ? a : b)));
    expect(outcomes.filter((outcome) => outcome === 'billed')).toHaveLength(25);
    expect(await a.readSharedTotals()).toMatchObject({ requests: 25, tokensIn: 250, tokensOut: 75, reservedRequests: 0 });
    expect(a.totals().requests + b.totals().requests).toBe(25);
  });

  it('keeps a money cap across clients, reserving the worst case and returning what was not used', async () => {
    // At $100 per million tokens each way, a request reserves (10 in + 20 out) = $0.003 and really
    // costs (10 + 5) = $0.0015. Under $0.0065 one more fits while spent <= $0.0035: three are billed,
    // in any interleaving.
    const limits: BudgetLimits = { maxUsd: 0.0065, prices: { m: { inputPerMillion: 100, outputPerMillion: 100 } } };
    const [a, b] = [ledger('usd-cap', limits), ledger('usd-cap', limits)];
    const outcomes = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      try {
        const reservation = await (i % 2 ? a : b).reserve({ modelId: 'm', tokensIn: 10, maxTokensOut: 20 });
        await pause(5);
        return await reservation.commit({ tokensIn: 10, tokensOut: 5 });
      } catch (error) {
        if (isBudget(error)) return 'refused';
        throw error;
      }
    }));
    expect(outcomes.filter((outcome) => outcome !== 'refused')).toEqual([0.0015, 0.0015, 0.0015]);
    const totals = await a.readSharedTotals();
    expect(totals).toMatchObject({ requests: 3, tokensIn: 30, tokensOut: 15, reservedRequests: 0 });
    expect(totals.costUsd).toBeCloseTo(0.0045, 12);
  });

  it('a cancelled reservation returns to the budget, and an abandoned one after its expiry', async () => {
    const holder = ledger('expiry', { maxRequests: 1 }, { reservationTtlMs: 300 });
    const other = ledger('expiry', { maxRequests: 1 });
    const cancelled = await holder.reserve({ modelId: 'm', tokensIn: 1, maxTokensOut: 1 });
    await cancelled.cancel();
    // Held and never settled, as by a worker killed mid-request.
    await holder.reserve({ modelId: 'm', tokensIn: 1, maxTokensOut: 1 });
    const started = performance.now();
    const reservation = await other.reserve({ modelId: 'm', tokensIn: 1, maxTokensOut: 1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    await reservation.commit({ tokensIn: 1, tokensOut: 1 });
    await expect(other.reserve({ modelId: 'm', tokensIn: 1, maxTokensOut: 1 })).rejects.toSatisfy(isBudget);
    expect(await other.readSharedTotals()).toMatchObject({ requests: 1, reservedRequests: 0 });
  });

  it('counts cache hits and failed attempts of every client, learns the input-token ratio across them, and needs prices for a money cap', async () => {
    const [a, b] = [ledger('counts', { maxTokens: 1000 }), ledger('counts', { maxTokens: 1000 })];
    a.recordCacheHit();
    b.recordCacheHit();
    b.recordFailedAttempt();
    // Estimated 10 input tokens, really 20: later estimates everywhere double.
    await (await a.reserve({ modelId: 'm', tokensIn: 10, maxTokensOut: 0 })).commit({ tokensIn: 20, tokensOut: 0 });
    // 980 left; an estimate of 480 now needs 960 + 30: over the cap, and nothing is in flight.
    await expect(b.reserve({ modelId: 'm', tokensIn: 480, maxTokensOut: 30 })).rejects.toSatisfy(isBudget);
    expect(await b.readSharedTotals()).toMatchObject({ cacheHits: 2, failedAttempts: 1, requests: 1, tokensIn: 20 });
    await expect(ledger('usd', { maxUsd: 1 }).reserve({ modelId: 'unpriced', tokensIn: 1, maxTokensOut: 1 })).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_CONFIG'));
  });
});
