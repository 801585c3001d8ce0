/**
 * Single-label classification metrics: accuracy, macro-averaged precision, recall and F1 (each
 * class weighted equally; a class never predicted has precision 0, as in scikit-learn's
 * `zero_division=0`), and the confusion matrix.
 */
import { SampleForgeError } from '../../errors.js';

/** Metrics of one evaluation; `confusion[i][j]` counts gold `labels[i]` predicted as `labels[j]`. */
export interface ClassificationMetrics {
  accuracy: number;
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  labels: string[];
  confusion: number[][];
  /** Per label: precision, recall, F1 and support (gold count). */
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

/**
 * Computes the metrics of `predicted` against `gold` (same length). `labels` fixes the row order;
 * default the sorted union of gold and predicted labels. Macro averages run over `labels`.
 */
export function classificationMetrics(gold: readonly string[], predicted: readonly string[], labels?: readonly string[]): ClassificationMetrics {
  if (gold.length !== predicted.length) {
    throw new SampleForgeError('E_USAGE', `classificationMetrics: ${gold.length} gold labels but ${predicted.length} predictions; pass one prediction per sample`);
  }
  const order = labels !== undefined ? [...labels] : [...new Set([...gold, ...predicted])].sort();
  const index = new Map(order.map((label, i) => [label, i]));
  for (const label of [...gold, ...predicted]) {
    if (!index.has(label)) {
      index.set(label, order.length);
      order.push(label);
    }
  }
  const confusion = order.map(() => new Array<number>(order.length).fill(0));
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    confusion[index.get(gold[i]) as number][index.get(predicted[i]) as number]++;
    if (gold[i] === predicted[i]) correct++;
  }
  const perLabel: ClassificationMetrics['perLabel'] = {};
  let precisionSum = 0;
  let recallSum = 0;
  let f1Sum = 0;
  for (let i = 0; i < order.length; i++) {
    const truePositives = confusion[i][i];
    const support = confusion[i].reduce((sum, count) => sum + count, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[i], 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[order[i]] = { precision, recall, f1, support };
    precisionSum += precision;
    recallSum += recall;
    f1Sum += f1;
  }
  const classes = Math.max(1, order.length);
  return {
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroPrecision: precisionSum / classes,
    macroRecall: recallSum / classes,
    macroF1: f1Sum / classes,
    labels: order,
    confusion,
    perLabel,
  };
}
