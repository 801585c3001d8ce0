/** Jensen-Shannon divergence between two categorical distributions, in bits. */

/** Counts of each distinct value, in first-seen order. */
export function countValues(values: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Jensen-Shannon divergence (base 2, so in [0, 1]) between the distributions given by two count
 * maps; 0 when both are empty. Lin (1991), "Divergence measures based on the Shannon entropy".
 */
export function jensenShannonFromCounts(first: ReadonlyMap<string, number>, second: ReadonlyMap<string, number>): number {
  const totalFirst = sum(first.values());
  const totalSecond = sum(second.values());
  if (totalFirst === 0 || totalSecond === 0) return totalFirst === totalSecond ? 0 : 1;
  const keys = new Set([...first.keys(), ...second.keys()]);
  let divergence = 0;
  for (const key of keys) {
    const p = (first.get(key) ?? 0) / totalFirst;
    const q = (second.get(key) ?? 0) / totalSecond;
    const m = (p + q) / 2;
    if (p > 0) divergence += 0.5 * p * Math.log2(p / m);
    if (q > 0) divergence += 0.5 * q * Math.log2(q / m);
  }
  // Rounding can leave a tiny negative or a hair above 1.
  return Math.min(1, Math.max(0, divergence));
}

/** Jensen-Shannon divergence (base 2, in [0, 1]) between the empirical distributions of two value lists. */
export function jensenShannonDivergence(first: Iterable<string>, second: Iterable<string>): number {
  return jensenShannonFromCounts(countValues(first), countValues(second));
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
