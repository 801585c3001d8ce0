/**
 * The four edits of EDA (Wei and Zou 2019, "EDA: Easy Data Augmentation Techniques for Boosting
 * Performance on Text Classification Tasks"): synonym replacement, random insertion, random swap
 * and random deletion. They edit only WORD units, so protected spans and punctuation never change.
 */
import type { Rng } from '../../internal/rng.js';
import type { LanguageRules, PreparedText } from './language-rules.js';
import { WORD } from './text-units.js';

/** The name of one EDA edit. */
export type EdaOperation = 'synonym' | 'insert' | 'swap' | 'delete';

/** Every EDA edit, in the paper's order. */
export const EDA_OPERATIONS: readonly EdaOperation[] = Object.freeze(['synonym', 'insert', 'swap', 'delete']);

/** Replaces `count` distinct words (every occurrence of each) with a random synonym. */
export function synonymReplace(text: PreparedText, rules: LanguageRules, count: number, rng: Rng): string[] {
  const units = text.units.slice();
  const candidates = text.synonymPositions.length;
  if (candidates === 0) return units;
  const chosen: string[] = [];
  // Random candidates without replacement until `count` distinct words changed (a partial
  // Fisher-Yates over the candidate order, so no shuffled copy of the whole list is built).
  const order = candidates <= SCRATCH.length ? SCRATCH : new Int32Array(candidates);
  for (let i = 0; i < candidates; i++) order[i] = i;
  for (let drawn = 0; drawn < candidates && chosen.length < count; drawn++) {
    const j = drawn + rng.int(candidates - drawn);
    const candidate = order[j];
    order[j] = order[drawn];
    order[drawn] = candidate;
    const key = text.synonymKeys[candidate];
    if (chosen.includes(key)) continue;
    chosen.push(key);
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

// Reused by synonymReplace; single-threaded JS makes a module-level buffer safe.
const SCRATCH = new Int32Array(256);

/** Inserts a synonym of a random word at a random unit boundary, `count` times. */
export function randomInsert(text: PreparedText, count: number, rng: Rng): string[] {
  const units = text.units.slice();
  if (text.synonymPositions.length === 0) return units;
  for (let i = 0; i < count; i++) {
    const synonym = rng.pick(text.synonymLists[rng.int(text.synonymLists.length)]);
    units.splice(rng.int(units.length + 1), 0, synonym);
  }
  return units;
}

/** Swaps two random words, `count` times; protected spans and punctuation stay in place. */
export function randomSwap(text: PreparedText, count: number, rng: Rng): string[] {
  const units = text.units.slice();
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
export function randomDelete(text: PreparedText, probability: number, rng: Rng): string[] {
  const units: string[] = [];
  let wordsKept = 0;
  for (let i = 0; i < text.units.length; i++) {
    if (text.kinds[i] === WORD && rng.chance(probability)) continue;
    if (text.kinds[i] === WORD) wordsKept++;
    units.push(text.units[i]);
  }
  if (wordsKept === 0 && text.wordPositions.length > 0) {
    const keep = text.wordPositions[rng.int(text.wordPositions.length)];
    const restored: string[] = [];
    for (let i = 0; i < text.units.length; i++) if (text.kinds[i] !== WORD || i === keep) restored.push(text.units[i]);
    return restored;
  }
  return units;
}
