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
import { outputCounts, requestSizes } from '../outputs-per-input.js';
import {
  createLlmAugmenter, createLlmSampleLineage, createPromptLoader, dropVerdict, normalizeForComparison, sampleSeed, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `paraphrases` in the prompt file. */
export const paraphrasesSchema = z.object({ paraphrases: z.array(z.string()).min(1).max(20) });

const NAME = 'llm/paraphrase';
const FILTER = 'llm/novel-text';
const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };

/** Paraphrases one request may ask for (the most `paraphrasesSchema` accepts). */
const MAX_PER_REQUEST = 20;

/**
 * Paraphrases each sample `count` times (default 3); label and language are kept. Kept outputs are
 * numbered `<id>~paraphrase~<n>` in order; dropped ones `<id>~paraphrase~dropped~<position in the answers>`.
 * Answers after the `count`th kept one are ignored. Honours `context.outputsPerInput` in place of
 * `count` (0 = no request); more than 20 are asked for in requests of at most 20: the first is
 * seeded as a single request is, the others by the sample id and the request's number.
 */
export function llmParaphrase(options: { model: LanguageModel; count?: number } & LlmAugmenterOptions): LlmAugmenter<TextSample> {
  const count = options.count ?? 3;
  const prompt = createPromptLoader('paraphrase', options.promptPath);
  return createLlmAugmenter(NAME, async (samples, context) => {
    const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    const counts = outputCounts(NAME, samples.length, context, count);
    const loaded = await prompt();
    const perSample = await Promise.all(samples.map(async (sample, index) => {
      const wanted = counts[index];
      const kept: Augmented<TextSample>[] = [];
      const dropped: Augmented<TextSample>[] = [];
      const answers = await Promise.all(requestSizes(wanted, MAX_PER_REQUEST).map(async (size, request) => {
        const seed = sampleSeed(context.seed, NAME, request === 0 ? sample.id : `${sample.id}#${request}`);
        const result = await tryStructuredCall(NAME, [sample.id], outcome.warnings, () => generateObject({
          model: options.model, schema: paraphrasesSchema, schemaName: 'paraphrases', prompt: loaded.reference, signal: context.signal,
          messages: renderPrompt(loaded, { text: sample.text }, { language: LANGUAGES[sample.language] ?? sample.language, count: size }),
          temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
        }));
        return { seed, result };
      }));
      const seen = new Map<string, string>([[normalizeForComparison(sample.text), `the source ${sample.id}`]]);
      let position = 0;
      for (const { seed, result } of answers) {
        if (result === undefined) continue;
        for (const raw of result.object.paraphrases) {
          if (kept.length >= wanted) break;
          const text = raw.trim();
          const key = normalizeForComparison(text);
          const copied = seen.get(key);
          const verdict = key === '' ? dropVerdict(FILTER, 'empty after normalisation') : copied === undefined ? { filter: FILTER, kept: true } : dropVerdict(FILTER, `copy of ${copied}`, 1);
          const id = verdict.kept ? `${sample.id}~paraphrase~${kept.length}` : `${sample.id}~paraphrase~dropped~${position}`;
          position++;
          if (verdict.kept) seen.set(key, id);
          (verdict.kept ? kept : dropped).push({
            id,
            sample: { ...sample, id, text },
            lineage: createLlmSampleLineage({ parentIds: [sample.id], augmenter: NAME, params: { count: wanted }, seed, llm: [result.lineage], verdicts: [verdict] }),
          });
        }
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
