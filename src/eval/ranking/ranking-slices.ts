import { countItems } from '../../augment/sequence/negative-samplers.js';
import type { LeaveOneOutData } from '../../models/recommender.js';

/** Thresholds of the evaluation slices. */
export interface SliceThresholds {
  /** Users with at most this many training items are `short-history` (the rest `long-history`); default 5. */
  shortHistoryMax?: number;
  /** Targets with fewer training interactions than this are `long-tail` (the rest `head-items`); default 10. */
  longTailBelow?: number;
}

/**
 * Row membership of each slice: `short-history` / `long-history` by the user's training length,
 * `long-tail` / `head-items` by how often the row's target occurs in the training sequences.
 */
export function createRankingSlices(data: LeaveOneOutData, targets: Int32Array, thresholds: SliceThresholds = {}): Record<string, (row: number) => boolean> {
  const shortHistoryMax = thresholds.shortHistoryMax ?? 5;
  const longTailBelow = thresholds.longTailBelow ?? 10;
  const counts = countItems(data.train, data.numItems);
  const isShort = (row: number): boolean => data.train[row].length <= shortHistoryMax;
  const isTail = (row: number): boolean => targets[row] > 0 && counts[targets[row]] < longTailBelow;
  return {
    'short-history': isShort,
    'long-history': (row) => !isShort(row),
    'long-tail': isTail,
    'head-items': (row) => targets[row] > 0 && !isTail(row),
  };
}
