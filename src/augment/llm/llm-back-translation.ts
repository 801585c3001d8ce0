/**
 * Back-translation through the LLM (zh-en-zh or en-zh-en; Sennrich et al., 2016, "Improving
 * Neural Machine Translation Models with Monolingual Data"; Xie et al., 2020, UDA). Two calls of
 * prompts/back-translation.yaml per sample. Filter: drops empty results and copies of the source.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, Augmenter, TextSample } from '../../types.js';
import { createLlmSampleLineage, createPromptLoader, normalizeForComparison, sampleSeed, type LlmAugmenterOptions } from './llm-task.js';

/** Output schema named `translation` in the prompt file. */
export const translationSchema = z.object({ translation: z.string().min(1) });

const NAME = 'llm/back-translation';
const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };

/** Translates each sample to the pivot language and back; English samples pivot through Chinese, Chinese through English by default. */
export function llmBackTranslation(options: { model: LanguageModel; pivot?: 'en' | 'zh' } & LlmAugmenterOptions): Augmenter<TextSample> {
  const prompt = createPromptLoader('back-translation', options.promptPath);
  return {
    name: NAME,
    async augment(samples, context) {
      const loaded = await prompt();
      const translate = async (text: string, source: string, target: string, seed: number) => generateObject({
        model: options.model, schema: translationSchema, schemaName: 'translation', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, { text }, { source: LANGUAGES[source] ?? source, target: LANGUAGES[target] ?? target }),
        temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
      });
      const results = await Promise.all(samples.map(async (sample): Promise<Augmented<TextSample> | undefined> => {
        const pivot = options.pivot ?? (sample.language === 'zh' ? 'en' : 'zh');
        const seed = sampleSeed(context.seed, NAME, sample.id);
        const forward = await translate(sample.text, sample.language, pivot, seed);
        const backward = await translate(forward.object.translation, pivot, sample.language, seed);
        const text = backward.object.translation.trim();
        if (text === '' || normalizeForComparison(text) === normalizeForComparison(sample.text)) return undefined;
        const id = `${sample.id}~back-translation-${pivot}`;
        return {
          id,
          sample: { ...sample, id, text },
          lineage: createLlmSampleLineage({
            parentIds: [sample.id], augmenter: NAME, params: { pivot, intermediate: forward.object.translation }, seed,
            llm: [forward.lineage, backward.lineage], verdicts: [{ filter: 'llm/novel-text', kept: true }],
          }),
        };
      }));
      return results.filter((result): result is Augmented<TextSample> => result !== undefined);
    },
  };
}
