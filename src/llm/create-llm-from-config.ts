/**
 * Builds the whole LLM stack from a validated `llm` config section: provider, cache, ledger,
 * limits and privacy, wrapped in one gateway. The caller disposes it when the run ends.
 */
import { resolve } from 'node:path';
import type { LlmConfig } from '../config/llm.js';
import { createLlamaCpp } from './llama-cpp.js';
import { openLlmCache } from './llm-cache.js';
import { createLlmGateway, type LlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createPiiMasker } from './pii-masker.js';
import { createUsageLedger } from './usage-ledger.js';

export interface CreateLlmOptions {
  /** Environment holding the API key named by `apiKeyEnv`; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Injectable fetch for the HTTP provider. */
  fetch?: typeof fetch;
  /** User ids of the run, masked wherever they appear. */
  knownUserIds?: Iterable<string>;
  /** Folder relative paths (cache, model) resolve against; default the working directory. */
  baseDirectory?: string;
}

/** A ready gateway and the resources to release with `dispose()`. */
export interface LlmStack {
  gateway: LlmGateway;
  dispose(): Promise<void>;
}

/** Creates the gateway described by `config`. */
export function createLlmFromConfig(config: LlmConfig, options: CreateLlmOptions = {}): LlmStack {
  const base = options.baseDirectory ?? process.cwd();
  const provider = config.provider;
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
  const cache = config.cache.enabled ? openLlmCache({ path: resolve(base, config.cache.path) }) : undefined;
  const gateway = createLlmGateway({
    model,
    embeddingModel,
    cache,
    ledger: createUsageLedger(config.budget),
    limits: { concurrency: config.limits.concurrency, requestsPerMinute: config.limits.rpm, tokensPerMinute: config.limits.tpm },
    retry: { maxRetries: config.limits.maxRetries, timeoutMs: config.limits.timeoutMs },
    privacy: config.privacy.enabled ? createPiiMasker({ userIdPatterns: config.privacy.userIdPatterns, knownUserIds: options.knownUserIds }) : undefined,
    defaultMaxTokens: config.maxOutputTokens,
    seed: config.limits.seed,
  });
  return {
    gateway,
    async dispose() {
      cache?.close();
      await dispose();
    },
  };
}
