/**
 * OpenAI-compatible HTTP provider (OpenAI, vLLM, Ollama, llama.cpp server, DeepSeek, Qwen compatible
 * mode) on the official `openai` client. The client's own retries are off: the gateway owns
 * retries, rate limits and timeouts, so one logical request is billed once.
 */
import OpenAI, { APIError, APIUserAbortError } from 'openai';
import { SampleForgeError } from '../errors.js';
import { createCancelledError, createProviderError, isRetryableStatus, parseRetryAfter } from './provider-error.js';
import type { EmbeddingModel, EmbedRequest, EmbedResponse, GenerateRequest, GenerateResponse, LanguageModel } from './spec.js';

export interface OpenAICompatibleSettings {
  /** Base URL including the version path, e.g. `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** Name of the environment variable holding the API key; the key is never read from config files. */
  apiKeyEnv?: string;
  /** Extra headers sent with every request (e.g. an organisation or routing header). */
  headers?: Record<string, string>;
  /** Injectable fetch (tests, proxies); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Environment to read the key from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Provider name in cache keys and lineage; default `openai-compatible`. */
  name?: string;
  /** Sends `strict: true` with JSON schemas (OpenAI strict mode); default false for wider server support. */
  strictJsonSchema?: boolean;
}

/** A configured OpenAI-compatible endpoint that yields language and embedding models. */
export interface OpenAICompatibleProvider {
  languageModel(modelId: string): LanguageModel;
  embeddingModel(modelId: string): EmbeddingModel;
}

/** Creates an OpenAI-compatible provider; throws E_CONFIG when `apiKeyEnv` names an unset variable. */
export function createOpenAICompatible(settings: OpenAICompatibleSettings): OpenAICompatibleProvider {
  const env = settings.env ?? process.env;
  const provider = settings.name ?? 'openai-compatible';
  let apiKey = 'not-needed';
  if (settings.apiKeyEnv !== undefined) {
    const value = env[settings.apiKeyEnv];
    if (value === undefined || value === '') {
      throw new SampleForgeError('E_CONFIG', `llm.provider.apiKeyEnv: environment variable ${settings.apiKeyEnv} is not set; export it or remove apiKeyEnv for servers without keys`, {
        details: { path: 'llm.provider.apiKeyEnv', value: settings.apiKeyEnv },
      });
    }
    apiKey = value;
  }
  const secrets = apiKey === 'not-needed' ? [] : [apiKey];
  const client = new OpenAI({
    apiKey,
    baseURL: settings.baseUrl,
    defaultHeaders: settings.headers,
    fetch: settings.fetch,
    maxRetries: 0,
    // The gateway's per-request AbortSignal is the timeout; this is only a backstop.
    timeout: 10 * 60 * 1000,
  });

  const translateError = (error: unknown, signal: AbortSignal | undefined): SampleForgeError => {
    if (signal?.aborted) {
      const reason: unknown = signal.reason;
      return SampleForgeError.is(reason) ? reason : createCancelledError(`${provider} request`);
    }
    if (error instanceof APIUserAbortError) return createCancelledError(`${provider} request`);
    if (error instanceof APIError && typeof error.status === 'number') {
      return createProviderError(`HTTP ${error.status} from ${settings.baseUrl}: ${error.message}`, {
        provider,
        statusCode: error.status,
        retryAfterMs: parseRetryAfter(error.headers),
        responseBody: error.error === undefined ? undefined : JSON.stringify(error.error),
        isRetryable: isRetryableStatus(error.status),
        secrets,
        cause: error,
      });
    }
    // Connection resets, truncated bodies and unparsable JSON: the next attempt may well succeed.
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return createProviderError(`request to ${settings.baseUrl} failed (${message}); check the server is up`, { provider, isRetryable: true, secrets, cause: error });
  };

  const languageModel = (modelId: string): LanguageModel => ({
    provider,
    modelId,
    supportsStructuredOutput: true,
    async doGenerate(request: GenerateRequest): Promise<GenerateResponse> {
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          {
            model: modelId,
            messages: request.messages,
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            top_p: request.topP,
            seed: request.seed,
            stop: request.stop,
            response_format: request.responseFormat === undefined ? undefined : {
              type: 'json_schema',
              json_schema: { name: request.responseFormat.name, schema: request.responseFormat.schema, strict: settings.strictJsonSchema ?? false },
            },
          },
          { signal: request.signal },
        );
      } catch (error) {
        throw translateError(error, request.signal);
      }
      const choice = completion?.choices?.[0];
      if (choice === undefined || typeof choice.message?.content !== 'string') {
        throw createProviderError(`response from ${settings.baseUrl} has no choices[0].message.content`, {
          provider, isRetryable: true, responseBody: JSON.stringify(completion), secrets,
        });
      }
      const warnings = completion.usage === undefined ? [{ code: 'W_NO_USAGE', message: `${provider} returned no usage; tokens counted as 0` }] : [];
      return {
        text: choice.message.content,
        usage: { tokensIn: completion.usage?.prompt_tokens ?? 0, tokensOut: completion.usage?.completion_tokens ?? 0 },
        finishReason: choice.finish_reason === 'stop' ? 'stop' : choice.finish_reason === 'length' ? 'length' : 'other',
        warnings,
      };
    },
  });

  const embeddingModel = (modelId: string): EmbeddingModel => ({
    provider,
    modelId,
    async doEmbed(request: EmbedRequest): Promise<EmbedResponse> {
      let response: OpenAI.Embeddings.CreateEmbeddingResponse;
      try {
        response = await client.embeddings.create({ model: modelId, input: request.texts, encoding_format: 'float' }, { signal: request.signal });
      } catch (error) {
        throw translateError(error, request.signal);
      }
      if (!Array.isArray(response?.data) || response.data.length !== request.texts.length) {
        throw createProviderError(`embedding response from ${settings.baseUrl} has ${response?.data?.length ?? 0} vectors for ${request.texts.length} inputs`, {
          provider, isRetryable: true, secrets,
        });
      }
      const ordered = [...response.data].sort((a, b) => a.index - b.index);
      return {
        embeddings: ordered.map((entry) => entry.embedding),
        usage: { tokensIn: response.usage?.prompt_tokens ?? 0, tokensOut: 0 },
      };
    },
  });

  return { languageModel, embeddingModel };
}
