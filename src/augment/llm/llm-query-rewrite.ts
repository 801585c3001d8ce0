/**
 * Rewrites of long-tail search queries toward head queries with the same intent, after Taobao's
 * LLM query rewriting (Peng et al., 2024, "Large Language Model based Long-tail Query Rewriting in
 * Taobao Search"): the model sees the rare query and candidate head queries and writes rewrites,
 * copying a head query when it keeps the whole request (prompts/query-rewrite.yaml, prompts/zh/
 * query-rewrite.yaml). Candidates are the head queries most similar in character 3-grams, or
 * those `selectCandidates` returns. Filter: a rewrite must differ from the query after
 * normalisation and keep every protected token (brands, model numbers, sizes, quantities).
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import { charShingles, jaccard } from '../../quality/filters/char-shingles.js';
import type { Augmented, FilterVerdict, TextSample } from '../../types.js';
import type { ProtectionOptions } from '../text/protected-spans.js';
import {
  createLanguagePromptLoader, createLlmAugmenter, createLlmSampleLineage, dropVerdict, LANGUAGE_NAMES, noneText, normalizeForComparison, sampleSeed, sortByVerdicts,
  tryStructuredCall, type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';
import { missingProtectedTokens } from './protected-tokens.js';

/** Output schema named `queryRewrites` in the prompt file. */
export const queryRewritesSchema = z.object({ rewrites: z.array(z.string().min(1).max(120)).min(1).max(10) });

export interface LlmQueryRewriteOptions extends LlmAugmenterOptions {
  model: LanguageModel;
  /** Frequent queries the rewrites should move toward. */
  headQueries: readonly string[];
  /** Head queries shown per query; default 8. */
  candidatesPerQuery?: number;
  /** Chooses the head queries shown for a query (e.g. by embeddings); default character 3-gram Jaccard. */
  selectCandidates?: (query: TextSample) => readonly string[];
  /** Rewrites asked for per query; default 3. */
  count?: number;
  /** Extra protected terms (a catalog's brands) for the protected-token check. */
  protection?: ProtectionOptions;
}

const NAME = 'llm/query-rewrite';
const SHINGLE_SIZE = 3;

/** Rewrites every query `count` times; label and language are kept, the head query matched (if any) is on lineage. */
export function llmQueryRewrite(options: LlmQueryRewriteOptions): LlmAugmenter<TextSample> {
  const count = options.count ?? 3;
  const shown = options.candidatesPerQuery ?? 8;
  const prompt = createLanguagePromptLoader('query-rewrite', options);
  let heads: { text: string; shingles: Uint32Array }[] | undefined;
  const headByKey = new Map(options.headQueries.map((text) => [normalizeForComparison(text), text]));
  const nearestHeads = (query: TextSample): string[] => {
    heads ??= options.headQueries.map((text) => ({ text, shingles: charShingles(text, SHINGLE_SIZE) }));
    const shingles = charShingles(query.text, SHINGLE_SIZE);
    const key = normalizeForComparison(query.text);
    return heads
      .filter((head) => normalizeForComparison(head.text) !== key)
      .map((head, index) => ({ text: head.text, index, score: jaccard(shingles, head.shingles) }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, shown)
      .map((head) => head.text);
  };
  return createLlmAugmenter(NAME, async (queries, context) => {
    const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
    const perQuery = await Promise.all(queries.map(async (query): Promise<Augmented<TextSample>[]> => {
      const candidates = [...(options.selectCandidates?.(query) ?? nearestHeads(query))];
      const loaded = await prompt(query.language);
      const seed = sampleSeed(context.seed, NAME, query.id);
      const result = await tryStructuredCall(NAME, [query.id], outcome.warnings, () => generateObject({
        model: options.model, schema: queryRewritesSchema, schemaName: 'queryRewrites', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, { query: query.text, candidates: candidates.length > 0 ? candidates.join('\n') : noneText(query.language) }, { language: LANGUAGE_NAMES[query.language] ?? query.language, count }),
        temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
      }));
      if (result === undefined) return [];
      const source = normalizeForComparison(query.text);
      const seen = new Map<string, string>();
      return result.object.rewrites.slice(0, count).map((raw, position) => {
        const text = raw.trim();
        const key = normalizeForComparison(text);
        const id = `${query.id}~rewrite~${position}`;
        let verdict: FilterVerdict;
        const missing = key === '' ? [] : missingProtectedTokens(query.text, text, options.protection);
        if (key === '') verdict = dropVerdict('llm/rewrite-differs', 'empty after normalisation');
        else if (key === source) verdict = dropVerdict('llm/rewrite-differs', 'same as the query after normalisation', 1);
        else if (seen.has(key)) verdict = dropVerdict('llm/rewrite-differs', `duplicate of ${seen.get(key)}`, 1);
        else if (missing.length > 0) verdict = dropVerdict('llm/protected-tokens', `drops protected ${missing.map((token) => `"${token}"`).join(', ')}`);
        else verdict = { filter: 'llm/protected-tokens', kept: true };
        if (key !== '' && !seen.has(key)) seen.set(key, id);
        const headQuery = headByKey.get(key) ?? null;
        return {
          id,
          sample: { ...query, id, text },
          lineage: createLlmSampleLineage({ parentIds: [query.id], augmenter: NAME, params: { count, candidates, headQuery }, seed, llm: [result.lineage], verdicts: [verdict] }),
        };
      });
    }));
    sortByVerdicts(perQuery.flat(), outcome);
    return outcome;
  });
}
