/**
 * 0-based rank of each target inside a recommended list (an external trainer's top-K), after
 * dropping the row's masked items from the list as the full-ranking protocol does; `Infinity` (a
 * miss) when the target is not in the list. MRR from such ranks is truncated at the list length.
 */
export function rankTopKLists(lists: readonly Int32Array[], targets: Int32Array, masks: readonly Int32Array[]): Float64Array {
  const ranks = new Float64Array(targets.length);
  for (let row = 0; row < targets.length; row++) {
    const target = targets[row];
    if (target < 0) {
      ranks[row] = Number.NaN;
      continue;
    }
    const masked = new Set(masks[row]);
    masked.delete(target);
    const seen = new Set<number>();
    let rank = 0;
    ranks[row] = Number.POSITIVE_INFINITY;
    for (const item of lists[row] ?? []) {
      // Duplicates and masked items do not take a place in the ranking.
      if (masked.has(item) || seen.has(item)) continue;
      seen.add(item);
      if (item === target) {
        ranks[row] = rank;
        break;
      }
      rank++;
    }
  }
  return ranks;
}
