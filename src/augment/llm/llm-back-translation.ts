/**
 * Back-translation through the LLM (zh-en-zh or en-zh-en; Sennrich et al., 2016, "Improving
 * Neural Machine Translation Models with Monolingual Data"; Xie et al., 2020, UDA). Two calls of
 * prompts/back-translation.yaml per sample. Filter: drops empty results and copies of the source,
 * each with its reason; a sample whose request gives no valid answer becomes a
 * `W_LLM_OUTPUT_INVALID` warning.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, TextSample } from '../../types.js';
import { outputCounts } from '../outputs-per-input.js';
import {
  createLlmAugmenter, createLlmSampleLineage, createPromptLoader, dropVerdict, normalizeForComparison, sampleSeed, sortByVerdicts, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `translation` in the prompt file. */
export const translationSchema = z.object({ translation: z.string().min(1) });

const NAME = 'llm/back-translation';
const FILTER = 'llm/novel-text';
const LANGUAGES: Record<string, string> = { en: 'English', zh: 'Chinese' };

/**
 * Translates each sample to the pivot language and back; English samples pivot through Chinese,
 * Chinese through English by default. One output per sample, `<id>~back-translation-<pivot>`.
 * Honours `context.outputsPerInput` (0 = no request): copy `k` > 0 is another round trip seeded by
 * the sample id and `k`, numbered `<id>~back-translation-<pivot>~<k>`, and dropped when it repeats
 * an earlier copy; copy 0 is the output a single one would be.
 */
export function llmBackTranslation(options: { model: LanguageModel; pivot?: 'en' | 'zh' } & LlmAugmenterOptions): LlmAugmenter<TextSample> {
  const prompt = createPromptLoader('back-translation', options.promptPath);
  return createLlmAugmenter(NAME, async (samples, context) => {
    const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    const counts = outputCounts(NAME, samples.length, context, 1);
    const loaded = await prompt();
    const translate = (text: string, source: string, target: string, seed: number) => generateObject({
      model: options.model, schema: translationSchema, schemaName: 'translation', prompt: loaded.reference, signal: context.signal,
      messages: renderPrompt(loaded, { text }, { source: LANGUAGES[source] ?? source, target: LANGUAGES[target] ?? target }),
      temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
    });
    const roundTrip = async (sample: TextSample, copy: number): Promise<Augmented<TextSample> | undefined> => {
      const pivot = options.pivot ?? (sample.language === 'zh' ? 'en' : 'zh');
      const seed = sampleSeed(context.seed, NAME, copy === 0 ? sample.id : `${sample.id}#${copy}`);
      const forward = await tryStructuredCall(NAME, [sample.id], outcome.warnings, () => translate(sample.text, sample.language, pivot, seed));
      if (forward === undefined) return undefined;
      const backward = await tryStructuredCall(NAME, [sample.id], outcome.warnings, () => translate(forward.object.translation, pivot, sample.language, seed));
      if (backward === undefined) return undefined;
      const text = backward.object.translation.trim();
      const key = normalizeForComparison(text);
      const verdict = key === '' ? dropVerdict(FILTER, 'empty after normalisation')
        : key === normalizeForComparison(sample.text) ? dropVerdict(FILTER, `copy of the source ${sample.id}`, 1)
          : { filter: FILTER, kept: true };
      const id = copy === 0 ? `${sample.id}~back-translation-${pivot}` : `${sample.id}~back-translation-${pivot}~${copy}`;
      return {
        id,
        sample: { ...sample, id, text },
        lineage: createLlmSampleLineage({
          parentIds: [sample.id], augmenter: NAME, params: { pivot, intermediate: forward.object.translation }, seed,
          llm: [forward.lineage, backward.lineage], verdicts: [verdict],
        }),
      };
    };
    const perSample = await Promise.all(samples.map(async (sample, index) => {
      const copies = (await Promise.all(Array.from({ length: counts[index] }, (_, copy) => roundTrip(sample, copy)))).filter((result): result is Augmented<TextSample> => result !== undefined);
      const seen = new Map<string, string>();
      for (const output of copies) {
        const key = normalizeForComparison(output.sample.text);
        const earlier = seen.get(key);
        if (earlier !== undefined && output.lineage.verdicts[0].kept) output.lineage.verdicts[0] = dropVerdict(FILTER, `copy of ${earlier}`, 1);
        if (earlier === undefined && output.lineage.verdicts[0].kept) seen.set(key, output.id);
      }
      return copies;
    }));
    sortByVerdicts(perSample.flat(), outcome);
    return outcome;
  });
}
