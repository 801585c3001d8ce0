/**
 * Item attribute enrichment, LLMRec's item-side augmentation (Wei et al., 2024, "LLMRec: Large
 * Language Models with Graph Augmentation for Recommendation"): the model fills the requested
 * attributes an item lacks from its title and category (prompts/attribute-enrichment.yaml).
 * Given attributes are never overwritten. Filter: a value whose words are not all in the title or
 * category is rejected as invented (unless `requireGrounding` is false), as are attributes not
 * asked for; an item with nothing filled is dropped. Rejections are listed on lineage params.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, FilterVerdict, Item } from '../../types.js';
import {
  comparisonTokens, createLlmAugmenter, createLlmSampleLineage, createPromptLoader, dropVerdict, sampleSeed, sortByVerdicts, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `attributeValues` in the prompt file. */
export const attributeValuesSchema = z.object({ attributes: z.array(z.object({ name: z.string().min(1).max(40), value: z.string().max(80) })).max(20) });

export interface LlmAttributeEnrichmentOptions extends Omit<LlmAugmenterOptions, 'chinesePromptPath'> {
  model: LanguageModel;
  /** Attribute names to fill where an item lacks them (or has an empty value), e.g. `['color', 'material']`. */
  attributes: readonly string[];
  /** Reject values whose words do not all occur in the title or category; default true. */
  requireGrounding?: boolean;
}

/** One attribute value the filter refused. */
export interface RejectedAttribute {
  name: string;
  value: string;
  reason: string;
}

const NAME = 'llm/attribute-enrichment';
const FILTER = 'llm/attribute-grounding';
const NO_VALUE = new Set(['', 'unknown', 'n/a', 'na', 'none', 'null', 'not stated', '未知', '无', '不详']);

/** Items with at least one missing requested attribute get one request; the output is the item with the filled values added. */
export function llmAttributeEnrichment(options: LlmAttributeEnrichmentOptions): LlmAugmenter<Item> {
  const grounding = options.requireGrounding ?? true;
  const prompt = createPromptLoader('attribute-enrichment', options.promptPath);
  return createLlmAugmenter(NAME, async (items, context) => {
    const outcome: LlmAugmentOutcome<Item> = { kept: [], dropped: [], warnings: [] };
    const loaded = await prompt();
    const outputs = await Promise.all(items.map(async (item): Promise<Augmented<Item> | undefined> => {
      const given = new Map(Object.entries(item.attributes).filter(([, value]) => value.trim() !== ''));
      const missing = options.attributes.filter((name) => !given.has(name));
      if (missing.length === 0) return undefined;
      const seed = sampleSeed(context.seed, NAME, item.itemId);
      const category = item.category.join(' > ');
      const result = await tryStructuredCall(NAME, [item.itemId], outcome.warnings, () => generateObject({
        model: options.model, schema: attributeValuesSchema, schemaName: 'attributeValues', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, {
          title: item.title,
          category: category === '' ? '(none)' : category,
          given: given.size === 0 ? '(none)' : [...given].map(([name, value]) => `${name}: ${value}`).join('\n'),
          missing: missing.join('\n'),
        }),
        temperature: options.temperature ?? 0, maxTokens: options.maxTokens ?? 256, seed,
      }));
      if (result === undefined) return undefined;
      const source = new Set(comparisonTokens(`${item.title} ${category}`));
      const filled: Record<string, string> = {};
      const rejected: RejectedAttribute[] = [];
      for (const { name: rawName, value: rawValue } of result.object.attributes) {
        const name = rawName.trim();
        const value = rawValue.trim();
        const reject = (reason: string) => rejected.push({ name, value, reason });
        if (given.has(name)) reject(`given as "${given.get(name)}"; never overwritten`);
        else if (!missing.includes(name)) reject('not asked for');
        else if (name in filled) reject('named twice; the first value is kept');
        else if (NO_VALUE.has(value.toLowerCase())) reject('no value');
        else if (grounding && !comparisonTokens(value).every((token) => source.has(token))) reject('not found in the title or category');
        else filled[name] = value;
      }
      const count = Object.keys(filled).length;
      const verdict: FilterVerdict = count > 0
        ? { filter: FILTER, kept: true, score: count / missing.length }
        : dropVerdict(FILTER, rejected.length === 0 ? 'the model filled no attribute' : `no attribute filled; rejected: ${rejected.map((entry) => `${entry.name} (${entry.reason})`).join('; ')}`, 0);
      const id = `${item.itemId}~attributes`;
      return {
        id,
        sample: { ...item, attributes: { ...item.attributes, ...filled } },
        lineage: createLlmSampleLineage({ parentIds: [item.itemId], augmenter: NAME, params: { asked: missing, filled, rejected }, seed, llm: [result.lineage], verdicts: [verdict] }),
      };
    }));
    sortByVerdicts(outputs.filter((output): output is Augmented<Item> => output !== undefined), outcome);
    return outcome;
  });
}
