/**
 * Synthetic search queries for products from their title and attributes, doc2query style
 * (Nogueira et al., 2019, "Document Expansion by Query Prediction") with an LLM prompted as in
 * InPars (Bonifacio et al., 2022, "InPars: Data Augmentation for Information Retrieval using Large
 * Language Models"), using prompts/synthetic-queries.yaml (prompts/zh/synthetic-queries.yaml for
 * Chinese titles). The model rates each query; the best `keep` by that score are kept, or, with a
 * `judge` (e.g. `llmRelevanceLabeler`), only queries the judge labels as accepted compete.
 * Filter: copies of the title (equal after normalisation, or token Jaccard >= `maxTitleOverlap`)
 * and duplicates of other outputs or of the item's real queries are dropped with the reason.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, Augmenter, FilterVerdict, Item } from '../../types.js';
import type { QueryProductPair } from './llm-relevance-labeler.js';
import {
  comparisonTokens, createLanguagePromptLoader, createLlmAugmenter, createLlmSampleLineage, detectLanguage, dropVerdict, LANGUAGE_NAMES, noneText, normalizeForComparison,
  sampleSeed, sortByVerdicts, tryStructuredCall, type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `syntheticQueries` in the prompt file. */
export const syntheticQueriesSchema = z.object({
  queries: z.array(z.object({ query: z.string().min(1).max(120), score: z.number().min(0).max(1) })).min(1).max(30),
});

export interface LlmSyntheticQueriesOptions extends LlmAugmenterOptions {
  model: LanguageModel;
  /** Queries asked for per item; default 8. */
  count?: number;
  /** Queries kept per item, the best by score; default 3. */
  keep?: number;
  /** Token Jaccard with the title at or above which a query is a copy of it; default 0.8. */
  maxTitleOverlap?: number;
  /** Output language; default Chinese for titles holding Han characters, else English. */
  language?: string;
  /** A relevance judge run on every candidate that passed the copy filters. */
  judge?: Augmenter<QueryProductPair>;
  /** Judge labels that keep a candidate; default `['exact']`. */
  judgeAccept?: readonly string[];
}

const NAME = 'llm/synthetic-queries';

function describeAttributes(item: Item, language: string): string {
  const parts = Object.entries(item.attributes).map(([key, value]) => `${key}: ${value}`);
  if (item.category.length > 0) parts.unshift(`category: ${item.category.join(' > ')}`);
  return parts.length > 0 ? parts.join('; ') : noneText(language);
}

/** Token Jaccard of two texts after normalisation. */
function tokenJaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const token of left) if (right.has(token)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 1 : shared / union;
}

interface Candidate {
  output: Augmented<QueryProductPair>;
  score: number;
  position: number;
}

/**
 * Input: query-product pairs; pairs of one item (by `itemId`) make one request, and their
 * non-empty queries count as the item's real queries (enter an item with no known query as a pair
 * with `query: ''`). Output: new pairs of the item with a synthetic query and label `exact`.
 */
