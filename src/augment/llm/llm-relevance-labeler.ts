/**
 * Relevance labelling of query-product pairs on the ESCI scale (Reddy et al., 2022, "Shopping
 * Queries Dataset") with prompts/relevance-esci.yaml, an LLM-as-judge in the style of Thomas et
 * al., 2024 ("Large language models can accurately predict searcher preferences"). Check the
 * labels against a gold set with `measureLabelAgreement` before trusting them.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, Augmenter, Item } from '../../types.js';
import { createLlmSampleLineage, createPromptLoader, sampleSeed, type LlmAugmenterOptions } from './llm-task.js';

/** The ESCI labels. */
export const ESCI_LABELS = Object.freeze(['exact', 'substitute', 'complement', 'irrelevant'] as const);

/** Output schema named `esciLabel` in the prompt file. */
// The reason is bounded so grammar-constrained decoding cannot run it past the output cap.
export const esciLabelSchema = z.object({ label: z.enum(ESCI_LABELS), reason: z.string().max(300) });

/** A query and a product, with a relevance label when known. */
export interface QueryProductPair {
  id: string;
  query: string;
  item: Item;
  label?: (typeof ESCI_LABELS)[number];
}

const NAME = 'llm/relevance-esci';

function describeItem(item: Item): string {
  const attributes = Object.entries(item.attributes).map(([key, value]) => `${key}: ${value}`).join('; ');
  return [item.title, item.category.length > 0 ? `category: ${item.category.join(' > ')}` : '', attributes].filter((part) => part !== '').join('\n');
}

/** Labels every pair (temperature 0 by default); the reason is kept in lineage params. */
export function llmRelevanceLabeler(options: { model: LanguageModel } & LlmAugmenterOptions): Augmenter<QueryProductPair> {
  const prompt = createPromptLoader('relevance-esci', options.promptPath);
  return {
    name: NAME,
    async augment(pairs, context) {
      const loaded = await prompt();
      return Promise.all(pairs.map(async (pair): Promise<Augmented<QueryProductPair>> => {
        const seed = sampleSeed(context.seed, NAME, pair.id);
        const result = await generateObject({
          model: options.model, schema: esciLabelSchema, schemaName: 'esciLabel', prompt: loaded.reference, signal: context.signal,
          messages: renderPrompt(loaded, { query: pair.query, product: describeItem(pair.item) }),
          temperature: options.temperature ?? 0, maxTokens: options.maxTokens ?? 128, seed,
        });
        const id = `${pair.id}~esci`;
        return {
          id,
          sample: { ...pair, id, label: result.object.label },
          lineage: createLlmSampleLineage({ parentIds: [pair.id], augmenter: NAME, params: { reason: result.object.reason }, seed, llm: [result.lineage] }),
        };
      }));
    },
  };
}
