/**
 * The four edits of EDA (Wei and Zou 2019, "EDA: Easy Data Augmentation Techniques for Boosting
 * Performance on Text Classification Tasks"): synonym replacement, random insertion, random swap
 * and random deletion. They edit only WORD units, so protected spans and punctuation never change.
 *
 * Each edit writes the edited units into `out` (default: a new array) and returns it. The EDA
 * augmenter passes one scratch array for all its outputs and joins it at once: text augmenters
 * make millions of outputs, and a fresh units array per output was a fifth of their garbage.
 */
import type { Rng } from '../../internal/rng.js';
import type { LanguageRules, PreparedText } from './language-rules.js';
import { WORD } from './text-units.js';

/** The name of one EDA edit. */
export type EdaOperation = 'synonym' | 'insert' | 'swap' | 'delete';

/** Every EDA edit, in the paper's order. */
export const EDA_OPERATIONS: readonly EdaOperation[] = Object.freeze(['synonym', 'insert', 'swap', 'delete']);

/**
 * Makes `out` a copy of `units`. Setting the length and writing every index keeps `out`'s storage
 * when it is large enough (V8 only reallocates to grow, or trims in place when it shrinks a lot).
 */
function copyUnits(units: readonly string[], out: string[]): string[] {
  out.length = units.length;
  for (let i = 0; i < units.length; i++) out[i] = units[i];
  return out;
}

/** Replaces `count` distinct words (every occurrence of each) with a random synonym. */
export function synonymReplace(text: PreparedText, rules: LanguageRules, count: number, rng: Rng, out: string[] = []): string[] {
  const units = copyUnits(text.units, out);
  const candidates = text.synonymPositions.length;
  if (candidates === 0) return units;
  // Random candidates without replacement until `count` distinct words changed (a partial
  // Fisher-Yates over the candidate order, so no shuffled copy of the whole list is built). The
  // words changed so far are the keys of the candidates drawn before whose key was new.
  const order = candidates <= SCRATCH.length ? SCRATCH : new Int32Array(candidates);
  for (let i = 0; i < candidates; i++) order[i] = i;
  let changed = 0;
  for (let drawn = 0; drawn < candidates && changed < count; drawn++) {
    const j = drawn + rng.int(candidates - drawn);
    const candidate = order[j];
    order[j] = order[drawn];
    order[drawn] = candidate;
    const key = text.synonymKeys[candidate];
    if (keyDrawnBefore(text.synonymKeys, order, drawn, key)) continue;
    changed++;
    const synonym = rng.pick(text.synonymLists[candidate]);
    for (let i = 0; i < candidates; i++) {
      if (text.synonymKeys[i] === key) {
        const position = text.synonymPositions[i];
        units[position] = rules.replace(text.units[position], synonym);
      }
    }
  }
  return units;
}

/** Whether a candidate among the first `drawn` of `order` has the key `key`. */
function keyDrawnBefore(keys: readonly string[], order: Int32Array, drawn: number, key: string): boolean {
  for (let i = 0; i < drawn; i++) if (keys[order[i]] === key) return true;
  return false;
}

// Reused by synonymReplace; single-threaded JS makes a module-level buffer safe.
const SCRATCH = new Int32Array(256);

/** Inserts a synonym of a random word at a random unit boundary, `count` times. */
export function randomInsert(text: PreparedText, count: number, rng: Rng, out: string[] = []): string[] {
  const base = text.units;
  if (text.synonymPositions.length === 0) return copyUnits(base, out);
  // The draws are those of inserting one synonym at a time into a growing copy (a synonym, then a
  // boundary of the copy as grown so far), but the result is built once, where splicing into a
  // copy reallocated it and made an array of removed elements per insertion. The insertions so far
  // are kept sorted by place; a new one at `place` moves those at or after it one place on.
  const places = count <= INSERT_PLACES.length ? INSERT_PLACES : new Int32Array(count);
  const words = INSERT_WORDS;
  for (let i = 0; i < count; i++) {
    const synonym = rng.pick(text.synonymLists[rng.int(text.synonymLists.length)]);
    const place = rng.int(base.length + i + 1);
    let at = i;
    for (; at > 0 && places[at - 1] >= place; at--) {
      places[at] = places[at - 1] + 1;
      words[at] = words[at - 1];
    }
    places[at] = place;
    words[at] = synonym;
  }
  out.length = base.length + count;
  for (let at = 0, from = 0, inserted = 0; at < out.length; at++) {
    out[at] = inserted < count && places[inserted] === at ? words[inserted++] : base[from++];
  }
  return out;
}

// Scratch of randomInsert, reused like SCRATCH.
const INSERT_PLACES = new Int32Array(64);
const INSERT_WORDS: string[] = [];

/** Swaps two random words, `count` times; protected spans and punctuation stay in place. */
export function randomSwap(text: PreparedText, count: number, rng: Rng, out: string[] = []): string[] {
  const units = copyUnits(text.units, out);
  const positions = text.wordPositions;
  if (positions.length < 2) return units;
  for (let i = 0; i < count; i++) {
    const a = rng.int(positions.length);
    let b = rng.int(positions.length - 1);
    if (b >= a) b++;
    const swap = units[positions[a]];
    units[positions[a]] = units[positions[b]];
    units[positions[b]] = swap;
  }
  return units;
}

/** Deletes each word with probability `probability`; if every word would go, one random word stays. */
export function randomDelete(text: PreparedText, probability: number, rng: Rng, out: string[] = []): string[] {
  const units = text.units;
  out.length = units.length;
  let kept = 0;
  let wordsKept = 0;
  for (let i = 0; i < units.length; i++) {
    if (text.kinds[i] === WORD && rng.chance(probability)) continue;
    if (text.kinds[i] === WORD) wordsKept++;
    out[kept++] = units[i];
  }
  if (wordsKept === 0 && text.wordPositions.length > 0) {
    const keep = text.wordPositions[rng.int(text.wordPositions.length)];
    kept = 0;
    for (let i = 0; i < units.length; i++) if (text.kinds[i] !== WORD || i === keep) out[kept++] = units[i];
  }
  out.length = kept;
  return out;
}
