/**
 * Agreement of predicted labels with a gold set: accuracy and Cohen's kappa (Cohen, 1960, "A
 * coefficient of agreement for nominal scales"), kappa = (p_o - p_e) / (1 - p_e).
 */

export interface LabelAgreement {
  count: number;
  accuracy: number;
  /** Cohen's kappa; 1 when both raters use one identical label throughout (p_e = 1). */
  kappa: number;
  /** confusion[gold][predicted] = count. */
  confusion: Record<string, Record<string, number>>;
}

/** Accuracy and Cohen's kappa of `predicted[i]` against `gold[i]`; the arrays must have equal length. */
export function measureLabelAgreement(gold: readonly string[], predicted: readonly string[]): LabelAgreement {
  if (gold.length !== predicted.length || gold.length === 0) {
    throw new RangeError(`measureLabelAgreement: need equal, non-empty arrays, got ${gold.length} gold and ${predicted.length} predicted labels`);
  }
  const count = gold.length;
  const confusion: Record<string, Record<string, number>> = {};
  const goldTotals = new Map<string, number>();
  const predictedTotals = new Map<string, number>();
  let agree = 0;
  for (let i = 0; i < count; i++) {
    confusion[gold[i]] ??= {};
    confusion[gold[i]][predicted[i]] = (confusion[gold[i]][predicted[i]] ?? 0) + 1;
    goldTotals.set(gold[i], (goldTotals.get(gold[i]) ?? 0) + 1);
    predictedTotals.set(predicted[i], (predictedTotals.get(predicted[i]) ?? 0) + 1);
    if (gold[i] === predicted[i]) agree++;
  }
  const observed = agree / count;
  let expected = 0;
  for (const [label, total] of goldTotals) expected += (total / count) * ((predictedTotals.get(label) ?? 0) / count);
  const kappa = expected === 1 ? 1 : (observed - expected) / (1 - expected);
  return { count, accuracy: observed, kappa, confusion };
}
