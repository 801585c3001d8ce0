/** Packs item sequences into SASRec's ragged batch layout. */
import type { SasrecBatch } from './sasrec-network.js';

/** An empty batch with room for `tokens` tokens and `sequences` sequences; grows when packed. */
export function createSasrecBatch(sequences = 0, tokens = 0): SasrecBatch {
  return { sequences: 0, offsets: new Int32Array(sequences + 1), items: new Int32Array(tokens), positions: new Int32Array(tokens) };
}

/**
 * Packs the last `maxLength` items of each sequence into `batch` (reusing its arrays when large
 * enough) with the positions of the left-padded layout: the last item sits at `maxLength - 1`.
 * With `padded`, every sequence is left-padded with item 0 to `maxLength` tokens instead; that is
 * the padded layout's amount of work (used only to measure it).
 */
export function packSasrecBatch(sequences: readonly Int32Array[], maxLength: number, batch: SasrecBatch = createSasrecBatch(), padded = false): SasrecBatch {
  let tokens = 0;
  for (const sequence of sequences) tokens += padded ? maxLength : Math.min(sequence.length, maxLength);
  if (batch.offsets.length < sequences.length + 1) batch.offsets = new Int32Array(sequences.length + 1);
  if (batch.items.length < tokens) {
    batch.items = new Int32Array(tokens);
    batch.positions = new Int32Array(tokens);
  }
  let cursor = 0;
  for (let b = 0; b < sequences.length; b++) {
    batch.offsets[b] = cursor;
    const sequence = sequences[b];
    const length = Math.min(sequence.length, maxLength);
    const from = sequence.length - length;
    if (padded) {
      for (let j = 0; j < maxLength - length; j++) {
        batch.items[cursor] = 0;
        batch.positions[cursor++] = j;
      }
    }
    for (let j = 0; j < length; j++) {
      batch.items[cursor] = sequence[from + j];
      batch.positions[cursor++] = maxLength - length + j;
    }
  }
  batch.offsets[sequences.length] = cursor;
  batch.sequences = sequences.length;
  return batch;
}
