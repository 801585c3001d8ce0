/**
 * `generateText`, the core verb for free text: calls a model (usually a gateway-wrapped one) and
 * returns the text with the `LlmLineage` every sample derived from it must carry.
 */
import type { Warning } from '../errors.js';
import type { LlmLineage } from '../types.js';
import type { ChatMessage, GenerateParameters, GenerateResponse, LanguageModel } from './spec.js';

/** Which prompt produced a call: recorded on lineage. Inline prompts use id `inline`. */
export interface PromptReference {
  id: string;
  version: string;
  hash: string;
}

export interface GenerateTextOptions extends GenerateParameters {
  model: LanguageModel;
  messages: ChatMessage[];
  prompt?: PromptReference;
  signal?: AbortSignal;
}

export interface GenerateTextResult {
  text: string;
  finishReason: GenerateResponse['finishReason'];
  warnings: Warning[];
  lineage: LlmLineage;
}

const INLINE_PROMPT: PromptReference = { id: 'inline', version: '0', hash: '' };

/** Generates text for `messages` and returns it with its lineage. */
export async function generateText(options: GenerateTextOptions): Promise<GenerateTextResult> {
  const { model, messages, prompt, signal, ...parameters } = options;
  const response = await model.doGenerate({ ...parameters, messages, signal });
  return { text: response.text, finishReason: response.finishReason, warnings: response.warnings, lineage: createLineage(model, prompt, [response]) };
}

/** Lineage of one logical call made of one or more responses (repair attempts add up). */
export function createLineage(model: LanguageModel, prompt: PromptReference | undefined, responses: readonly GenerateResponse[]): LlmLineage {
  const reference = prompt ?? INLINE_PROMPT;
  const costs = responses.map((response) => response.costUsd).filter((cost): cost is number => cost !== undefined);
  return {
    provider: model.provider,
    model: model.modelId,
    promptId: reference.id,
    promptVersion: reference.version,
    promptHash: reference.hash,
    tokensIn: responses.reduce((sum, response) => sum + response.usage.tokensIn, 0),
    tokensOut: responses.reduce((sum, response) => sum + response.usage.tokensOut, 0),
    cacheHit: responses.length > 0 && responses.every((response) => response.cacheHit === true),
    ...(costs.length > 0 ? { costUsd: costs.reduce((sum, cost) => sum + cost, 0) } : {}),
  };
}
