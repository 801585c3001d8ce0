/**
 * Shared plumbing of the LLM augmenters: loading their prompt file once, the per-sample seed, the
 * lineage of a synthetic sample, combined accounting of multi-call samples, and text normalisation
 * for the copy filters.
 */
import { deriveSeed } from '../../internal/rng.js';
import { loadBuiltinPrompt, loadPrompt, type LoadedPrompt } from '../../llm/prompt-file.js';
import type { FilterVerdict, Lineage, LlmLineage } from '../../types.js';

/** Options every LLM augmenter accepts besides its model. */
export interface LlmAugmenterOptions {
  /** A prompt file to use instead of the built-in one (same variables and output schema). */
  promptPath?: string;
  /** Sampling temperature; default 0.7 (0 for labelling). */
  temperature?: number;
  /** Output cap per request in tokens; default 512. */
  maxTokens?: number;
}

/** Loads the augmenter's prompt once and reuses it. */
export function createPromptLoader(builtinName: string, promptPath: string | undefined): () => Promise<LoadedPrompt> {
  let loading: Promise<LoadedPrompt> | undefined;
  return () => {
    loading ??= promptPath === undefined ? loadBuiltinPrompt(builtinName) : loadPrompt(promptPath);
    return loading;
  };
}

/** The seed sent with a sample's request: stable per run seed, augmenter and sample id. */
export function sampleSeed(seed: number, augmenter: string, sampleId: string): number {
  // Keep below 2^31 for servers that read the seed as a signed 32-bit integer.
  return deriveSeed(seed, augmenter, sampleId) & 0x7fffffff;
}

/** Lineage of a synthetic record from one or more LLM calls. */
export function createLlmSampleLineage(options: {
  parentIds: string[];
  augmenter: string;
  params: Record<string, unknown>;
  seed: number;
  llm: LlmLineage[];
  verdicts?: FilterVerdict[];
}): Lineage {
  return { parentIds: options.parentIds, augmenter: options.augmenter, params: options.params, seed: options.seed, llm: combineLlmLineage(options.llm), verdicts: options.verdicts ?? [] };
}

/** Adds up tokens and cost of several calls of the same prompt; a cache hit only if all were hits. */
export function combineLlmLineage(parts: readonly LlmLineage[]): LlmLineage {
  const [first] = parts;
  const costs = parts.map((part) => part.costUsd).filter((cost): cost is number => cost !== undefined);
  return {
    ...first,
    tokensIn: parts.reduce((sum, part) => sum + part.tokensIn, 0),
    tokensOut: parts.reduce((sum, part) => sum + part.tokensOut, 0),
    cacheHit: parts.every((part) => part.cacheHit),
    ...(costs.length > 0 ? { costUsd: costs.reduce((sum, cost) => sum + cost, 0) } : {}),
  };
}

/** Lower case, punctuation removed, whitespace collapsed: the form copy filters compare. */
export function normalizeForComparison(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Word tokens (CJK characters count one each) of normalised text. */
export function comparisonTokens(text: string): string[] {
  return normalizeForComparison(text).match(/[\p{Script=Han}]|[^\s\p{Script=Han}]+/gu) ?? [];
}
