/**
 * Realistic query noise for space-separated languages: keyboard-neighbour substitutions (QWERTY),
 * dropped, doubled and transposed letters, and dropped spaces between two words, the error types
 * most common in typed search queries. Protected spans and punctuation are never touched.
 */
import type { Rng } from '../../internal/rng.js';
import type { Augmented, AugmentContext, Augmenter, TextSample } from '../../types.js';
import { outputCounts } from '../outputs-per-input.js';
import { AugmentedTextOutputs } from './augmented-text.js';
import type { LanguageRules } from './language-rules.js';
import { WORD } from './text-units.js';

/** Options of {@link createTypoAugmenter}. */
export interface TypoOptions {
  rules: LanguageRules;
  /** Registry name; default `text/typo`. */
  name?: string;
  /** Fraction of words that get a typo, at least one word; default 0.1. */
  alpha?: number;
  /** Probability that an output also drops one space between two words; default 0.2. */
  dropSpaceRate?: number;
  /** Outputs per input; default 1. */
  outputsPerInput?: number;
}

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, string>();
for (let row = 0; row < ROWS.length; row++) {
  for (let column = 0; column < ROWS[row].length; column++) {
    let near = '';
    for (let other = row - 1; other <= row + 1; other++) {
      const keys = ROWS[other];
      if (keys === undefined) continue;
      // Staggered rows: the keys at the same and the next-left column touch.
      for (const offset of other === row ? [-1, 1] : [-1, 0, 1]) {
        const key = keys[column + offset];
        if (key !== undefined) near += key;
      }
    }
    NEIGHBOURS.set(ROWS[row][column], near);
  }
}

/** One typo in the letters of `word` (edge punctuation kept). */
export function addTypo(word: string, rng: Rng): string {
  const letters: number[] = [];
  for (let i = 0; i < word.length; i++) if (NEIGHBOURS.has(word[i].toLowerCase())) letters.push(i);
  if (letters.length < 2) return word;
  const at = letters[rng.int(letters.length)];
  const kind = rng.int(4);
  if (kind === 0) {
    const near = NEIGHBOURS.get(word[at].toLowerCase()) as string;
    const key = near[rng.int(near.length)];
    return word.slice(0, at) + (word[at] === word[at].toLowerCase() ? key : key.toUpperCase()) + word.slice(at + 1);
  }
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1);
  if (kind === 2) return word.slice(0, at) + word[at] + word.slice(at);
  const next = letters.indexOf(at) + 1 < letters.length ? letters[letters.indexOf(at) + 1] : letters[letters.indexOf(at) - 1];
  const [first, second] = at < next ? [at, next] : [next, at];
  if (second !== first + 1) return word.slice(0, at) + word.slice(at + 1);
  return word.slice(0, first) + word[second] + word[first] + word.slice(second + 1);
}

/**
 * A keyboard-typo augmenter; each input gets its own stream `context.rng.fork(sample.id)`. Honours
 * `context.outputsPerInput` like EDA does (first outputs the same whatever the count).
 */
export function createTypoAugmenter(options: TypoOptions): Augmenter<TextSample> {
  const name = options.name ?? 'text/typo';
  const alpha = options.alpha ?? 0.1;
  const dropSpaceRate = options.dropSpaceRate ?? 0.2;
  const outputsPerInput = options.outputsPerInput ?? 1;
  const params = Object.freeze({ alpha, dropSpaceRate, outputsPerInput });
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
        const positions = prepared.wordPositions;
        for (let index = 0; index < copies; index++) {
          const units = prepared.units.slice();
          if (positions.length > 0) {
            const count = Math.min(positions.length, Math.max(1, Math.floor(alpha * positions.length)));
            for (const pick of rng.sample(positions.length, count)) units[positions[pick]] = addTypo(units[positions[pick]], rng);
          }
          const joinable = positions.filter((position) => prepared.kinds[position + 1] === WORD);
          if (joinable.length > 0 && rng.chance(dropSpaceRate)) {
            const position = joinable[rng.int(joinable.length)];
            units[position] += units[position + 1];
            units.splice(position + 1, 1);
          }
          out.push(outputs.create(index, units.join(prepared.joiner), paramsOfInput));
        }
      }
      return out;
    },
  };
}
