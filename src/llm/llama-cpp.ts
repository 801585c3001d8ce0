/**
 * Embedded llama.cpp provider through node-llama-cpp 3.21.1: a local GGUF file, several sequences
 * of one context generating in parallel, JSON-schema grammars for structured output, embeddings
 * from the model's embedding context, cancellation through AbortSignal.
 *
 * Threads default to 1: on a 2-core machine shared with other work, llama.cpp's default (all
 * cores) makes threads spin against each other, and tiny models generate about 100 times slower
 * (see bench/llm/llama-speed.ts for the measured figures).
 */
import { basename } from 'node:path';
import { getLlama, LlamaChatSession, type ChatHistoryItem, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaEmbeddingContext, type LlamaGrammar, type LlamaModel } from 'node-llama-cpp';
import { SampleForgeError } from '../errors.js';
import { canonicalJson } from '../internal/fingerprint.js';
import { createCancelledError } from './provider-error.js';
import type { ChatMessage, EmbeddingModel, EmbedRequest, EmbedResponse, GenerateRequest, GenerateResponse, LanguageModel } from './spec.js';

export interface LlamaCppSettings {
  /** Path of a local GGUF file (see `downloadModel` to fetch one on request). */
  modelPath: string;
  /** CPU threads per evaluation; default 1 (see the module note on why). */
  threads?: number;
  /** Context size in tokens shared by all sequences; default 2048. */
  contextSize?: number;
  /** Parallel sequences (requests generated together); default 2. */
  sequences?: number;
  /** Default output cap when a request gives no `maxTokens`; default 256. */
  defaultMaxTokens?: number;
}

/** An embedded llama.cpp model; call `dispose()` to free native memory. */
export interface LlamaCppProvider {
  languageModel(): LanguageModel;
  embeddingModel(): EmbeddingModel;
  dispose(): Promise<void>;
}

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
}

