/**
 * Shared plumbing of the LLM augmenters: loading their prompt file once (per language), the
 * per-sample seed, the lineage of a synthetic sample, combined accounting of multi-call samples,
 * the kept/dropped outcome with warnings, and text normalisation for the copy filters.
 */
import { SampleForgeError, type Warning } from '../../errors.js';
import { deriveSeed } from '../../internal/rng.js';
import { loadBuiltinPrompt, loadPrompt, type LoadedPrompt } from '../../llm/prompt-file.js';
import type { AugmentContext, Augmented, Augmenter, FilterVerdict, Lineage, LlmLineage } from '../../types.js';

/** Options every LLM augmenter accepts besides its model. */
export interface LlmAugmenterOptions {
  /** A prompt file to use instead of the built-in one (same variables and output schema). */
  promptPath?: string;
  /** Sampling temperature; default 0.7 (0 for labelling). */
  temperature?: number;
  /** Output cap per request in tokens; default 512. */
  maxTokens?: number;
  /** For augmenters with a Chinese prompt: a file to use instead of the built-in `zh/<name>` one. */
  chinesePromptPath?: string;
}

/** Kept outputs, dropped outputs (each with the verdict that dropped it) and recoverable problems. */
export interface LlmAugmentOutcome<T> {
  kept: Augmented<T>[];
  dropped: Augmented<T>[];
  /** E.g. `W_LLM_OUTPUT_INVALID` when a request gave no valid answer after its repairs. */
  warnings: Warning[];
}

/**
 * An LLM augmenter: `augment` returns the kept outputs only (so pipelines that filter further
 * never train on a rejected one); `augmentWithRejects` also returns the dropped outputs with their
 * reasons and the warnings, for the run's samples file.
 */
export interface LlmAugmenter<T> extends Augmenter<T> {
  augmentWithRejects(samples: readonly T[], context: AugmentContext): Promise<LlmAugmentOutcome<T>>;
}

/** An `LlmAugmenter` from its full form; `augment` keeps the kept outputs. */
export function createLlmAugmenter<T>(name: string, run: (samples: readonly T[], context: AugmentContext) => Promise<LlmAugmentOutcome<T>>): LlmAugmenter<T> {
  return {
    name,
    augmentWithRejects: run,
    async augment(samples, context) {
      return (await run(samples, context)).kept;
    },
  };
}

/** Sorts an output into kept or dropped by whether all its verdicts kept it. */
export function sortByVerdicts<T>(outputs: readonly Augmented<T>[], outcome: LlmAugmentOutcome<T>): void {
  for (const output of outputs) (output.lineage.verdicts.every((verdict) => verdict.kept) ? outcome.kept : outcome.dropped).push(output);
}

/**
 * Runs one structured request; a model that gives no valid answer after its repairs
 * (`E_PROVIDER_OUTPUT`) becomes a warning naming the parents instead of failing the batch.
 * Budget, cancellation and provider errors still throw.
 */
export async function tryStructuredCall<R>(augmenter: string, parentIds: readonly string[], warnings: Warning[], call: () => Promise<R>): Promise<R | undefined> {
  try {
    return await call();
  } catch (error) {
    if (!SampleForgeError.is(error, 'E_PROVIDER_OUTPUT')) throw error;
    const rawText = typeof error.details.rawText === 'string' ? error.details.rawText.slice(0, 500) : '';
    warnings.push({ code: 'W_LLM_OUTPUT_INVALID', message: `${augmenter}: no valid answer for ${parentIds.join(', ')}: ${error.message}`, details: { augmenter, parentIds: [...parentIds], problem: error.details.problem, rawText, lineage: error.details.lineage } });
    return undefined;
  }
}

/** Display names of the languages the built-in prompts are written for. */
export const LANGUAGE_NAMES: Readonly<Record<string, string>> = Object.freeze({ en: 'English', zh: 'Chinese' });

/** What an empty data slot says, in the prompt's language. */
export function noneText(language: string): string {
  return language === 'zh' ? '无' : '(none)';
}

/** `zh` when the text holds a Han character, else `en`: for records that carry no language (items, histories). */
export function detectLanguage(text: string): 'en' | 'zh' {
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}

/**
 * Loads an augmenter's prompt per language, once each: Chinese input gets the Chinese prompt
 * (`prompts/zh/<name>.yaml`, or `chinesePromptPath`), every other language the English one, which
 * names the output language as a parameter.
 */
export function createLanguagePromptLoader(builtinName: string, options: Pick<LlmAugmenterOptions, 'promptPath' | 'chinesePromptPath'>): (language: string) => Promise<LoadedPrompt> {
  const english = createPromptLoader(builtinName, options.promptPath);
  const chinese = createPromptLoader(`zh/${builtinName}`, options.chinesePromptPath);
  return (language) => (language === 'zh' ? chinese() : english());
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

/** A verdict that drops an output, with its reason (and score when there is one). */
export function dropVerdict(filter: string, reason: string, score?: number): FilterVerdict {
  return score === undefined ? { filter, kept: false, reason } : { filter, kept: false, reason, score };
}

/** Lower case, punctuation removed, whitespace collapsed: the form copy filters compare. */
export function normalizeForComparison(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Word tokens (CJK characters count one each) of normalised text. */
export function comparisonTokens(text: string): string[] {
  return normalizeForComparison(text).match(/[\p{Script=Han}]|[^\s\p{Script=Han}]+/gu) ?? [];
}
