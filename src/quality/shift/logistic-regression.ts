/** A small L2-regularised logistic regression trained by full-batch Adam, for two-sample tests. */

export interface LogisticRegressionOptions {
  /** Full-batch optimisation steps. Default 300. */
  steps?: number;
  /** Adam learning rate. Default 0.1. */
  learningRate?: number;
  /** L2 penalty on the weights (not the bias). Default 1e-3. */
  l2?: number;
}

/** A fitted logistic regression. */
export interface LogisticModel {
  /** P(label = 1 | features). */
  predict(features: ArrayLike<number>): number;
}

/**
 * Fits logistic regression on standardised features (means and deviations from the training rows).
 * Deterministic: no randomness, zero initialisation. Kingma and Ba, "Adam", ICLR 2015.
 */
export function fitLogisticRegression(rows: readonly ArrayLike<number>[], labels: readonly number[], options: LogisticRegressionOptions = {}): LogisticModel {
  const steps = options.steps ?? 300;
  const learningRate = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 1e-3;
  const n = rows.length;
  const dimension = n === 0 ? 0 : rows[0].length;
  const mean = new Float64Array(dimension);
  const scale = new Float64Array(dimension);
  for (const row of rows) for (let d = 0; d < dimension; d++) mean[d] += row[d] / n;
  for (const row of rows) for (let d = 0; d < dimension; d++) scale[d] += (row[d] - mean[d]) ** 2 / n;
  for (let d = 0; d < dimension; d++) scale[d] = scale[d] > 1e-12 ? 1 / Math.sqrt(scale[d]) : 0;
  const standardised = rows.map((row) => {
    const out = new Float64Array(dimension);
    for (let d = 0; d < dimension; d++) out[d] = (row[d] - mean[d]) * scale[d];
    return out;
  });
  const weights = new Float64Array(dimension + 1);
  const firstMoment = new Float64Array(dimension + 1);
  const secondMoment = new Float64Array(dimension + 1);
  const gradient = new Float64Array(dimension + 1);
  for (let step = 1; step <= steps; step++) {
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      const row = standardised[i];
      let z = weights[dimension];
      for (let d = 0; d < dimension; d++) z += weights[d] * row[d];
      const error = sigmoid(z) - labels[i];
      for (let d = 0; d < dimension; d++) gradient[d] += (error * row[d]) / n;
      gradient[dimension] += error / n;
    }
    for (let d = 0; d < dimension; d++) gradient[d] += l2 * weights[d];
    for (let d = 0; d <= dimension; d++) {
      firstMoment[d] = 0.9 * firstMoment[d] + 0.1 * gradient[d];
      secondMoment[d] = 0.999 * secondMoment[d] + 0.001 * gradient[d] * gradient[d];
      const corrected = firstMoment[d] / (1 - 0.9 ** step);
      const correctedSecond = secondMoment[d] / (1 - 0.999 ** step);
      weights[d] -= (learningRate * corrected) / (Math.sqrt(correctedSecond) + 1e-8);
    }
  }
  return {
    predict(features) {
      let z = weights[dimension];
      for (let d = 0; d < dimension; d++) z += weights[d] * (features[d] - mean[d]) * scale[d];
      return sigmoid(z);
    },
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Area under the ROC curve by the Mann-Whitney U statistic, ties counted half; 0.5 when a class is empty. */
export function areaUnderCurve(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((_, index) => index).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]] === scores[order[i]]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
