/**
 * Behaviour features of items, computed from training interactions only (the caller passes the
 * training split; validation and test targets must never reach this function, or the features
 * would leak them). Three columns:
 *
 * - `log-popularity`: `ln(1 + training interactions of the item)`;
 * - `recency`: with `recency: 'time'`, when the item was last seen, `(last - first) / (latest -
 *   first)` over the training log's time span (1 = seen at the end of training); with
 *   `'position'`, for logs without real time (S3-Rec's files), the mean relative position of the
 *   item in its users' training sequences (0 = always first, 1 = always last);
 * - `log-co-occurrence`: `ln(1 + distinct items seen within `window` positions of it)` in users'
 *   time-ordered training sequences, the degree of the item in the co-occurrence graph.
 *
 * Items with no training interaction get a zero row.
 */
import type { Warning } from '../../errors.js';
import type { Item } from '../../types.js';
import { countZeroRows, createFeatureBlock, type FeatureBlock } from '../feature-block.js';

/** One training interaction; `timestamp` orders a user's interactions (input order breaks ties and stands in when absent). */
export interface TrainingInteraction {
  userId: string;
  itemId: string;
  timestamp?: number;
}

/** Options of {@link behaviourBlock}. */
export interface BehaviourBlockOptions {
  /** 'time' (last-seen time; needs timestamps) or 'position' (mean relative position in sequences) ('time'). */
  recency?: 'time' | 'position';
  /** Positions either side that count as co-occurring (3). */
  window?: number;
}

/** The behaviour block's columns, in order. */
export const BEHAVIOUR_COLUMNS = Object.freeze(['log-popularity', 'recency', 'log-co-occurrence'] as const);

/** The `behaviour` block of `items` from `interactions` (training interactions only). */
export function behaviourBlock(items: readonly Item[], interactions: readonly TrainingInteraction[], options: BehaviourBlockOptions = {}): FeatureBlock {
  const window = options.window ?? 3;
  const warnings: Warning[] = [];
  let recencyMode = options.recency ?? 'time';
  const timed = interactions.every((interaction) => interaction.timestamp !== undefined && Number.isFinite(interaction.timestamp));
  if (recencyMode === 'time' && !timed) {
    warnings.push({ code: 'W_FEATURE_RECENCY', message: 'behaviour block: some training interactions have no timestamp; recency uses positions in the sequences instead (set recency: position to silence this)' });
    recencyMode = 'position';
  }
  // Catalog items are rows 0..n-1; items only seen in the log get ids after them (they still count as neighbours).
  const ids = new Map(items.map((item, row) => [item.itemId, row]));
  const idOf = (itemId: string): number => {
    let id = ids.get(itemId);
    if (id === undefined) {
      id = ids.size;
      ids.set(itemId, id);
    }
    return id;
  };
  const byUser = new Map<string, number[]>();
  for (let index = 0; index < interactions.length; index++) {
    const list = byUser.get(interactions[index].userId);
    if (list === undefined) byUser.set(interactions[index].userId, [index]);
    else list.push(index);
  }
  const n = items.length;
  const counts = new Float64Array(n);
  const lastSeen = new Float64Array(n).fill(-Infinity);
  const positionSum = new Float64Array(n);
  const neighbours: (Set<number> | undefined)[] = new Array(n);
  let first = Infinity;
  let latest = -Infinity;
  for (const list of byUser.values()) {
    if (timed) list.sort((a, b) => (interactions[a].timestamp as number) - (interactions[b].timestamp as number) || a - b);
    const sequence = list.map((index) => idOf(interactions[index].itemId));
    for (let position = 0; position < sequence.length; position++) {
      const item = sequence[position];
      if (item >= n) continue;
      counts[item]++;
      positionSum[item] += sequence.length === 1 ? 1 : position / (sequence.length - 1);
      if (recencyMode === 'time') {
        const time = interactions[list[position]].timestamp as number;
        if (time > lastSeen[item]) lastSeen[item] = time;
        if (time < first) first = time;
        if (time > latest) latest = time;
      }
      const set = (neighbours[item] ??= new Set());
      for (let other = Math.max(0, position - window); other <= Math.min(sequence.length - 1, position + window); other++) {
        if (sequence[other] !== item) set.add(sequence[other]);
      }
    }
  }
  const dim = BEHAVIOUR_COLUMNS.length;
  const values = new Float32Array(n * dim);
  const span = latest - first;
  for (let row = 0; row < n; row++) {
    if (counts[row] === 0) continue;
    values[row * dim] = Math.log1p(counts[row]);
    values[row * dim + 1] = recencyMode === 'time' ? (span > 0 ? (lastSeen[row] - first) / span : 1) : positionSum[row] / counts[row];
    values[row * dim + 2] = Math.log1p(neighbours[row]?.size ?? 0);
  }
  return createFeatureBlock({
    name: 'behaviour',
    rows: n,
    dim,
    values,
    columns: [...BEHAVIOUR_COLUMNS],
    info: { interactions: interactions.length, users: byUser.size, recency: recencyMode, window, itemsWithout: countZeroRows(values, n, dim) },
    warnings,
  });
}