/** Creates a lazily loaded llama.cpp provider; the file is read on the first call. */
export function createLlamaCpp(settings: LlamaCppSettings): LlamaCppProvider {
  const threads = settings.threads ?? 1;
  const sequenceCount = settings.sequences ?? 2;
  const modelId = basename(settings.modelPath);
  let loading: Promise<Loaded> | undefined;
  let embedding: Promise<LlamaEmbeddingContext> | undefined;
  let embeddingQueue: Promise<unknown> = Promise.resolve();
  const freeSequences: LlamaContextSequence[] = [];
  const waiters: ((sequence: LlamaContextSequence) => void)[] = [];
  const grammars = new Map<string, Promise<LlamaGrammar>>();

  const load = (): Promise<Loaded> => {
    loading ??= (async () => {
      const llama = await getLlama({ gpu: false, logLevel: 'error' as never });
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: settings.modelPath });
      } catch (cause) {
        await llama.dispose();
        throw new SampleForgeError('E_CONFIG', `llm.provider.modelPath: cannot load GGUF model ${settings.modelPath} (${(cause as Error).message}); check the path or download it with downloadModel`, {
          details: { path: 'llm.provider.modelPath', value: settings.modelPath }, cause,
        });
      }
      const context = await model.createContext({ contextSize: settings.contextSize ?? 2048, sequences: sequenceCount, threads });
      for (let i = 0; i < sequenceCount; i++) freeSequences.push(context.getSequence());
      return { llama, model, context };
    })();
    return loading;
  };

  const acquire = (): Promise<LlamaContextSequence> => {
    const sequence = freeSequences.pop();
    if (sequence !== undefined) return Promise.resolve(sequence);
    return new Promise((resolve) => waiters.push(resolve));
  };
  const release = (sequence: LlamaContextSequence): void => {
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter(sequence);
    else freeSequences.push(sequence);
  };

  const grammarFor = (llama: Llama, schema: Record<string, unknown>): Promise<LlamaGrammar> => {
    // node-llama-cpp's GBNF converter rejects keys it does not know; `$schema` is pure metadata.
    const { $schema: _ignored, ...rest } = schema;
    const key = canonicalJson(rest);
    let grammar = grammars.get(key);
    if (grammar === undefined) {
      grammar = llama.createGrammarForJsonSchema(rest as never) as Promise<LlamaGrammar>;
      grammars.set(key, grammar);
    }
    return grammar;
  };

  const languageModel = (): LanguageModel => ({
    provider: 'llama-cpp',
    modelId,
    supportsStructuredOutput: true,
    async doGenerate(request: GenerateRequest): Promise<GenerateResponse> {
      const { llama } = await load();
      const grammar = request.responseFormat === undefined ? undefined : await grammarFor(llama, request.responseFormat.schema);
      const { systemPrompt, history, prompt } = toChatHistory(request.messages);
      const sequence = await acquire();
      const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt, autoDisposeSequence: false });
      const inputBefore = sequence.tokenMeter.usedInputTokens;
      const outputBefore = sequence.tokenMeter.usedOutputTokens;
      try {
        if (history.length > 0) session.setChatHistory([...session.getChatHistory(), ...history]);
        let finishReason: GenerateResponse['finishReason'] = 'stop';
        const text = await session.prompt(prompt, {
          maxTokens: request.maxTokens ?? settings.defaultMaxTokens ?? 256,
          temperature: request.temperature ?? 0,
          topP: request.topP,
          seed: request.seed,
          grammar,
          customStopTriggers: request.stop,
          signal: request.signal,
          onResponseChunk: undefined,
        }).catch((error: unknown) => {
          if (request.signal?.aborted) {
            const reason: unknown = request.signal.reason;
            throw SampleForgeError.is(reason) ? reason : createCancelledError('llama.cpp generation');
          }
          throw error;
        });
        const tokensOut = sequence.tokenMeter.usedOutputTokens - outputBefore;
        if (tokensOut >= (request.maxTokens ?? settings.defaultMaxTokens ?? 256)) finishReason = 'length';
        return {
          text,
          usage: { tokensIn: sequence.tokenMeter.usedInputTokens - inputBefore, tokensOut },
          finishReason,
          warnings: [],
        };
      } finally {
        session.dispose({ disposeSequence: false });
        await sequence.clearHistory();
        release(sequence);
      }
    },
  });

  const embeddingModel = (): EmbeddingModel => ({
    provider: 'llama-cpp',
    modelId,
    async doEmbed(request: EmbedRequest): Promise<EmbedResponse> {
      const { model } = await load();
      embedding ??= model.createEmbeddingContext({ threads, contextSize: Math.min(settings.contextSize ?? 2048, model.trainContextSize) });
      const context = await embedding;
      // One embedding context evaluates one text at a time; queue callers instead of failing.
      const run = embeddingQueue.then(async () => {
        const embeddings: number[][] = [];
        let tokensIn = 0;
        for (const text of request.texts) {
          if (request.signal?.aborted) throw createCancelledError('llama.cpp embedding');
          const result = await context.getEmbeddingFor(text);
          embeddings.push([...result.vector]);
          tokensIn += model.tokenize(text).length;
        }
        return { embeddings, usage: { tokensIn, tokensOut: 0 } };
      });
      embeddingQueue = run.catch(() => undefined);
      return run;
    },
  });

  return {
    languageModel,
    embeddingModel,
    async dispose() {
      if (loading === undefined) return;
      const loaded = await loading.catch(() => undefined);
      if (embedding !== undefined) await (await embedding.catch(() => undefined))?.dispose();
      if (loaded !== undefined) await loaded.llama.dispose();
      loading = undefined;
      embedding = undefined;
      freeSequences.length = 0;
      grammars.clear();
    },
  };
}

/** Splits chat messages into llama.cpp's system prompt, prior turns and the final user prompt. */
function toChatHistory(messages: readonly ChatMessage[]): { systemPrompt?: string; history: ChatHistoryItem[]; prompt: string } {
  const system = messages.filter((message) => message.role === 'system').map((message) => message.content);
  const turns = messages.filter((message) => message.role !== 'system');
  const last = turns.at(-1);
  if (last === undefined || last.role !== 'user') {
    throw new SampleForgeError('E_USAGE', 'llama.cpp generation needs the last message to be a user message');
  }
  const history: ChatHistoryItem[] = turns.slice(0, -1).map((message) =>
    message.role === 'user' ? { type: 'user', text: message.content } : { type: 'model', response: [message.content] });
  return { systemPrompt: system.length > 0 ? system.join('\n\n') : undefined, history, prompt: last.content };
}
