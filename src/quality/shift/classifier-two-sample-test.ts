/** Classifier two-sample test (C2ST): can a classifier tell real rows from synthetic ones? */
import type { Rng } from '../../internal/rng.js';
import { SampleForgeError } from '../../errors.js';
import { areaUnderCurve, fitLogisticRegression, type LogisticRegressionOptions } from './logistic-regression.js';

export interface ClassifierTwoSampleOptions extends LogisticRegressionOptions {
  /** Fold assignment (stratified, seeded). */
  rng: Rng;
  /** Cross-validation folds. Default 5. */
  folds?: number;
}

export interface ClassifierTwoSampleResult {
  /** Out-of-fold ROC AUC of "synthetic vs real"; 0.5 means indistinguishable. */
  auc: number;
  /** AUC of each fold. */
  foldAucs: number[];
  /** Out-of-fold P(real | x) for each real row, in input order. */
  realProbabilityOfReal: number[];
  /** Out-of-fold P(real | x) for each synthetic row, in input order. */
  syntheticProbabilityOfReal: number[];
}

/**
 * Trains a logistic regression to separate real (label 0) from synthetic (label 1) feature rows with
 * stratified k-fold cross-validation and reports the pooled out-of-fold AUC. Lopez-Paz and Oquab,
 * "Revisiting Classifier Two-Sample Tests", ICLR 2017.
 */
export function classifierTwoSampleTest(
  real: readonly ArrayLike<number>[],
  synthetic: readonly ArrayLike<number>[],
  options: ClassifierTwoSampleOptions,
): ClassifierTwoSampleResult {
  const folds = options.folds ?? 5;
  if (real.length < folds || synthetic.length < folds) {
    throw new SampleForgeError('E_DATA', `classifierTwoSampleTest needs at least ${folds} rows per side (folds), got ${real.length} real and ${synthetic.length} synthetic`);
  }
  const rows = [...real, ...synthetic];
  const labels = rows.map((_, index) => (index < real.length ? 0 : 1));
  const fold = new Int32Array(rows.length);
  // Stratified: each side is shuffled and dealt round-robin, so every fold keeps the class ratio.
  const deal = (start: number, count: number, rng: Rng): void => {
    const order = rng.shuffle(Array.from({ length: count }, (_, index) => start + index));
    order.forEach((rowIndex, position) => {
      fold[rowIndex] = position % folds;
    });
  };
  deal(0, real.length, options.rng.fork('real'));
  deal(real.length, synthetic.length, options.rng.fork('synthetic'));
  const scores = new Array<number>(rows.length).fill(0);
  const foldAucs: number[] = [];
  for (let k = 0; k < folds; k++) {
    const trainRows: ArrayLike<number>[] = [];
    const trainLabels: number[] = [];
    const testIndices: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      if (fold[i] === k) testIndices.push(i);
      else {
        trainRows.push(rows[i]);
        trainLabels.push(labels[i]);
      }
    }
    const model = fitLogisticRegression(trainRows, trainLabels, options);
    for (const i of testIndices) scores[i] = model.predict(rows[i]);
    foldAucs.push(areaUnderCurve(testIndices.map((i) => scores[i]), testIndices.map((i) => labels[i])));
  }
  return {
    auc: areaUnderCurve(scores, labels),
    foldAucs,
    realProbabilityOfReal: scores.slice(0, real.length).map((score) => 1 - score),
    syntheticProbabilityOfReal: scores.slice(real.length).map((score) => 1 - score),
  };
}
