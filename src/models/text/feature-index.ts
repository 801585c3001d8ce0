/**
 * Maps texts to compact embedding rows: the vocabulary of the training texts plus only those hash
 * buckets that training actually touched, so millions of buckets cost no memory.
 */
import { appendNgramFeatures, END_OF_SENTENCE, type NgramFeatureOptions } from '../../features/text/hashed-ngrams.js';
import { tokenizeText } from '../../features/text/tokenize-text.js';

/** Vocabulary and bucket-to-row table of a trained classifier. */
export interface FeatureIndex {
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Feature id (vocabulary id or `vocabularySize + bucket`) -> embedding row. */
  readonly rowOf: ReadonlyMap<number, number>;
  readonly rowCount: number;
  readonly options: NgramFeatureOptions;
}

/** Training texts as flat feature rows: `rows[offsets[i] .. offsets[i + 1])` belong to text `i`. */
export interface EncodedTexts {
  rows: Int32Array;
  offsets: Int32Array;
}

function tokensOf(text: string): string[] {
  const tokens = tokenizeText(text);
  tokens.push(END_OF_SENTENCE);
  return tokens;
}

/** Builds the index from training texts (words seen at least `minCount` times) and encodes them. */
export function buildFeatureIndex(
  texts: readonly string[],
  options: NgramFeatureOptions,
  minCount: number,
): { index: FeatureIndex; encoded: EncodedTexts } {
  const tokenized = texts.map(tokensOf);
  const counts = new Map<string, number>();
  for (const tokens of tokenized) for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [token, count] of counts) if (count >= minCount) vocabulary.set(token, vocabulary.size);
  const rowOf = new Map<number, number>();
  const offsets = new Int32Array(texts.length + 1);
  const rowList: number[] = [];
  const features: number[] = [];
  for (let i = 0; i < tokenized.length; i++) {
    features.length = 0;
    appendNgramFeatures(tokenized[i], vocabulary, options, features);
    for (const feature of features) {
      let row = rowOf.get(feature);
      if (row === undefined) {
        row = rowOf.size;
        rowOf.set(feature, row);
      }
      rowList.push(row);
    }
    offsets[i + 1] = rowList.length;
  }
  return { index: { vocabulary, rowOf, rowCount: rowOf.size, options }, encoded: { rows: Int32Array.from(rowList), offsets } };
}

/** The embedding rows of one text; features never seen in training are skipped (their rows would be untrained). */
export function encodeText(index: FeatureIndex, text: string, scratch: number[] = []): number[] {
  scratch.length = 0;
  const features = appendNgramFeatures(tokensOf(text), index.vocabulary, index.options, []);
  for (const feature of features) {
    const row = index.rowOf.get(feature);
    if (row !== undefined) scratch.push(row);
  }
  return scratch;
}
