/** Seeded stratified sampling of labelled examples: k per label, a fraction per label, or a train/test split. */
import type { Rng } from '../../internal/rng.js';

function groupByLabel<T extends { label: string }>(samples: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const sample of samples) {
    const group = groups.get(sample.label);
    if (group === undefined) groups.set(sample.label, [sample]);
    else group.push(sample);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `k` examples of every label drawn without replacement (all of a label with fewer), in label order. */
export function sampleKPerLabel<T extends { label: string }>(samples: readonly T[], k: number, rng: Rng): T[] {
  const out: T[] = [];
  for (const [label, group] of groupByLabel(samples)) {
    const stream = rng.fork(label);
    for (const index of stream.sample(group.length, Math.min(k, group.length))) out.push(group[index]);
  }
  return out;
}

/** A stratified split: `fraction` of each label (at least one when the label has two or more) goes to `second`. */
export function stratifiedSplit<T extends { label: string }>(samples: readonly T[], fraction: number, rng: Rng): { first: T[]; second: T[] } {
  const first: T[] = [];
  const second: T[] = [];
  for (const [label, group] of groupByLabel(samples)) {
    const stream = rng.fork(label);
    const count = Math.min(group.length - 1, Math.max(group.length >= 2 ? 1 : 0, Math.round(fraction * group.length)));
    const chosen = new Set(stream.sample(group.length, Math.max(0, count)));
    group.forEach((sample, index) => (chosen.has(index) ? second : first).push(sample));
  }
  return { first, second };
}
