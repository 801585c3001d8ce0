/**
 * Accounting and budget of one run: requests, tokens, cost and cache hits, with caps on tokens,
 * requests and money. A request reserves its worst case (estimated input plus its output cap)
 * before it starts, so no request starts that could cross a cap; when one does not fit, the
 * ledger waits for in-flight requests to settle (they may release unused reservation) and then
 * throws E_BUDGET. Only successful responses are billed, so a retried request counts once.
 *
 * Input tokens are estimated without the provider's tokenizer; the ledger learns the largest
 * ratio of real to estimated input tokens from every answer and scales later estimates by it, so
 * only requests started before the first answer can overshoot a token or money cap, and only by
 * their estimation error.
 */
import { SampleForgeError } from '../errors.js';
import type { ChatMessage, TokenUsage } from './spec.js';

/** Price of one model in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export interface BudgetLimits {
  /** Cap on tokens in + out billed in this run. */
  maxTokens?: number;
  /** Cap on billed provider requests in this run. */
  maxRequests?: number;
  /** Cap on money in US dollars; needs a price for every model used. */
  maxUsd?: number;
  /** Prices by model id; models without a price cost 0 unless `maxUsd` is set (then E_CONFIG). */
  prices?: Record<string, ModelPrice>;
}

/** Totals of a run so far. Cache hits are counted apart and never billed. */
export interface UsageTotals {
  requests: number;
  cacheHits: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Attempts that failed and were retried or given up (not billed). */
  failedAttempts: number;
}

/** A held reservation; exactly one of `commit` or `cancel` settles it (later calls do nothing). */
export interface BudgetReservation {
  /** Bills the real usage and returns its cost in US dollars. */
  commit(usage: TokenUsage): Promise<number>;
  cancel(): Promise<void>;
}

export interface UsageLedger {
  reserve(request: { modelId: string; tokensIn: number; maxTokensOut: number }): Promise<BudgetReservation>;
  recordCacheHit(): void;
  recordFailedAttempt(): void;
  /** Cost in US dollars of `usage` on `modelId` (0 without a price). */
  costOf(modelId: string, usage: TokenUsage): number;
  /** What this ledger recorded; for a ledger shared through Redis, this process's share. */
  totals(): UsageTotals;
}

/**
 * The price function of `limits`: US dollars of `usage` on a model, 0 for a model without a price
 * unless `maxUsd` is set (then E_CONFIG, since the cap could not be kept).
 */
export function createCostFunction(limits: BudgetLimits): (modelId: string, usage: TokenUsage) => number {
  return (modelId, usage) => {
    const price = limits.prices?.[modelId];
    if (price === undefined) {
      if (limits.maxUsd !== undefined) {
        throw new SampleForgeError('E_CONFIG', `llm.budget.prices: no price for model ${JSON.stringify(modelId)} while llm.budget.maxUsd is set; add llm.budget.prices.${modelId}`, {
          details: { path: 'llm.budget.prices', value: modelId },
        });
      }
      return 0;
    }
    return (usage.tokensIn * price.inputPerMillion + usage.tokensOut * price.outputPerMillion) / 1_000_000;
  };
}

/**
 * A conservative input-token estimate: UTF-8 bytes / 3 (about one token per CJK character and
 * 1.3 per 4 English characters) plus 4 tokens of framing per message.
 */
export function estimateTokens(messages: readonly ChatMessage[]): number {
  let total = 0;
  for (const message of messages) total += Math.ceil(Buffer.byteLength(message.content, 'utf8') / 3) + 4;
  return total;
}

/** Options of {@link createUsageLedger}. */
export interface UsageLedgerOptions {
  /**
   * What earlier attempts of the same run used (e.g. before a `--resume`): the ledger starts from
   * these totals, so the caps hold for the run as a whole. Default nothing.
   */
  spent?: UsageTotals;
}

/** Creates a ledger with the given caps (none = unlimited, accounting only). */
export function createUsageLedger(limits: BudgetLimits = {}, options: UsageLedgerOptions = {}): UsageLedger {
  const totals: UsageTotals = { requests: 0, cacheHits: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, failedAttempts: 0, ...options.spent };
  const reserved = { requests: 0, tokens: 0, usd: 0 };
  let waiters: (() => void)[] = [];
  let inputScale = 1;

  const costOf = createCostFunction(limits);

  const notify = (): void => {
    const current = waiters;
    waiters = [];
    for (const waiter of current) waiter();
  };

  const overCap = (need: { tokens: number; usd: number }): string | undefined => {
    if (limits.maxRequests !== undefined && totals.requests + reserved.requests + 1 > limits.maxRequests) {
      return `${totals.requests} of llm.budget.maxRequests ${limits.maxRequests} requests used`;
    }
    if (limits.maxTokens !== undefined && totals.tokensIn + totals.tokensOut + reserved.tokens + need.tokens > limits.maxTokens) {
      return `${totals.tokensIn + totals.tokensOut} of llm.budget.maxTokens ${limits.maxTokens} tokens used and the next request may need ${need.tokens}`;
    }
    if (limits.maxUsd !== undefined && totals.costUsd + reserved.usd + need.usd > limits.maxUsd + 1e-12) {
      return `$${totals.costUsd.toFixed(6)} of llm.budget.maxUsd $${limits.maxUsd} spent and the next request may cost $${need.usd.toFixed(6)}`;
    }
    return undefined;
  };

  return {
    async reserve(request) {
      let need = { tokens: 0, usd: 0 };
      for (;;) {
        const tokensIn = Math.ceil(request.tokensIn * inputScale);
        need = { tokens: tokensIn + request.maxTokensOut, usd: costOf(request.modelId, { tokensIn, tokensOut: request.maxTokensOut }) };
        const reason = overCap(need);
        if (reason === undefined) break;
        if (reserved.requests === 0) {
          throw new SampleForgeError('E_BUDGET', `LLM budget reached: ${reason}. Completed answers are cached; rerun with a larger budget to resume`, {
            details: { ...totals },
          });
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const held = need;
      reserved.requests += 1;
      reserved.tokens += held.tokens;
      reserved.usd += held.usd;
      let settled = false;
      const release = (): void => {
        settled = true;
        reserved.requests -= 1;
        reserved.tokens -= held.tokens;
        reserved.usd -= held.usd;
      };
      return {
        async commit(usage) {
          if (settled) return 0;
          release();
          const cost = costOf(request.modelId, usage);
          if (request.tokensIn > 0) inputScale = Math.max(inputScale, usage.tokensIn / request.tokensIn);
          totals.requests += 1;
          totals.tokensIn += usage.tokensIn;
          totals.tokensOut += usage.tokensOut;
          totals.costUsd += cost;
          notify();
          return cost;
        },
        async cancel() {
          if (settled) return;
          release();
          notify();
        },
      };
    },
    recordCacheHit() {
      totals.cacheHits += 1;
    },
    recordFailedAttempt() {
      totals.failedAttempts += 1;
    },
    costOf,
    totals: () => ({ ...totals }),
  };
}
