/**
 * Adam (Kingma & Ba 2015) over one flat float32 parameter buffer, with PyTorch's defaults and
 * update rule (`torch.optim.Adam`: bias-corrected moments, eps added to the corrected root,
 * weight decay as an L2 term added to the gradient).
 *
 * Dense, not lazy: every row of SASRec's item table is updated every step, because PyTorch's Adam
 * does so too (rows without gradient keep moving while their first moment decays), and matching
 * the reference implementation matters more than the 3 ms per step a lazy variant would save.
 * Shared by the trainers (SASRec) and the generative models (the tabular VAE).
 */

/** Adam hyper-parameters. */
export interface AdamOptions {
  /** Learning rate (1e-3). */
  lr: number;
  /** First-moment decay (0.9). */
  beta1: number;
  /** Second-moment decay (0.999). */
  beta2: number;
  /** Added to the root of the second moment (1e-8). */
  epsilon: number;
  /** L2 penalty added to the gradient (0). */
  weightDecay: number;
}

/** PyTorch's defaults with learning rate 1e-3. */
export const DEFAULT_ADAM: AdamOptions = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 };

/** Optimiser state, saved in checkpoints. */
export interface AdamState {
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  /** Steps taken so far. */
  step: number;
}

/** Zeroed state for `size` parameters. */
export function createAdamState(size: number): AdamState {
  return { firstMoment: new Float32Array(size), secondMoment: new Float32Array(size), step: 0 };
}

/** One Adam update of `parameters` in place from `gradients`. */
export function adamStep(parameters: Float32Array, gradients: Float32Array, state: AdamState, options: AdamOptions): void {
  state.step += 1;
  const { lr, beta1, beta2, epsilon, weightDecay } = options;
  const correction1 = 1 - beta1 ** state.step;
  const correction2 = 1 - beta2 ** state.step;
  const stepSize = lr / correction1;
  const rootCorrection2 = Math.sqrt(correction2);
  const m = state.firstMoment;
  const v = state.secondMoment;
  for (let i = 0; i < parameters.length; i++) {
    const g = weightDecay === 0 ? gradients[i] : gradients[i] + weightDecay * parameters[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    parameters[i] -= (stepSize * mi) / (Math.sqrt(vi) / rootCorrection2 + epsilon);
  }
}
