/**
 * LLM paraphrase of queries and utterances (prompts/paraphrase.yaml), as used for intent and query
 * augmentation in e.g. "Data Augmentation using Pre-trained Transformer Models" (Kumar et al.,
 * 2020). Filter: drops empty outputs, copies of the source and duplicates (after normalisation),
 * each with its reason; a request with no valid answer becomes a `W_LLM_OUTPUT_INVALID` warning.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, TextSample } from '../../types.js';
import {
  createLlmAugmenter, createLlmSampleLineage, createPromptLoader, dropVerdict, normalizeForComparison, sampleSeed, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `paraphrases` in the prompt file. */
export const paraphrasesSchema = z.object({ paraphrases: z.array(z.string()).min(1).max(20) });

const NAME = 'llm/paraphrase';
const FILTER = 'llm/novel-text';
const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };

/**
 * Paraphrases each sample `count` times (default 3); label and language are kept. Kept outputs are
 * numbered `<id>~paraphrase~<n>` in order; dropped ones `<id>~paraphrase~dropped~<position in the answer>`.
 * Answers after the `count`th kept one are ignored.
 */
export function llmParaphrase(options: { model: LanguageModel; count?: number } & LlmAugmenterOptions): LlmAugmenter<TextSample> {
  const count = options.count ?? 3;
  const prompt = createPromptLoader('paraphrase', options.promptPath);
  return createLlmAugmenter(NAME, async (samples, context) => {
    const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    const loaded = await prompt();
    const perSample = await Promise.all(samples.map(async (sample) => {
      const seed = sampleSeed(context.seed, NAME, sample.id);
      const result = await tryStructuredCall(NAME, [sample.id], outcome.warnings, () => generateObject({
        model: options.model, schema: paraphrasesSchema, schemaName: 'paraphrases', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, { text: sample.text }, { language: LANGUAGES[sample.language] ?? sample.language, count }),
        temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
      }));
      const kept: Augmented<TextSample>[] = [];
      const dropped: Augmented<TextSample>[] = [];
      if (result === undefined) return { kept, dropped };
      const seen = new Map<string, string>([[normalizeForComparison(sample.text), `the source ${sample.id}`]]);
      for (const [position, raw] of result.object.paraphrases.entries()) {
        if (kept.length >= count) break;
        const text = raw.trim();
        const key = normalizeForComparison(text);
        const copied = seen.get(key);
        const verdict = key === '' ? dropVerdict(FILTER, 'empty after normalisation') : copied === undefined ? { filter: FILTER, kept: true } : dropVerdict(FILTER, `copy of ${copied}`, 1);
        const id = verdict.kept ? `${sample.id}~paraphrase~${kept.length}` : `${sample.id}~paraphrase~dropped~${position}`;
        if (verdict.kept) seen.set(key, id);
        (verdict.kept ? kept : dropped).push({
          id,
          sample: { ...sample, id, text },
          lineage: createLlmSampleLineage({ parentIds: [sample.id], augmenter: NAME, params: { count }, seed, llm: [result.lineage], verdicts: [verdict] }),
        });
      }
      return { kept, dropped };
    }));
    for (const entry of perSample) {
      outcome.kept.push(...entry.kept);
      outcome.dropped.push(...entry.dropped);
    }
    return outcome;
  });
}
