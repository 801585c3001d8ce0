/**
 * Search queries derived from an item's attributes: head queries (the noun, brand + noun), longer
 * attribute queries (colour, size, material, price intent), rare noun variants and typos for the long tail.
 */
import type { Rng } from '../../internal/rng.js';
import type { Item } from '../../types.js';
import { CHINESE_COLOURS, type LeafVocabulary } from './catalog-vocabulary.js';

/** Introduces one keyboard-style typo (swap, drop or doubled letter) into a word of 4+ letters. */
export function addTypo(rng: Rng, query: string): string {
  const words = query.split(' ');
  const candidates = words.map((word, index) => ({ word, index })).filter(({ word }) => /^[a-z]{4,}$/.test(word));
  if (candidates.length === 0) return query;
  const { word, index } = rng.pick(candidates);
  const at = 1 + rng.int(word.length - 2);
  const kind = rng.int(3);
  let changed: string;
  if (kind === 0) changed = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  else if (kind === 1) changed = word.slice(0, at) + word.slice(at + 1);
  else changed = word.slice(0, at) + word[at] + word.slice(at);
  words[index] = changed;
  return words.join(' ');
}

function englishNoun(rng: Rng, leaf: LeafVocabulary): string {
  // The canonical noun is the head; variants form the long tail of the same need.
  return leaf.nouns.length > 1 && rng.chance(0.25) ? rng.pick(leaf.nouns.slice(1)) : leaf.nouns[0];
}

/** An English query for `item`, lower case, with a typo with probability `typoProbability`. */
export function buildEnglishQuery(rng: Rng, item: Item, leaf: LeafVocabulary, typoProbability: number): string {
  const noun = englishNoun(rng, leaf);
  const { brand, colour, size, material, price_band: band } = item.attributes;
  const options: string[] = [noun, noun, `${brand} ${noun}`.toLowerCase(), `${noun} ${size}`];
  if (colour !== undefined) options.push(`${colour} ${noun}`, `${colour} ${noun}`);
  if (material !== undefined) options.push(`${material} ${noun}`.toLowerCase());
  if (band === 'budget') options.push(`cheap ${noun}`, `${noun} under ${Math.ceil((item.price ?? 10) / 10) * 10}`);
  if (band === 'premium') options.push(`best ${noun}`, `premium ${noun}`);
  options.push(`${brand} ${noun} ${size}`.toLowerCase());
  const query = rng.pick(options);
  return rng.chance(typoProbability) ? addTypo(rng, query) : query;
}

/** A Chinese query for `item`: brand, colour and size around the Chinese noun. */
export function buildChineseQuery(rng: Rng, item: Item, leaf: LeafVocabulary): string {
  const { brand, colour, size, price_band: band } = item.attributes;
  const options: string[] = [leaf.chinese, `${brand}${leaf.chinese}`, `${leaf.chinese} ${size}`];
  if (colour !== undefined && CHINESE_COLOURS[colour] !== undefined) options.push(`${CHINESE_COLOURS[colour]}${leaf.chinese}`);
  if (band === 'budget') options.push(`便宜${leaf.chinese}`, `${leaf.chinese}平价`);
  if (band === 'premium') options.push(`高端${leaf.chinese}`);
  return rng.pick(options);
}
