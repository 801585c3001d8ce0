/**
 * The `llm` config section: which provider, the cache, rate limits, budget and privacy. Every
 * default is defined and described here. API keys are never in the config: `apiKeyEnv` names the
 * environment variable that holds one.
 */
import { z } from 'zod';

const headerName = /^[A-Za-z0-9-]+$/;

/** An OpenAI-compatible HTTP server (OpenAI, vLLM, Ollama, llama.cpp server, DeepSeek, Qwen). */
export const openAICompatibleProviderSchema = z.object({
  type: z.literal('openai-compatible').describe('OpenAI-compatible chat completions and embeddings over HTTP'),
  baseUrl: z.url({ protocol: /^https?$/ }).describe('base URL with the version path, e.g. http://127.0.0.1:8000/v1'),
  model: z.string().min(1).describe('chat model id as the server names it'),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional().describe('name of the environment variable holding the API key; omit for servers without keys'),
  headers: z.record(z.string().regex(headerName), z.string()).default({}).describe('extra HTTP headers sent with every request (never put keys here)'),
  embeddingModel: z.string().min(1).optional().describe('embedding model id; omit when embeddings are not used'),
}).strict();

/** An embedded llama.cpp model from a local GGUF file. */
export const llamaCppProviderSchema = z.object({
  type: z.literal('llama-cpp').describe('embedded llama.cpp through node-llama-cpp'),
  modelPath: z.string().min(1).describe('path of a local .gguf file'),
  threads: z.number().int().min(0).default(1).describe('CPU threads per evaluation; 1 because the default (all cores) was about 100x slower on the 2-core machines this runs on (bench/llm/llama-speed.ts); 0 = all cores'),
  contextSize: z.number().int().min(128).default(2048).describe('context window in tokens, shared by all sequences'),
  sequences: z.number().int().min(1).max(64).default(2).describe('requests generated in parallel on one context'),
}).strict();

const priceSchema = z.object({
  inputPerMillion: z.number().min(0).describe('US dollars per million input tokens'),
  outputPerMillion: z.number().min(0).describe('US dollars per million output tokens'),
}).strict();

/** The `llm` section. */
export const llmConfigSchema = z.object({
  provider: z.discriminatedUnion('type', [openAICompatibleProviderSchema, llamaCppProviderSchema]).describe('where requests go'),
  maxOutputTokens: z.number().int().min(1).default(512).describe('output cap per request when a task names none; budgets reserve this much'),
  cache: z.object({
    enabled: z.boolean().default(true).describe('reuse answers from the persistent cache; a rerun then makes zero provider calls'),
    path: z.string().min(1).default('.sampleforge/llm-cache.sqlite').describe('SQLite cache file, shared safely by concurrent workers'),
  }).strict().default({ enabled: true, path: '.sampleforge/llm-cache.sqlite' }).describe('persistent content-addressed response cache'),
  limits: z.object({
    concurrency: z.number().int().min(1).default(4).describe('requests in flight at once'),
    rpm: z.number().positive().optional().describe('requests per minute; unlimited when absent'),
    tpm: z.number().positive().optional().describe('tokens per minute (estimated input + output cap); unlimited when absent'),
    timeoutMs: z.number().int().min(1).default(60_000).describe('per-attempt timeout in milliseconds'),
    maxRetries: z.number().int().min(0).default(4).describe('retries after the first attempt for 408, 409, 429, 5xx, network errors and timeouts'),
    seed: z.number().int().default(0).describe('seed of the retry jitter'),
  }).strict().default({ concurrency: 4, timeoutMs: 60_000, maxRetries: 4, seed: 0 }).describe('rate, concurrency and retry policy'),
  budget: z.object({
    maxTokens: z.number().int().positive().optional().describe('cap on billed tokens (in + out) per run; unlimited when absent'),
    maxRequests: z.number().int().positive().optional().describe('cap on billed requests per run; cache hits are free'),
    maxUsd: z.number().positive().optional().describe('cap on money per run in US dollars; needs prices for the models used'),
    prices: z.record(z.string(), priceSchema).default({}).describe('price table by model id'),
  }).strict().default({ prices: {} }).describe('spending caps; the run stops cleanly at a cap and resumes from the cache'),
  shared: z.enum(['auto', 'local', 'redis']).default('auto').describe('where the cache, budget and rate limits live: auto = in Redis when queue.redis is set, so they hold across all workers together (rate limits of an embedded llama-cpp model stay per process, as each process runs its own), else in this process and the SQLite cache file; local = always per process; redis = always in Redis (needs queue.redis)'),
  privacy: z.object({
    enabled: z.boolean().default(true).describe('mask personal data (emails, phones, ID and card numbers, addresses, user ids) before text leaves the process'),
    userIdPatterns: z.array(z.string().refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, 'expected a valid regular expression')).default([]).describe('regular expressions matching user ids, e.g. "u_[0-9]{6}"'),
  }).strict().default({ enabled: true, userIdPatterns: [] }).describe('personal-data masking'),
}).strict();

/** The validated `llm` section. */
export type LlmConfig = z.output<typeof llmConfigSchema>;
