/**
 * Keep only what helps, for alignment: an `aligned` variant is set against its `augmented`
 * partner (the same synthetic samples before alignment) on the validation split, never on test,
 * and the run says which to use. Alignment is dropped when it lowers the validation metric by
 * more than the larger seed spread of the two; otherwise kept (it did not cost measurable accuracy,
 * and it makes the synthetic data look like the real data).
 */
import type { AlignmentVerdict, VariantResult } from '../../types.js';

export type { AlignmentVerdict };


/** One verdict per variant named `aligned` or `<prefix>/aligned` that has an `augmented` partner with validation results. */
export function alignmentVerdicts(variants: readonly VariantResult[], metric: string): AlignmentVerdict[] {
  const byName = new Map(variants.map((variant) => [variant.name, variant]));
  const verdicts: AlignmentVerdict[] = [];
  for (const variant of variants) {
    if (!/(^|\/)aligned$/.test(variant.name)) continue;
    const partnerName = variant.name.replace(/aligned$/, 'augmented');
    const aligned = variant.metrics.valid?.[metric];
    const augmented = byName.get(partnerName)?.metrics.valid?.[metric];
    if (aligned === undefined || augmented === undefined) continue;
    const spread = Math.max(aligned.std, augmented.std);
    const drop = aligned.mean < augmented.mean - spread;
    const fixed = (value: number) => value.toFixed(4);
    verdicts.push({
      aligned: variant.name,
      augmented: partnerName,
      metric,
      split: 'valid',
      augmentedMean: augmented.mean,
      alignedMean: aligned.mean,
      spread,
      verdict: drop ? 'drop' : 'keep',
      reason: drop
        ? `validation ${metric} ${fixed(aligned.mean)} is below ${partnerName}'s ${fixed(augmented.mean)} by more than the seed spread ${fixed(spread)}: use ${partnerName}`
        : `validation ${metric} ${fixed(aligned.mean)} against ${partnerName}'s ${fixed(augmented.mean)} (seed spread ${fixed(spread)}): alignment costs nothing measurable`,
    });
  }
  return verdicts;
}
