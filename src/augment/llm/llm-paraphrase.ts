/**
 * LLM paraphrase of queries and utterances (prompts/paraphrase.yaml), as used for intent and query
 * augmentation in e.g. "Data Augmentation using Pre-trained Transformer Models" (Kumar et al.,
 * 2020). Filter: drops empty outputs, copies of the source and duplicates (after normalisation).
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, Augmenter, TextSample } from '../../types.js';
import { createLlmSampleLineage, createPromptLoader, normalizeForComparison, sampleSeed, type LlmAugmenterOptions } from './llm-task.js';

/** Output schema named `paraphrases` in the prompt file. */
export const paraphrasesSchema = z.object({ paraphrases: z.array(z.string()).min(1).max(20) });

const NAME = 'llm/paraphrase';
const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };

/** Paraphrases each sample `count` times (default 3); label and language are kept. */
export function llmParaphrase(options: { model: LanguageModel; count?: number } & LlmAugmenterOptions): Augmenter<TextSample> {
  const count = options.count ?? 3;
  const prompt = createPromptLoader('paraphrase', options.promptPath);
  return {
    name: NAME,
    async augment(samples, context) {
      const loaded = await prompt();
      const perSample = await Promise.all(samples.map(async (sample): Promise<Augmented<TextSample>[]> => {
        const seed = sampleSeed(context.seed, NAME, sample.id);
        const result = await generateObject({
          model: options.model, schema: paraphrasesSchema, schemaName: 'paraphrases', prompt: loaded.reference, signal: context.signal,
          messages: renderPrompt(loaded, { text: sample.text }, { language: LANGUAGES[sample.language] ?? sample.language, count }),
          temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
        });
        const seen = new Set([normalizeForComparison(sample.text)]);
        const out: Augmented<TextSample>[] = [];
        for (const text of result.object.paraphrases.map((value) => value.trim())) {
          const key = normalizeForComparison(text);
          if (key === '' || seen.has(key) || out.length >= count) continue;
          seen.add(key);
          out.push({
            id: `${sample.id}~paraphrase~${out.length}`,
            sample: { ...sample, id: `${sample.id}~paraphrase~${out.length}`, text },
            lineage: createLlmSampleLineage({ parentIds: [sample.id], augmenter: NAME, params: { count }, seed, llm: [result.lineage], verdicts: [{ filter: 'llm/novel-text', kept: true }] }),
          });
        }
        return out;
      }));
      return perSample.flat();
    },
  };
}
