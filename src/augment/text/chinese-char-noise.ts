/**
 * Character-level noise for Chinese, where one character is a morpheme: a character dropped,
 * doubled, or two neighbouring characters of a word transposed, as in hurried input-method typing.
 * Only Han characters inside editable words change; protected spans never do.
 */
import type { Augmented, AugmentContext, Augmenter, TextSample } from '../../types.js';
import { outputCounts } from '../outputs-per-input.js';
import { AugmentedTextOutputs } from './augmented-text.js';
import type { LanguageRules } from './language-rules.js';

/** Options of {@link createChineseCharNoiseAugmenter}. */
export interface ChineseCharNoiseOptions {
  /** Chinese rules (jieba words and protected spans). */
  rules: LanguageRules;
  /** Registry name; default `text/zh-char`. */
  name?: string;
  /** Fraction of Han characters edited, at least one; default 0.1. */
  alpha?: number;
  /** Outputs per input; default 1. */
  outputsPerInput?: number;
}

const HAN = /\p{Script=Han}/u;

/**
 * A Chinese character-noise augmenter; each input gets its own stream `context.rng.fork(sample.id)`.
 * Honours `context.outputsPerInput` like EDA does (first outputs the same whatever the count).
 */
export function createChineseCharNoiseAugmenter(options: ChineseCharNoiseOptions): Augmenter<TextSample> {
  const name = options.name ?? 'text/zh-char';
  const alpha = options.alpha ?? 0.1;
  const outputsPerInput = options.outputsPerInput ?? 1;
  const params = Object.freeze({ alpha, outputsPerInput });
  return {
    name,
    async augment(samples: readonly TextSample[], context: AugmentContext): Promise<Augmented<TextSample>[]> {
      const out: Augmented<TextSample>[] = [];
      const counts = outputCounts(name, samples.length, context, outputsPerInput);
      for (const [inputIndex, sample] of samples.entries()) {
        const copies = counts[inputIndex];
        if (copies === 0) continue;
        const paramsOfInput = copies === outputsPerInput ? params : Object.freeze({ ...params, outputsPerInput: copies });
        const prepared = options.rules.prepare(sample.text);
        const rng = context.rng.fork(sample.id);
        const outputs = new AugmentedTextOutputs(sample, name, context.seed);
        const hanPositions = prepared.wordPositions.filter((position) => HAN.test(prepared.units[position]));
        const hanCount = hanPositions.reduce((sum, position) => sum + prepared.units[position].length, 0);
        for (let index = 0; index < copies; index++) {
          const units = prepared.units.slice();
          const edits = hanPositions.length === 0 ? 0 : Math.max(1, Math.floor(alpha * hanCount));
          for (let edit = 0; edit < edits; edit++) {
            const position = hanPositions[rng.int(hanPositions.length)];
            const chars = [...units[position]];
            const at = rng.int(chars.length);
            const kind = chars.length >= 2 ? rng.int(3) : rng.int(2);
            if (kind === 0 && chars.length > 1) chars.splice(at, 1);
            else if (kind === 0 || kind === 1) chars.splice(at, 0, chars[at]);
            else {
              const other = at + 1 < chars.length ? at + 1 : at - 1;
              [chars[at], chars[other]] = [chars[other], chars[at]];
            }
            units[position] = chars.join('');
          }
          out.push(outputs.create(index, units.join(prepared.joiner), paramsOfInput));
        }
      }
      return out;
    },
  };
}
