/**
 * LLMRec-style interaction augmentation (Wei et al., 2024, "LLMRec: Large Language Models with
 * Graph Augmentation for Recommendation"): from a user's history and a candidate set the model
 * picks a likely positive and a likely negative, a (user, positive, negative) triple for BPR-style
 * training (prompts/interaction-augment.yaml). Candidates are shown as `id: title` in a seeded
 * order per record, against position bias. Filter: both picks must be ids of the candidate set
 * and differ; a hallucinated id is dropped with the reason.
 */
import { z } from 'zod';
import { createRng, deriveSeed } from '../../internal/rng.js';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, FilterVerdict, Item } from '../../types.js';
import {
  createLlmAugmenter, createLlmSampleLineage, createPromptLoader, dropVerdict, sampleSeed, sortByVerdicts, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';

/** Output schema named `interactionPick` in the prompt file. */
export const interactionPickSchema = z.object({ positive: z.string().max(64), negative: z.string().max(64), reason: z.string().max(300) });

/** A user's history (oldest first) and candidate items, with the picks once made. */
export interface InteractionCandidates {
  id: string;
  userId: string;
  history: string[];
  candidates: string[];
  positive?: string;
  negative?: string;
}

export interface LlmInteractionAugmentOptions extends Omit<LlmAugmenterOptions, 'chinesePromptPath'> {
  model: LanguageModel;
  /** Items by id, for titles; unknown ids are shown by id alone. */
  catalog: ReadonlyMap<string, Item>;
  /** Most recent history items shown; default 20. */
  maxHistory?: number;
  /** Show candidates in a seeded random order; default true. */
  shuffleCandidates?: boolean;
}

const NAME = 'llm/interaction-augment';
const FILTER = 'llm/candidate-ids';

/** Picks a positive and a negative candidate per record; see the module note for the filter. */
export function llmInteractionAugment(options: LlmInteractionAugmentOptions): LlmAugmenter<InteractionCandidates> {
  const maxHistory = options.maxHistory ?? 20;
  const prompt = createPromptLoader('interaction-augment', options.promptPath);
  const describe = (itemId: string): string => {
    const title = options.catalog.get(itemId)?.title;
    return title === undefined ? itemId : `${itemId}: ${title}`;
  };
  return createLlmAugmenter(NAME, async (records, context) => {
    const outcome: LlmAugmentOutcome<InteractionCandidates> = { kept: [], dropped: [], warnings: [] };
    const loaded = await prompt();
    const outputs = await Promise.all(records.map(async (record): Promise<Augmented<InteractionCandidates> | undefined> => {
      if (record.candidates.length < 2) return undefined;
      const order = [...record.candidates];
      if (options.shuffleCandidates !== false) createRng(deriveSeed(context.seed, NAME, record.id)).shuffle(order);
      const seed = sampleSeed(context.seed, NAME, record.id);
      const result = await tryStructuredCall(NAME, [record.id], outcome.warnings, () => generateObject({
        model: options.model, schema: interactionPickSchema, schemaName: 'interactionPick', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, {
          history: record.history.slice(-maxHistory).map((itemId) => `- ${options.catalog.get(itemId)?.title ?? itemId}`).join('\n') || '(empty)',
          candidates: order.map(describe).join('\n'),
        }),
        temperature: options.temperature ?? 0, maxTokens: options.maxTokens ?? 256, seed,
      }));
      if (result === undefined) return undefined;
      const positive = result.object.positive.trim();
      const negative = result.object.negative.trim();
      const candidates = new Set(record.candidates);
      const unknown = [['positive', positive], ['negative', negative]].filter(([, value]) => !candidates.has(value));
      let verdict: FilterVerdict;
      if (unknown.length > 0) {
        verdict = dropVerdict(FILTER, `${unknown.map(([role, value]) => `${role} "${value}"`).join(' and ')} not among the ${candidates.size} candidate ids (hallucinated)`);
      } else if (positive === negative) {
        verdict = dropVerdict(FILTER, `positive and negative are the same candidate "${positive}"`);
      } else {
        verdict = { filter: FILTER, kept: true };
      }
      const id = `${record.id}~pick`;
      return {
        id,
        sample: { ...record, id, positive, negative },
        lineage: createLlmSampleLineage({ parentIds: [record.id], augmenter: NAME, params: { reason: result.object.reason, candidateOrder: order }, seed, llm: [result.lineage], verdicts: [verdict] }),
      };
    }));
    sortByVerdicts(outputs.filter((output): output is Augmented<InteractionCandidates> => output !== undefined), outcome);
    return outcome;
  });
}
