/**
 * The gateway every request passes on its way out of the process: privacy masking, the
 * content-addressed cache (and in-flight de-duplication), the budget, rate and concurrency
 * limits, retries and timeouts, then the provider. It wraps a provider's model and is itself a
 * model, so the core verbs (`generateText`, `generateObject`, `embed`) take either.
 */
import { SampleForgeError } from '../errors.js';
import { createRng } from '../internal/rng.js';
import type { LlmCache } from './llm-cache.js';
import { createCacheKey } from './llm-cache.js';
import type { PiiMasker, PiiSession } from './pii-masker.js';
import { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limiter.js';
import { redactSecrets } from './redact-secrets.js';
import { withRetries, type RetryOptions } from './retry.js';
import type { ChatMessage, EmbeddingModel, EmbedRequest, EmbedResponse, GenerateRequest, GenerateResponse, LanguageModel } from './spec.js';
import { createUsageLedger, estimateTokens, type BudgetReservation, type UsageLedger, type UsageTotals } from './usage-ledger.js';

export interface LlmGatewayOptions {
  model: LanguageModel;
  embeddingModel?: EmbeddingModel;
  /** Persistent cache; without one every call reaches the provider. */
  cache?: LlmCache;
  /** Budget and accounting; defaults to an unlimited ledger. */
  ledger?: UsageLedger;
  /** Rate and concurrency limits of this process; ignored when `limiter` is given. */
  limits?: RateLimiterOptions;
  /** A ready limiter, e.g. one shared by every worker through Redis; default one made from `limits`. */
  limiter?: RateLimiter;
  retry?: Omit<RetryOptions, 'rng' | 'signal' | 'label' | 'onRetry'>;
  /** Masks personal data in every outgoing text; omit to send text as is. */
  privacy?: PiiMasker;
  /** Output cap sent when a request names none (budget reservations need one); default 512 tokens. */
  defaultMaxTokens?: number;
  /** Seed of the retry jitter; default 0. */
  seed?: number;
}

export interface LlmGateway {
  /** The wrapped language model; pass it to `generateText` / `generateObject`. */
  readonly model: LanguageModel;
  /** The wrapped embedding model, when one was given; pass it to `embed`. */
  readonly embeddingModel: EmbeddingModel | undefined;
  readonly ledger: UsageLedger;
  totals(): UsageTotals;
}

interface StoredGeneration {
  text: string;
  finishReason: GenerateResponse['finishReason'];
}

/** Wraps a model (and optionally an embedding model) with cache, privacy, limits, retries and budget. */
export function createLlmGateway(options: LlmGatewayOptions): LlmGateway {
  const ledger = options.ledger ?? createUsageLedger();
  const limiter = options.limiter ?? createRateLimiter(options.limits);
  const rng = createRng(options.seed ?? 0).fork('llm-retry-jitter');
  const defaultMaxTokens = options.defaultMaxTokens ?? 512;
  const inFlight = new Map<string, Promise<GenerateResponse | EmbedResponse>>();

  const call = async <T extends { usage: { tokensIn: number; tokensOut: number } }>(
    label: string, modelId: string, tokensIn: number, maxTokensOut: number, signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>,
  ): Promise<{ response: T; costUsd: number }> => {
    // The reservation is taken once a slot is held, so queued requests do not pre-empt the budget
    // before earlier answers have taught the ledger the real token counts.
    let reservation: BudgetReservation | undefined;
    try {
      // The attempt's timeout starts once it holds a slot: a long queue (a slow local model, a big
      // batch) must not time requests out before they are sent.
      const response = await withRetries(async (attemptSignal, startTimeout) => {
        const permit = await limiter.acquire(tokensIn + maxTokensOut, attemptSignal);
        startTimeout();
        try {
          reservation ??= await ledger.reserve({ modelId, tokensIn, maxTokensOut });
          const result = await run(attemptSignal);
          permit.settle(result.usage.tokensIn + result.usage.tokensOut);
          return result;
        } catch (error) {
          permit.settle();
          throw error;
        }
      }, { ...options.retry, rng, signal, label, deferTimeout: true, onRetry: () => ledger.recordFailedAttempt() });
      return { response, costUsd: (await reservation?.commit(response.usage)) ?? 0 };
    } catch (error) {
      // A reservation that cannot be returned (Redis gone) expires on its own; the call's error matters more.
      await reservation?.cancel().catch(() => {});
      throw scrub(error);
    }
  };

  /** Runs `produce` once per key at a time; concurrent identical requests share one provider call. */
  const once = async <T extends GenerateResponse | EmbedResponse>(key: string, produce: () => Promise<T>): Promise<T> => {
    const pending = inFlight.get(key);
    if (pending !== undefined) {
      const shared = (await pending) as T;
      ledger.recordCacheHit();
      return { ...shared, cacheHit: true, costUsd: 0 };
    }
    const promise = produce();
    inFlight.set(key, promise);
    try {
      return await promise;
    } finally {
      inFlight.delete(key);
    }
  };

  const inner = options.model;
  const model: LanguageModel = {
    provider: inner.provider,
    modelId: inner.modelId,
    supportsStructuredOutput: inner.supportsStructuredOutput,
    async doGenerate(request: GenerateRequest): Promise<GenerateResponse> {
      const privacy = options.privacy?.start();
      const messages: ChatMessage[] = request.messages.map((message) => ({ role: message.role, content: privacy === undefined ? message.content : privacy.mask(message.content) }));
      const parameters = { maxTokens: request.maxTokens ?? defaultMaxTokens, temperature: request.temperature, topP: request.topP, seed: request.seed, stop: request.stop };
      const key = createCacheKey({ kind: 'generate', provider: inner.provider, model: inner.modelId, parameters, messages, responseFormat: request.responseFormat });
      const cached = await options.cache?.get(key);
      if (cached !== undefined) {
        ledger.recordCacheHit();
        const stored = cached.response as StoredGeneration;
        return { text: restore(privacy, stored.text), usage: cached.usage, finishReason: stored.finishReason, warnings: [], cacheHit: true, costUsd: 0 };
      }
      const response = await once(key, async () => {
        const { response: answer, costUsd } = await call(`${inner.provider} ${inner.modelId}`, inner.modelId, estimateTokens(messages), parameters.maxTokens, request.signal,
          (signal) => inner.doGenerate({ ...parameters, messages, responseFormat: request.responseFormat, signal }));
        await options.cache?.set(key, { kind: 'generate', provider: inner.provider, model: inner.modelId, response: { text: answer.text, finishReason: answer.finishReason } satisfies StoredGeneration, usage: answer.usage });
        return { ...answer, cacheHit: false, costUsd };
      });
      return { ...response, text: restore(privacy, response.text) };
    },
  };

  const innerEmbedding = options.embeddingModel;
  const embeddingModel: EmbeddingModel | undefined = innerEmbedding === undefined ? undefined : {
    provider: innerEmbedding.provider,
    modelId: innerEmbedding.modelId,
    async doEmbed(request: EmbedRequest): Promise<EmbedResponse> {
      const privacy = options.privacy?.start();
      const texts = request.texts.map((text) => (privacy === undefined ? text : privacy.mask(text)));
      const key = createCacheKey({ kind: 'embed', provider: innerEmbedding.provider, model: innerEmbedding.modelId, texts });
      const cached = await options.cache?.get(key);
      if (cached !== undefined) {
        ledger.recordCacheHit();
        return { embeddings: cached.response as number[][], usage: cached.usage, cacheHit: true, costUsd: 0 };
      }
      return once(key, async () => {
        const tokensIn = estimateTokens(texts.map((content) => ({ role: 'user', content })));
        const { response, costUsd } = await call(`${innerEmbedding.provider} ${innerEmbedding.modelId}`, innerEmbedding.modelId, tokensIn, 0, request.signal,
          (signal) => innerEmbedding.doEmbed({ texts, signal }));
        await options.cache?.set(key, { kind: 'embed', provider: innerEmbedding.provider, model: innerEmbedding.modelId, response: response.embeddings, usage: response.usage });
        return { ...response, cacheHit: false, costUsd };
      });
    },
  };

  return { model, embeddingModel, ledger, totals: () => ledger.totals() };
}

function restore(privacy: PiiSession | undefined, text: string): string {
  return privacy === undefined ? text : privacy.unmask(text);
}

/** Errors leaving the gateway carry no API keys, whatever produced them. */
function scrub(error: unknown): unknown {
  if (SampleForgeError.is(error)) {
    const message = redactSecrets(error.message);
    if (message === error.message) return error;
    return new SampleForgeError(error.code, message, { details: error.details, isRetryable: error.isRetryable });
  }
  if (error instanceof Error) return new SampleForgeError('E_PROVIDER_CALL', redactSecrets(error.message), { isRetryable: false });
  return error;
}
