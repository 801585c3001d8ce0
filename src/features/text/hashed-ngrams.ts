/**
 * fastText-style features (Joulin et al. 2017, "Bag of Tricks for Efficient Text Classification"):
 * vocabulary ids for words, and word n-grams and character n-grams hashed into a fixed number of
 * buckets placed after the vocabulary.
 */
import { hashString32 } from '../../internal/rng.js';

/** Which n-grams become features. */
export interface NgramFeatureOptions {
  /** Longest word n-gram; 1 = unigrams only, 2 adds bigrams (fastText's `-wordNgrams`). */
  wordNgrams: number;
  /** Shortest character n-gram of a word wrapped in `<` and `>`; 0 disables character n-grams (fastText's `-minn`). */
  charNgramMin: number;
  /** Longest character n-gram (fastText's `-maxn`). */
  charNgramMax: number;
  /** Number of hash buckets shared by word and character n-grams (fastText's `-bucket`). */
  buckets: number;
}

/** The end-of-sentence token fastText appends to every line; it acts as a learned bias. */
export const END_OF_SENTENCE = '</s>';

// fastText's multiplier for combining word hashes into an n-gram hash.
const NGRAM_MULTIPLIER = 116049371;

/**
 * Appends the feature ids of `tokens` to `out`: the vocabulary id of each known word (unknown words
 * add no unigram), then hashed word n-grams `vocabularySize + hash % buckets` (unknown words still
 * take part, as in fastText), then hashed character n-grams. Returns `out`.
 */
export function appendNgramFeatures(
  tokens: readonly string[],
  vocabulary: ReadonlyMap<string, number>,
  options: NgramFeatureOptions,
  out: number[],
): number[] {
  const vocabularySize = vocabulary.size;
  const hashes = new Array<number>(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const id = vocabulary.get(token);
    if (id !== undefined) out.push(id);
    hashes[i] = hashString32(token);
  }
  if (options.buckets <= 0) return out;
  for (let i = 0; i < tokens.length; i++) {
    let hash = hashes[i];
    for (let j = i + 1; j < tokens.length && j < i + options.wordNgrams; j++) {
      hash = (Math.imul(hash, NGRAM_MULTIPLIER) + hashes[j]) >>> 0;
      out.push(vocabularySize + (hash % options.buckets));
    }
  }
  if (options.charNgramMin > 0) {
    for (const token of tokens) appendCharNgrams(token, vocabularySize, options, out);
  }
  return out;
}

function appendCharNgrams(token: string, vocabularySize: number, options: NgramFeatureOptions, out: number[]): void {
  if (token === END_OF_SENTENCE) return;
  const wrapped = `<${token}>`;
  for (let start = 0; start < wrapped.length; start++) {
    // Char n-grams hash with a different basis than words so "<a" and a word "<a" differ.
    let hash = 0x9dc5811c;
    for (let end = start; end < wrapped.length && end - start < options.charNgramMax; end++) {
      hash ^= wrapped.charCodeAt(end);
      hash = Math.imul(hash, 0x01000193) >>> 0;
      const length = end - start + 1;
      // The whole wrapped word is the word itself; fastText skips it as a char n-gram.
      if (length >= options.charNgramMin && !(start === 0 && end === wrapped.length - 1)) {
        out.push(vocabularySize + (hash % options.buckets));
      }
    }
  }
}
