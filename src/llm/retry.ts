/**
 * Retries with exponential backoff and seeded jitter for retryable provider errors (408, 409, 429,
 * 5xx, network faults, timeouts), honouring the server's `retry-after` / `retry-after-ms`. Each
 * attempt gets its own timeout signal; the caller's signal cancels the whole thing at once.
 */
import { SampleForgeError } from '../errors.js';
import type { Rng } from '../internal/rng.js';
import { createCancelledError, createProviderError } from './provider-error.js';

export interface RetryOptions {
  /** Retries after the first attempt; default 4. */
  maxRetries?: number;
  /** Backoff before retry n is baseDelayMs * 2^n, jittered to 50-100 %; default 500 ms. */
  baseDelayMs?: number;
  /** Upper bound on a backoff delay (not on a server's retry-after); default 20,000 ms. */
  maxDelayMs?: number;
  /** Longest retry-after honoured; a longer one fails the request instead of hanging; default 120,000 ms. */
  maxRetryAfterMs?: number;
  /** Per-attempt timeout; default 60,000 ms. */
  timeoutMs?: number;
  /**
   * The attempt starts its timeout itself by calling `startTimeout()`, e.g. once it holds a
   * rate-limit slot, so time spent queued is not counted; default false (the clock starts with the attempt).
   */
  deferTimeout?: boolean;
  /** Seeded jitter source, so retries are reproducible (STYLE.md: randomness only from a seeded rng). */
  rng: Rng;
  signal?: AbortSignal;
  /** Called after each failed attempt that will be retried. */
  onRetry?: (error: SampleForgeError, attempt: number, delayMs: number) => void;
  /** Label for error messages, e.g. the provider and model. */
  label: string;
}

/** Runs `attempt` until it succeeds, fails permanently, runs out of retries or is cancelled. */
export async function withRetries<T>(attempt: (signal: AbortSignal, startTimeout: () => void) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxRetries = options.maxRetries ?? 4;
  const timeoutMs = options.timeoutMs ?? 60_000;
  for (let attemptIndex = 0; ; attemptIndex++) {
    if (options.signal?.aborted) throw createCancelledError(options.label);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startTimeout = (): void => {
      timer ??= setTimeout(() => controller.abort(createProviderError(`${options.label} timed out after ${timeoutMs} ms`, {
        provider: options.label, statusCode: 408, isRetryable: true,
      })), timeoutMs);
    };
    if (options.deferTimeout !== true) startTimeout();
    const signal = options.signal === undefined ? controller.signal : AbortSignal.any([options.signal, controller.signal]);
    let failure: SampleForgeError;
    try {
      return await attempt(signal, startTimeout);
    } catch (error) {
      if (options.signal?.aborted) throw createCancelledError(options.label);
      failure = SampleForgeError.is(error)
        ? error
        : createProviderError(`${options.label} failed: ${(error as Error)?.message ?? String(error)}`, { provider: options.label, isRetryable: false, cause: error });
    } finally {
      clearTimeout(timer);
    }
    if (!failure.isRetryable || attemptIndex >= maxRetries) {
      if (failure.isRetryable) failure.details.attempts = attemptIndex + 1;
      throw failure;
    }
    const retryAfter = typeof failure.details.retryAfterMs === 'number' ? failure.details.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > (options.maxRetryAfterMs ?? 120_000)) {
      failure.details.attempts = attemptIndex + 1;
      throw failure;
    }
    const backoff = Math.min(options.maxDelayMs ?? 20_000, (options.baseDelayMs ?? 500) * 2 ** attemptIndex) * (0.5 + 0.5 * options.rng.float());
    const delay = retryAfter ?? backoff;
    options.onRetry?.(failure, attemptIndex + 1, delay);
    await sleep(delay, options.signal, options.label);
  }
}

function sleep(milliseconds: number, signal: AbortSignal | undefined, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(createCancelledError(label));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(createCancelledError(label));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
