/**
 * The provider specification (the bottom layer, as in vercel/ai): what every backend implements.
 * Providers expose `doGenerate` / `doEmbed`; users call the core verbs `generateText`,
 * `generateObject` and `embed` instead, which add validation and lineage.
 */
import type { Warning } from '../errors.js';

/** One chat message; `content` is plain text. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Token usage of one provider response. */
export interface TokenUsage {
  tokensIn: number;
  tokensOut: number;
}

/** Asks the backend for JSON matching `schema` (a JSON Schema object), constrained where supported. */
export interface JsonResponseFormat {
  type: 'json';
  /** JSON Schema (draft 2020-12 subset) of the expected output. */
  schema: Record<string, unknown>;
  /** Schema name sent to OpenAI-compatible servers; `[A-Za-z0-9_-]` only. */
  name: string;
}

/** Sampling parameters; every field is part of the cache key. */
export interface GenerateParameters {
  /** Upper bound on output tokens; the budget reserves this many per request. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  /** Seed for backends that support seeded sampling (llama.cpp, vLLM, OpenAI best effort). */
  seed?: number;
  stop?: string[];
}

/** What a provider's `doGenerate` receives. */
export interface GenerateRequest extends GenerateParameters {
  messages: ChatMessage[];
  responseFormat?: JsonResponseFormat;
  signal?: AbortSignal;
}

/** What a provider's `doGenerate` returns. */
export interface GenerateResponse {
  text: string;
  usage: TokenUsage;
  finishReason: 'stop' | 'length' | 'abort' | 'other';
  warnings: Warning[];
  /** True when the answer came from the cache and no provider was called. */
  cacheHit?: boolean;
  /** Cost in US dollars from the price table, when one is configured. */
  costUsd?: number;
}

/** A text generation backend. */
export interface LanguageModel {
  /** Provider name, e.g. `openai-compatible` or `llama-cpp`; part of the cache key and lineage. */
  readonly provider: string;
  /** Model id as the provider names it; part of the cache key and lineage. */
  readonly modelId: string;
  /** Whether `responseFormat` is enforced by the backend (grammar, `json_schema`). */
  readonly supportsStructuredOutput: boolean;
  doGenerate(request: GenerateRequest): Promise<GenerateResponse>;
}

/** What a provider's `doEmbed` receives. */
export interface EmbedRequest {
  texts: string[];
  signal?: AbortSignal;
}

/** What a provider's `doEmbed` returns: one vector per input text, in input order. */
export interface EmbedResponse {
  embeddings: number[][];
  usage: TokenUsage;
  cacheHit?: boolean;
  costUsd?: number;
}

/** A text embedding backend. */
export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  doEmbed(request: EmbedRequest): Promise<EmbedResponse>;
}
