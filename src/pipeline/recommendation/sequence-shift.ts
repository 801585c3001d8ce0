/**
 * Distribution shift between real training sequences and synthetic ones, on features a sequence
 * model is sensitive to: length, how popular its items are, and the user-activity slice.
 */
import type { AlignConfig } from '../../config/align.js';
import { measureShift, type ShiftReport } from '../../quality/shift/measure-shift.js';
import type { Sequence } from '../../types.js';

/** The features of a sequence that shift is measured (and corrected) on (a type alias, so it is a `ShiftRecord`). */
export type SequenceShiftRecord = {
  length: number;
  meanLogPopularity: number;
  lastItemPopularity: 'head' | 'torso' | 'tail';
  activity: 'short' | 'long';
};

/** Field kinds of {@link SequenceShiftRecord}; `activity` is the slice. */
export const SEQUENCE_SHIFT_FIELDS = Object.freeze({ length: 'numeric', meanLogPopularity: 'numeric', lastItemPopularity: 'categorical' } as const);

function popularityBucket(count: number, head: number, tail: number): SequenceShiftRecord['lastItemPopularity'] {
  return count >= head ? 'head' : count < tail ? 'tail' : 'torso';
}

function features(sequence: Sequence, counts: ReadonlyMap<string, number>, head: number, tail: number): SequenceShiftRecord {
  const last = sequence.items[sequence.items.length - 1] ?? '';
  let logPopularity = 0;
  for (const item of sequence.items) logPopularity += Math.log1p(counts.get(item) ?? 0);
  return {
    length: sequence.items.length,
    meanLogPopularity: sequence.items.length > 0 ? logPopularity / sequence.items.length : 0,
    lastItemPopularity: popularityBucket(counts.get(last) ?? 0, head, tail),
    activity: sequence.items.length <= 5 ? 'short' : 'long',
  };
}

/** Shift records of real and synthetic sequences; item popularity is counted on the real ones. */
export function sequenceShiftRecords(real: readonly Sequence[], synthetic: readonly Sequence[]): { real: SequenceShiftRecord[]; synthetic: SequenceShiftRecord[] } {
  const counts = new Map<string, number>();
  for (const sequence of real) for (const item of sequence.items) counts.set(item, (counts.get(item) ?? 0) + 1);
  const sorted = [...counts.values()].sort((a, b) => b - a);
  // Head: the items that make the top fifth of interactions' items; tail: fewer than 10 interactions (the long-tail slice of the evaluator).
  const head = sorted[Math.floor(sorted.length * 0.2)] ?? 1;
  const tail = 10;
  return {
    real: real.map((sequence) => features(sequence, counts, head, tail)),
    synthetic: synthetic.map((sequence) => features(sequence, counts, head, tail)),
  };
}

/** Measures the shift of synthetic against real shift records. */
export function measureSequenceRecordShift(real: readonly SequenceShiftRecord[], synthetic: readonly SequenceShiftRecord[], config: AlignConfig, seed: number): ShiftReport {
  return measureShift(real, synthetic, {
    seed,
    fields: { ...SEQUENCE_SHIFT_FIELDS },
    slices: ['activity'],
    minSliceSize: config.minSliceSize,
    thresholds: config.thresholds,
    classifier: config.classifier,
  });
}
