/** Maximum mean discrepancy between two sets of embedding vectors, RBF kernel. */
import type { Rng } from '../../internal/rng.js';
import { SampleForgeError } from '../../errors.js';

/** Options of {@link maximumMeanDiscrepancy}. */
export interface MaximumMeanDiscrepancyOptions {
  /** Source of the subsample when a side has more than `maxSamples` rows. */
  rng: Rng;
  /** Rows kept per side (seeded subsample); the cost is quadratic in it. Default 1000. */
  maxSamples?: number;
  /** Kernel bandwidth sigma in k(x, y) = exp(-|x - y|^2 / (2 sigma^2)); default: the median heuristic. */
  bandwidth?: number;
}

/** The MMD estimate with the bandwidth and sample sizes used. */
export interface MaximumMeanDiscrepancyResult {
  /** Unbiased estimate of MMD^2 (may be slightly negative when the two sets are alike). */
  mmd2: number;
  /** The bandwidth sigma used. */
  bandwidth: number;
  /** Rows used per side after subsampling. */
  realCount: number;
  syntheticCount: number;
}

/**
 * Unbiased MMD^2 with an RBF kernel whose bandwidth is the median pairwise distance of the pooled
 * sample (Gretton et al., "A Kernel Two-Sample Test", JMLR 2012, eq. 3 and section 8).
 */
export function maximumMeanDiscrepancy(
  real: readonly Float32Array[],
  synthetic: readonly Float32Array[],
  options: MaximumMeanDiscrepancyOptions,
): MaximumMeanDiscrepancyResult {
  const maxSamples = options.maxSamples ?? 1000;
  const x = subsample(real, maxSamples, options.rng.fork('real'));
  const y = subsample(synthetic, maxSamples, options.rng.fork('synthetic'));
  if (x.length < 2 || y.length < 2) {
    throw new SampleForgeError('E_DATA', `maximumMeanDiscrepancy needs at least 2 rows per side, got ${x.length} real and ${y.length} synthetic`);
  }
  const dimension = x[0].length;
  for (const row of [...x, ...y]) {
    if (row.length !== dimension) throw new SampleForgeError('E_DATA', `maximumMeanDiscrepancy: embeddings differ in length (${row.length} vs ${dimension})`);
  }
  const bandwidth = options.bandwidth ?? medianDistance([...x, ...y], options.rng.fork('bandwidth'));
  const gamma = 1 / (2 * Math.max(bandwidth, 1e-12) ** 2);
  const kernelMean = (first: Float32Array[], second: Float32Array[], sameSet: boolean): number => {
    let total = 0;
    for (let i = 0; i < first.length; i++) {
      for (let j = sameSet ? i + 1 : 0; j < second.length; j++) total += Math.exp(-gamma * squaredDistance(first[i], second[j]));
    }
    return sameSet ? (2 * total) / (first.length * (first.length - 1)) : total / (first.length * second.length);
  };
  const mmd2 = kernelMean(x, x, true) + kernelMean(y, y, true) - 2 * kernelMean(x, y, false);
  return { mmd2, bandwidth, realCount: x.length, syntheticCount: y.length };
}

function subsample(rows: readonly Float32Array[], limit: number, rng: Rng): Float32Array[] {
  if (rows.length <= limit) return [...rows];
  return rng.sample(rows.length, limit).map((index) => rows[index]);
}

function squaredDistance(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = a[i] - b[i];
    total += difference * difference;
  }
  return total;
}

/** Median of pairwise Euclidean distances over at most 20,000 seeded pairs. */
function medianDistance(rows: readonly Float32Array[], rng: Rng): number {
  const distances: number[] = [];
  const pairs = Math.min(20_000, (rows.length * (rows.length - 1)) / 2);
  for (let k = 0; k < pairs; k++) {
    const i = rng.int(rows.length);
    let j = rng.int(rows.length - 1);
    if (j >= i) j++;
    distances.push(Math.sqrt(squaredDistance(rows[i], rows[j])));
  }
  distances.sort((a, b) => a - b);
  const median = distances[Math.floor(distances.length / 2)] ?? 1;
  return median > 0 ? median : 1;
}
