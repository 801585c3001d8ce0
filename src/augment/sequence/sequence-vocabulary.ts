/**
 * Maps the string item ids of `Sequence` records to dense ids and back for the fast Int32Array
 * augmenters. Items not in the vocabulary become `-(position + 1)`: the fast functions never
 * correlate non-positive ids, and {@link fromDense} restores the original string.
 */
export interface SequenceVocabulary {
  toDense(items: readonly string[]): Int32Array;
  fromDense(dense: Int32Array, original: readonly string[]): string[];
}

/** A vocabulary from `ids[denseId]` (index 0, padding, is ignored). */
export function createSequenceVocabulary(ids: readonly string[]): SequenceVocabulary {
  const index = new Map<string, number>();
  ids.forEach((id, dense) => {
    if (dense > 0) index.set(id, dense);
  });
  return {
    toDense: (items) => Int32Array.from(items, (item, position) => index.get(item) ?? -(position + 1)),
    fromDense: (dense, original) => Array.from(dense, (id) => (id > 0 ? ids[id] : original[-id - 1])),
  };
}
