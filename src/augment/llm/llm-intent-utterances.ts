/**
 * Synthetic customer-service utterances per intent from the intent's name, description and a few
 * seeded examples (prompts/intent-utterances.yaml, prompts/zh/intent-utterances.yaml), as in Sahu
 * et al., 2022, "Data Augmentation for Intent Classification with Off-the-shelf Large Language
 * Models". Filter: drops empty outputs, copies and near copies of any real example in the batch
 * (character 4-gram Jaccard, default >= 0.8) and duplicates among the outputs, then runs the
 * optional label-consistency filter against the real examples.
 */
import { z } from 'zod';
import { createRng, deriveSeed } from '../../internal/rng.js';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import { charShingles, jaccard } from '../../quality/filters/char-shingles.js';
import type { SampleFilter } from '../../quality/filters/sample-filter.js';
import type { Augmented, TextSample } from '../../types.js';
import { outputCounts, requestSizes } from '../outputs-per-input.js';
import {
  createLanguagePromptLoader, createLlmAugmenter, createLlmSampleLineage, dropVerdict, LANGUAGE_NAMES, normalizeForComparison, sampleSeed, sortByVerdicts,
  tryStructuredCall, type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `utterances` in the prompt file. */
export const utterancesSchema = z.object({ utterances: z.array(z.string().min(1).max(300)).min(1).max(50) });

/** What the prompt says about an intent besides its examples. */
export interface IntentDescription {
  /** Readable name; default the label with `_` and `-` as spaces. */
  name?: string;
  /** One or two sentences on what customers with this intent want. */
  description?: string;
}

export interface LlmIntentUtterancesOptions extends LlmAugmenterOptions {
  model: LanguageModel;
  /** Names and descriptions by label; labels without an entry are described by their name. */
  intents?: Readonly<Record<string, IntentDescription>>;
  /** Utterances asked for per intent and language; default 10. */
  count?: number;
  /** Real examples shown per intent, drawn with the seed; default 5. */
  examplesPerIntent?: number;
  /** Character 4-gram Jaccard with a real example at or above which an output is a near copy; default 0.8. */
  nearDuplicateThreshold?: number;
  /** Label-consistency hook, e.g. `labelConsistencyFilter()`, run last with the batch as the real samples. */
  labelFilter?: SampleFilter<TextSample>;
}

const NAME = 'llm/intent-utterances';
const FILTER = 'llm/novel-utterance';
const SHINGLE_SIZE = 4;

/** Utterances one request may ask for (the most `utterancesSchema` accepts). */
const MAX_PER_REQUEST = 50;

/**
 * New utterances for every intent (label) of the batch, per language; unlabelled samples only
 * serve as real examples for the copy check. Outputs carry the intent as label and the examples
 * shown as parents. Targeted generation: with `context.outputsPerInput`, an intent (and language)
 * gets the sum of its texts' counts instead of `count` (0 = no request), so a per-label budget
 * spread over the label's texts asks for exactly the label's quota; unlabelled texts' counts make
 * nothing. More than 50 are asked for in requests of at most 50 with the same examples: the first
 * is seeded as a single request is, the others by the intent and the request's number, and their
 * utterances are numbered on from the previous request's.
 */
export function llmIntentUtterances(options: LlmIntentUtterancesOptions): LlmAugmenter<TextSample> {
  const count = options.count ?? 10;
  const examplesPerIntent = options.examplesPerIntent ?? 5;
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  const prompt = createLanguagePromptLoader('intent-utterances', options);
  return createLlmAugmenter(NAME, async (samples, context) => {
    const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    const counts = context.outputsPerInput === undefined ? undefined : outputCounts(NAME, samples.length, context, 0);
    const groups = new Map<string, TextSample[]>();
    const wantedByGroup = new Map<string, number>();
    for (const [index, sample] of samples.entries()) {
      if (sample.label === undefined) continue;
      const key = `${sample.label}\u0000${sample.language}`;
      const group = groups.get(key);
      if (group === undefined) groups.set(key, [sample]);
      else group.push(sample);
      wantedByGroup.set(key, counts === undefined ? count : (wantedByGroup.get(key) ?? 0) + counts[index]);
    }
    const realByText = new Map<string, string>();
    for (const sample of samples) if (!realByText.has(normalizeForComparison(sample.text))) realByText.set(normalizeForComparison(sample.text), sample.id);
    const realShingles = samples.map((sample) => ({ id: sample.id, language: sample.language, shingles: charShingles(sample.text, SHINGLE_SIZE) }));

    const perIntent = await Promise.all([...groups].map(async ([groupKey, group]): Promise<Augmented<TextSample>[]> => {
      const { label, language } = group[0] as TextSample & { label: string };
      const wanted = wantedByGroup.get(groupKey) ?? 0;
      if (wanted === 0) return [];
      // Sorted by id first, so the examples drawn do not depend on the order of the batch.
      const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const rng = createRng(deriveSeed(context.seed, NAME, label, language));
      const examples = rng.sample(sorted.length, Math.min(examplesPerIntent, sorted.length)).map((index) => sorted[index]);
      const intent = options.intents?.[label];
      const name = intent?.name ?? label.replace(/[_-]+/g, ' ');
      const loaded = await prompt(language);
      const parentIds = examples.map((example) => example.id);
      const answers = await Promise.all(requestSizes(wanted, MAX_PER_REQUEST).map(async (size, request) => {
        const seed = sampleSeed(context.seed, NAME, request === 0 ? `${label}/${language}` : `${label}/${language}#${request}`);
        const result = await tryStructuredCall(NAME, parentIds, outcome.warnings, () => generateObject({
          model: options.model, schema: utterancesSchema, schemaName: 'utterances', prompt: loaded.reference, signal: context.signal,
          messages: renderPrompt(loaded, { intent: name, description: intent?.description ?? name, examples: examples.map((example) => `- ${example.text}`).join('\n') }, { language: LANGUAGE_NAMES[language] ?? language, count: size }),
          temperature: options.temperature ?? 0.9, maxTokens: options.maxTokens ?? 1024, seed,
        }));
        return { seed, result, size, offset: request * MAX_PER_REQUEST };
      }));
      const seen = new Map<string, string>();
      return answers.flatMap(({ seed, result, size, offset }) => result === undefined ? [] : result.object.utterances.slice(0, size).map((raw, index) => {
        const position = offset + index;
        const text = raw.trim();
        const id = `${label}~${language}~utterance~${position}`;
        const key = normalizeForComparison(text);
        let verdict;
        const copied = realByText.get(key);
        if (key === '') verdict = dropVerdict(FILTER, 'empty after normalisation');
        else if (copied !== undefined) verdict = dropVerdict(FILTER, `copy of real example ${copied}`, 1);
        else if (seen.has(key)) verdict = dropVerdict(FILTER, `duplicate of ${seen.get(key)}`, 1);
        else {
          const shingles = charShingles(text, SHINGLE_SIZE);
          let best = { id: '', score: 0 };
          for (const real of realShingles) {
            if (real.language !== language) continue;
            const score = jaccard(shingles, real.shingles);
            if (score > best.score) best = { id: real.id, score };
          }
          verdict = best.score >= threshold
            ? dropVerdict(FILTER, `near copy of real example ${best.id} (character ${SHINGLE_SIZE}-gram Jaccard ${best.score.toFixed(2)} >= ${threshold})`, best.score)
            : { filter: FILTER, kept: true, score: best.score };
        }
        if (key !== '' && !seen.has(key)) seen.set(key, id);
        return {
          id,
          sample: { id, text, label, language },
          lineage: createLlmSampleLineage({ parentIds, augmenter: NAME, params: { intent: label, count: wanted, examples: examples.length }, seed, llm: [result.lineage], verdicts: [verdict] }),
        };
      }));
    }));
    const novel: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    sortByVerdicts(perIntent.flat(), novel);
    outcome.dropped.push(...novel.dropped);
    if (options.labelFilter === undefined || novel.kept.length === 0) {
      outcome.kept.push(...novel.kept);
    } else {
      const checked = await options.labelFilter.apply(novel.kept, { real: samples, seed: context.seed });
      outcome.kept.push(...checked.kept);
      outcome.dropped.push(...checked.dropped);
    }
    return outcome;
  });
}