export function llmSyntheticQueries(options: LlmSyntheticQueriesOptions): LlmAugmenter<QueryProductPair> {
  const count = options.count ?? 8;
  const keep = options.keep ?? 3;
  const maxOverlap = options.maxTitleOverlap ?? 0.8;
  const accept = new Set(options.judgeAccept ?? ['exact']);
  const prompt = createLanguagePromptLoader('synthetic-queries', options);
  return createLlmAugmenter(NAME, async (pairs, context) => {
    const outcome: LlmAugmentOutcome<QueryProductPair> = { kept: [], dropped: [], warnings: [] };
    const byItem = new Map<string, QueryProductPair[]>();
    for (const pair of pairs) {
      const group = byItem.get(pair.item.itemId);
      if (group === undefined) byItem.set(pair.item.itemId, [pair]);
      else group.push(pair);
    }
    const perItem = await Promise.all([...byItem.values()].map(async (group): Promise<Candidate[]> => {
      const item = group[0].item;
      const language = options.language ?? detectLanguage(item.title);
      const loaded = await prompt(language);
      const seed = sampleSeed(context.seed, NAME, item.itemId);
      const parentIds = group.map((pair) => pair.id);
      const result = await tryStructuredCall(NAME, parentIds, outcome.warnings, () => generateObject({
        model: options.model, schema: syntheticQueriesSchema, schemaName: 'syntheticQueries', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, { title: item.title, attributes: describeAttributes(item, language) }, { language: LANGUAGE_NAMES[language] ?? language, count }),
        temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? 512, seed,
      }));
      if (result === undefined) return [];
      const title = normalizeForComparison(item.title);
      const titleTokens = comparisonTokens(item.title);
      const seen = new Map<string, string>();
      for (const pair of group) if (pair.query.trim() !== '') seen.set(normalizeForComparison(pair.query), `real query of ${pair.id}`);
      return result.object.queries.slice(0, count).map((candidate, position): Candidate => {
        const query = candidate.query.trim();
        const key = normalizeForComparison(query);
        const id = `${item.itemId}~query~${position}`;
        const overlap = tokenJaccard(comparisonTokens(query), titleTokens);
        let verdict: FilterVerdict;
        if (key === '') verdict = dropVerdict('llm/title-copy', 'empty after normalisation');
        else if (key === title) verdict = dropVerdict('llm/title-copy', 'copy of the title (equal after normalisation)', 1);
        else if (overlap >= maxOverlap) verdict = dropVerdict('llm/title-copy', `copy of the title (token Jaccard ${overlap.toFixed(2)} >= ${maxOverlap})`, overlap);
        else if (seen.has(key)) verdict = dropVerdict('llm/duplicate', `duplicate of ${seen.get(key)}`, 1);
        else verdict = { filter: 'llm/title-copy', kept: true, score: overlap };
        if (key !== '' && !seen.has(key)) seen.set(key, id);
        return {
          score: candidate.score,
          position,
          output: {
            id,
            sample: { id, query, item, label: 'exact' },
            lineage: createLlmSampleLineage({ parentIds, augmenter: NAME, params: { count, keep, selfScore: candidate.score }, seed, llm: [result.lineage], verdicts: [verdict] }),
          },
        };
      });
    }));

    if (options.judge !== undefined) {
      const open = perItem.flat().filter((candidate) => candidate.output.lineage.verdicts.every((verdict) => verdict.kept));
      const judged = await options.judge.augment(open.map((candidate) => candidate.output.sample), context);
      const byParent = new Map(judged.map((entry) => [entry.lineage.parentIds[0], entry]));
      for (const candidate of open) {
        const entry = byParent.get(candidate.output.id);
        const label = entry?.sample.label;
        const reason = typeof entry?.lineage.params.reason === 'string' ? entry.lineage.params.reason : '';
        candidate.output.lineage.params.judge = { label: label ?? null, reason, llm: entry?.lineage.llm };
        candidate.output.lineage.verdicts.push(label !== undefined && accept.has(label)
          ? { filter: 'llm/judge', kept: true }
          : dropVerdict('llm/judge', label === undefined ? 'the judge gave no label' : `judge labelled "${label}"${reason === '' ? '' : `: ${reason}`}`));
      }
    }

    for (const candidates of perItem) {
      const open = candidates.filter((candidate) => candidate.output.lineage.verdicts.every((verdict) => verdict.kept));
      open.sort((a, b) => b.score - a.score || a.position - b.position);
      open.forEach((candidate, rank) => {
        candidate.output.lineage.params.rank = rank + 1;
        candidate.output.lineage.verdicts.push(rank < keep
          ? { filter: 'llm/top-k', kept: true, score: candidate.score }
          : dropVerdict('llm/top-k', `rank ${rank + 1} of ${open.length} by self-rated score ${candidate.score}; keeping the best ${keep}`, candidate.score));
      });
      sortByVerdicts(candidates.map((candidate) => candidate.output), outcome);
    }
    return outcome;
  });
}
