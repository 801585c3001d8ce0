/** The variants a run trains side by side: the baseline, all steps together, and each step alone. */

export interface Variant {
  name: string;
  /** Indices into `augment.steps`. */
  steps: number[];
}

/** `baseline`, then `augmented` (all steps), then `only-<augmenter>` per step when ablating several. */
export function planVariants(steps: readonly { augmenter: string }[], ablation: boolean): Variant[] {
  const variants: Variant[] = [{ name: 'baseline', steps: [] }];
  if (steps.length === 0) return variants;
  variants.push({ name: 'augmented', steps: steps.map((_, index) => index) });
  if (ablation && steps.length > 1) {
    const seen = new Map<string, number>();
    steps.forEach((step, index) => {
      const short = step.augmenter.replace(/^.*\//, '');
      const count = (seen.get(short) ?? 0) + 1;
      seen.set(short, count);
      variants.push({ name: `only-${short}${count > 1 ? `-${count}` : ''}`, steps: [index] });
    });
  }
  return variants;
}

/** A variant that trains on the aligned multiset of its steps' samples. */
export type PlannedVariant = Variant & { aligned?: boolean };

/** `aligned` after `augmented` (same steps, aligned samples), when there is an augmented variant. */
export function withAlignedVariant(planned: readonly Variant[]): PlannedVariant[] {
  if (planned.length < 2) return [...planned];
  return [planned[0], planned[1], { name: 'aligned', steps: planned[1].steps, aligned: true }, ...planned.slice(2)];
}
