/**
 * The loss of a tabular VAE and its gradients (TVAE, Xu et al., "Modeling Tabular Data using
 * Conditional GAN", NeurIPS 2019): a Gaussian negative log-likelihood with a learned standard
 * deviation per numeric column, cross-entropy per categorical block (and per missing/present pair),
 * both scaled by a reconstruction weight, plus the KL divergence of the posterior from N(0, I).
 */
import type { TabularEncoding } from './tabular-encoding.js';

/** TVAE keeps each column's decoder standard deviation in [0.01, 1] (standardised units). */
export const MIN_LOG_SIGMA = Math.log(0.01);
export const MAX_LOG_SIGMA = 0;

/** The decoder standard deviation of a learned log value, clamped. */
export function decoderSigma(logSigma: number): number {
  return Math.exp(Math.min(MAX_LOG_SIGMA, Math.max(MIN_LOG_SIGMA, logSigma)));
}

function crossEntropy(output: Float32Array, target: Float32Array, row: number, from: number, count: number, weight: number, dOutput: Float32Array): number {
  let top = -Infinity;
  for (let k = 0; k < count; k++) top = Math.max(top, output[row + from + k]);
  let total = 0;
  for (let k = 0; k < count; k++) total += Math.exp(output[row + from + k] - top);
  const logTotal = Math.log(total) + top;
  let loss = 0;
  for (let k = 0; k < count; k++) {
    const probability = Math.exp(output[row + from + k] - logTotal);
    const truth = target[row + from + k];
    if (truth > 0) loss -= truth * (output[row + from + k] - logTotal);
    dOutput[row + from + k] = weight * (probability - truth);
  }
  return weight * loss;
}

/**
 * Reconstruction loss summed over a batch of decoder outputs (`batch x encoding.width`) against the
 * encoded rows; writes the gradient at the outputs into `dOutput` and adds the gradient of each
 * numeric slot's log sigma into `dLogSigma`. Returns the summed loss.
 */
export function reconstructionLoss(
  encoding: TabularEncoding,
  output: Float32Array,
  target: Float32Array,
  batch: number,
  logSigma: Float32Array,
  weight: number,
  dOutput: Float32Array,
  dLogSigma: Float32Array,
): number {
  const width = encoding.width;
  let loss = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * width;
    let numeric = 0;
    for (const slot of encoding.slots) {
      if (slot.kind === 'categorical') {
        loss += crossEntropy(output, target, row, slot.offset, slot.values.length, weight, dOutput);
        continue;
      }
      const index = numeric++;
      const present = slot.missingOffset < 0 || target[row + slot.missingOffset] > 0;
      if (slot.missingOffset >= 0) loss += crossEntropy(output, target, row, slot.missingOffset, 2, weight, dOutput);
      const at = row + slot.offset;
      if (!present) {
        dOutput[at] = 0;
        continue;
      }
      const clamped = logSigma[index] < MIN_LOG_SIGMA || logSigma[index] > MAX_LOG_SIGMA;
      const sigma = decoderSigma(logSigma[index]);
      const error = output[at] - target[at];
      const scaled = (error * error) / (sigma * sigma);
      loss += weight * (0.5 * scaled + Math.log(sigma));
      dOutput[at] = (weight * error) / (sigma * sigma);
      if (!clamped) dLogSigma[index] += weight * (1 - scaled);
    }
  }
  return loss;
}

/**
 * KL divergence of N(mu, exp(logVariance)) from N(0, I), summed over a batch laid out as
 * `batch x 2 latent` (means then log variances per row); adds its gradient into `dPosterior`.
 */
export function klDivergence(posterior: Float32Array, batch: number, latent: number, weight: number, dPosterior: Float32Array): number {
  let loss = 0;
  for (let r = 0; r < batch; r++) {
    const row = r * 2 * latent;
    for (let j = 0; j < latent; j++) {
      const mean = posterior[row + j];
      const logVariance = posterior[row + latent + j];
      const variance = Math.exp(logVariance);
      loss += 0.5 * weight * (mean * mean + variance - 1 - logVariance);
      dPosterior[row + j] += weight * mean;
      dPosterior[row + latent + j] += 0.5 * weight * (variance - 1);
    }
  }
  return loss;
}
