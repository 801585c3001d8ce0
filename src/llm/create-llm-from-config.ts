/**
 * Builds the whole LLM stack from a validated `llm` config section: provider, cache, ledger,
 * limits and privacy, wrapped in one gateway. With `llm.shared` on Redis (by default whenever
 * `queue.redis` is set) the cache, the budget and the rate limits live in Redis and hold across all
 * workers together. The caller disposes the stack when the run ends.
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { LlmConfig } from '../config/llm.js';
import { SampleForgeError } from '../errors.js';
import { redactRedisUrl, redisOptionsFromUrl } from '../internal/redis-url.js';
import { createLlamaCpp } from './llama-cpp.js';
import { openLlmCache, type LlmCache } from './llm-cache.js';
import { createLlmGateway, type LlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createPiiMasker } from './pii-masker.js';
import type { RateLimiter } from './rate-limiter.js';
import { createRedisLlmCache } from './redis-llm-cache.js';
import { createRedisRateLimiter, type RedisRateLimiter } from './redis-rate-limiter.js';
import { createRedisUsageLedger, type RedisUsageLedger } from './redis-usage-ledger.js';
import { createUsageLedger, type UsageLedger, type UsageTotals } from './usage-ledger.js';

export interface CreateLlmOptions {
  /** Environment holding the API key named by `apiKeyEnv`; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Injectable fetch for the HTTP provider. */
  fetch?: typeof fetch;
  /** User ids of the run, masked wherever they appear. */
  knownUserIds?: Iterable<string>;
  /** Folder relative paths (cache, model) resolve against; default the working directory. */
  baseDirectory?: string;
  /** `queue.redis` of the run: with `llm.shared` auto or redis, the cache, budget and limits live there. */
  redisUrl?: string;
  /**
   * Names the shared budget: every process passing the same scope (the run id, handed to the
   * workers with their shards) spends from one budget. Required when the state is shared.
   */
  budgetScope?: string;
  /**
   * Usage of earlier attempts of the same run (a `--resume`), counted against the budget of a
   * ledger in this process. A budget shared through Redis keeps its own totals per `budgetScope`.
   */
  spent?: UsageTotals;
}

/** A ready gateway and the resources to release with `dispose()`. */
export interface LlmStack {
  gateway: LlmGateway;
  /** Whether the cache, budget and limits are shared through Redis. */
  readonly shared: boolean;
  /** Usage of the whole run: every worker's when shared, else this process's. */
  readTotals(): Promise<UsageTotals>;
  dispose(): Promise<void>;
}

interface SharedState {
  cache: LlmCache | undefined;
  ledger: RedisUsageLedger;
  limiter: RedisRateLimiter | undefined;
  close(): Promise<void>;
}

/** The cache, ledger and (for an HTTP provider) limiter in Redis. */
function openSharedState(config: LlmConfig, redisUrl: string, budgetScope: string): SharedState {
  const redis = new Redis(redisOptionsFromUrl(redisUrl, 'queue.redis'));
  redis.on('error', () => {});
  const limits = config.limits;
  // A request holds its budget through all its retries, and a rate-limit slot through one attempt.
  const reservationTtlMs = 2 * (limits.maxRetries + 1) * limits.timeoutMs;
  const provider = config.provider;
  const ledger = createRedisUsageLedger({ redis, scope: budgetScope, limits: config.budget, reservationTtlMs });
  const limiter = provider.type === 'openai-compatible'
    ? createRedisRateLimiter({ redis, scope: `${provider.baseUrl}|${provider.model}`, concurrency: limits.concurrency, requestsPerMinute: limits.rpm, tokensPerMinute: limits.tpm, leaseMs: 2 * limits.timeoutMs })
    : undefined;
  return {
    cache: config.cache.enabled ? createRedisLlmCache({ redis, location: redactRedisUrl(redisUrl) }) : undefined,
    ledger,
    limiter,
    async close() {
      await Promise.all([ledger.flush(), limiter?.flush()]);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Creates the gateway described by `config`. */
export function createLlmFromConfig(config: LlmConfig, options: CreateLlmOptions = {}): LlmStack {
  const base = options.baseDirectory ?? process.cwd();
  const provider = config.provider;
  const { redisUrl, budgetScope } = options;
  const useRedis = config.shared === 'redis' || (config.shared === 'auto' && redisUrl !== undefined);
  if (useRedis && redisUrl === undefined) {
    throw new SampleForgeError('E_CONFIG', 'llm.shared: "redis" keeps the cache, budget and limits in Redis, but queue.redis is not set; set queue.redis or use llm.shared: local', {
      details: { path: 'llm.shared', value: config.shared },
    });
  }
  if (useRedis && budgetScope === undefined) {
    throw new SampleForgeError('E_USAGE', 'createLlmFromConfig: a budget shared through Redis needs budgetScope (the run id), so that each run has its own budget');
  }
  let dispose: () => Promise<void> = async () => undefined;
  let model;
  let embeddingModel;
  if (provider.type === 'openai-compatible') {
    const http = createOpenAICompatible({ baseUrl: provider.baseUrl, apiKeyEnv: provider.apiKeyEnv, headers: provider.headers, env: options.env, fetch: options.fetch });
    model = http.languageModel(provider.model);
    embeddingModel = provider.embeddingModel === undefined ? undefined : http.embeddingModel(provider.embeddingModel);
  } else {
    const llama = createLlamaCpp({ modelPath: resolve(base, provider.modelPath), threads: provider.threads, contextSize: provider.contextSize, sequences: provider.sequences, defaultMaxTokens: config.maxOutputTokens });
    model = llama.languageModel();
    embeddingModel = llama.embeddingModel();
    dispose = () => llama.dispose();
  }
  const shared = useRedis && redisUrl !== undefined && budgetScope !== undefined ? openSharedState(config, redisUrl, budgetScope) : undefined;
  const cache = shared ? shared.cache : config.cache.enabled ? openLlmCache({ path: resolve(base, config.cache.path) }) : undefined;
  const ledger: UsageLedger = shared?.ledger ?? createUsageLedger(config.budget, { spent: options.spent });
  const limiter: RateLimiter | undefined = shared?.limiter;
  const gateway = createLlmGateway({
    model,
    embeddingModel,
    cache,
    ledger,
    limiter,
    limits: { concurrency: config.limits.concurrency, requestsPerMinute: config.limits.rpm, tokensPerMinute: config.limits.tpm },
    retry: { maxRetries: config.limits.maxRetries, timeoutMs: config.limits.timeoutMs },
    privacy: config.privacy.enabled ? createPiiMasker({ userIdPatterns: config.privacy.userIdPatterns, knownUserIds: options.knownUserIds }) : undefined,
    defaultMaxTokens: config.maxOutputTokens,
    seed: config.limits.seed,
  });
  return {
    gateway,
    shared: shared !== undefined,
    readTotals: async () => (shared ? shared.ledger.readSharedTotals() : gateway.totals()),
    async dispose() {
      await cache?.close();
      await shared?.close();
      await dispose();
    },
  };
}
