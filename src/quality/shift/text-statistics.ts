/** Length and vocabulary statistics of texts, to compare real and synthetic text fields. */
import { jensenShannonFromCounts } from './jensen-shannon-divergence.js';
import { kolmogorovSmirnov, type KolmogorovSmirnovResult } from './kolmogorov-smirnov.js';

/** Lowercased word tokens: runs of letters/digits, and each CJK character on its own. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu) ?? [];
}

/** Length and vocabulary differences between real and synthetic texts. */
export interface TextShift {
  /** Mean tokens per text on each side. */
  realMeanLength: number;
  syntheticMeanLength: number;
  /** KS test on the token counts. */
  length: KolmogorovSmirnovResult;
  /** Distinct tokens / all tokens on each side. */
  realTypeTokenRatio: number;
  syntheticTypeTokenRatio: number;
  /** Share of synthetic tokens never seen in the real texts, in [0, 1]. */
  oovRate: number;
  /** Jensen-Shannon divergence (bits) of the unigram distributions. */
  unigramJsd: number;
}

/** Compares two lists of texts by length, type-token ratio, out-of-vocabulary rate and unigram divergence. */
export function compareTexts(real: readonly string[], synthetic: readonly string[]): TextShift {
  const realSide = summarise(real);
  const syntheticSide = summarise(synthetic);
  let unseen = 0;
  for (const [token, count] of syntheticSide.unigrams) if (!realSide.unigrams.has(token)) unseen += count;
  return {
    realMeanLength: mean(realSide.lengths),
    syntheticMeanLength: mean(syntheticSide.lengths),
    length: kolmogorovSmirnov(realSide.lengths, syntheticSide.lengths),
    realTypeTokenRatio: realSide.tokens === 0 ? 0 : realSide.unigrams.size / realSide.tokens,
    syntheticTypeTokenRatio: syntheticSide.tokens === 0 ? 0 : syntheticSide.unigrams.size / syntheticSide.tokens,
    oovRate: syntheticSide.tokens === 0 ? 0 : unseen / syntheticSide.tokens,
    unigramJsd: jensenShannonFromCounts(realSide.unigrams, syntheticSide.unigrams),
  };
}

function summarise(texts: readonly string[]): { lengths: number[]; unigrams: Map<string, number>; tokens: number } {
  const unigrams = new Map<string, number>();
  const lengths: number[] = [];
  let tokens = 0;
  for (const text of texts) {
    const words = tokenize(text);
    lengths.push(words.length);
    tokens += words.length;
    for (const word of words) unigrams.set(word, (unigrams.get(word) ?? 0) + 1);
  }
  return { lengths, unigrams, tokens };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((total, value) => total + value, 0) / values.length;
}
