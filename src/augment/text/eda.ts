/**
 * EDA as an augmenter (Wei and Zou 2019): each input yields `outputsPerInput` texts, each made by
 * one of the chosen edits with `n = max(1, floor(alpha * words))` changes (deletion: each word with
 * probability alpha). The paper's defaults: alpha 0.1 and 9 outputs for small training sets.
 */
import type { Augmented, AugmentContext, Augmenter, TextSample } from '../../types.js';
import { EDA_OPERATIONS, randomDelete, randomInsert, randomSwap, synonymReplace, type EdaOperation } from './eda-operations.js';
import type { LanguageRules, PreparedText } from './language-rules.js';
import type { Rng } from '../../internal/rng.js';
import { outputCounts } from '../outputs-per-input.js';
import { AugmentedTextOutputs } from './augmented-text.js';

/** Options of {@link createEdaAugmenter}. */
export interface EdaOptions {
  /** How the language splits into words and finds synonyms. */
  rules: LanguageRules;
  /** Registry name recorded in lineage; default `text/eda`. */
  name?: string;
  /** Edits to use; default all four. Outputs cycle through them from a random start. */
  operations?: readonly EdaOperation[];
  /** Fraction of words changed per edit (the paper's alpha); default 0.1. */
  alpha?: number;
  /** Outputs per input (the paper's n_aug); default 9. */
  outputsPerInput?: number;
}

/** Writes the units of one edit of `text` into `out` and returns it. */
function applyOperation(operation: EdaOperation, text: PreparedText, rules: LanguageRules, alpha: number, rng: Rng, out: string[]): string[] {
  const count = Math.max(1, Math.floor(alpha * text.wordPositions.length));
  switch (operation) {
    case 'synonym':
      return synonymReplace(text, rules, count, rng, out);
    case 'insert':
      return randomInsert(text, count, rng, out);
    case 'swap':
      return randomSwap(text, count, rng, out);
    case 'delete':
      return randomDelete(text, alpha, rng, out);
  }
}

/** The params of each operation with another output count (an input's count under a budget). */
function withCount<P extends object>(params: ReadonlyMap<EdaOperation, P>, outputsPerInput: number): Map<EdaOperation, P> {
  return new Map([...params].map(([operation, entry]) => [operation, Object.freeze({ ...entry, outputsPerInput })]));
}

/**
 * An EDA augmenter. Each input gets its own stream `context.rng.fork(sample.id)`, so outputs do not
 * depend on batch order or size. Output ids are `<parent id>~<name>~<index>`. Honours
 * `context.outputsPerInput` (in place of `outputsPerInput`): outputs come from the input's stream in
 * order, so its first n outputs are the same whatever its count; the count goes on the lineage.
 */
export function createEdaAugmenter(options: EdaOptions): Augmenter<TextSample> {
  const name = options.name ?? 'text/eda';
  const operations = options.operations ?? EDA_OPERATIONS;
  const alpha = options.alpha ?? 0.1;
  const outputsPerInput = options.outputsPerInput ?? 9;
  const paramsByOperation = new Map(
    operations.map((operation) => [operation, Object.freeze({ operation, alpha, outputsPerInput, language: options.rules.language })]),
  );
  return {
    name,
    async augment(samples: readonly TextSample[], context: AugmentContext): Promise<Augmented<TextSample>[]> {
      const out: Augmented<TextSample>[] = [];
      const counts = outputCounts(name, samples.length, context, outputsPerInput);
      // Every edit writes into this one array, joined into the output's text at once.
      const units: string[] = [];
      for (const [position, sample] of samples.entries()) {
        if (context.signal?.aborted === true) break;
        const copies = counts[position];
        if (copies === 0) continue;
        const params = copies === outputsPerInput ? paramsByOperation : withCount(paramsByOperation, copies);
        const prepared = options.rules.prepare(sample.text);
        const rng = context.rng.fork(sample.id);
        const start = rng.int(operations.length);
        const outputs = new AugmentedTextOutputs(sample, name, context.seed);
        for (let i = 0; i < copies; i++) {
          const operation = operations[(start + i) % operations.length];
          const text = applyOperation(operation, prepared, options.rules, alpha, rng, units).join(prepared.joiner);
          out.push(outputs.create(i, text, params.get(operation) as Record<string, unknown>));
        }
      }
      return out;
    },
  };
}
