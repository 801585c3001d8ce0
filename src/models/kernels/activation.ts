/**
 * Point-wise activations with their derivatives, for the feed-forward sub-layer. The forward pass
 * stores the derivative so the backward pass is one multiplication per element.
 */

/** The activations SASRec implementations use: GELU (ICLRec, BERT4Rec) or ReLU (the SASRec paper). */
export type Activation = 'gelu' | 'relu';

const INVERSE_SQRT2 = Math.SQRT1_2;
const INVERSE_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Applies `activation` to `x` into `out` and writes d out / d x into `derivative`. GELU is the exact
 * erf form `x * Phi(x)` (Hendrycks & Gimpel 2016, as in ICLRec), with erf from Abramowitz & Stegun
 * 7.1.26 (absolute error below 1.5e-7, about float32 resolution), whose single exp(-x^2/2) also
 * serves the Gaussian density of the derivative.
 */
export function activationForward(activation: Activation, x: Float32Array, out: Float32Array, derivative: Float32Array, length: number): void {
  if (activation === 'relu') {
    for (let i = 0; i < length; i++) {
      const v = x[i];
      const positive = v > 0;
      out[i] = positive ? v : 0;
      derivative[i] = positive ? 1 : 0;
    }
    return;
  }
  for (let i = 0; i < length; i++) {
    const v = x[i];
    const z = Math.abs(v) * INVERSE_SQRT2;
    const t = 1 / (1 + 0.3275911 * z);
    const gaussian = Math.exp(-z * z);
    const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * gaussian;
    const cdf = v >= 0 ? 0.5 + 0.5 * erf : 0.5 - 0.5 * erf;
    out[i] = v * cdf;
    derivative[i] = cdf + v * gaussian * INVERSE_SQRT_2PI;
  }
}
