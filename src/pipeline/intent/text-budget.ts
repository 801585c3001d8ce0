/**
 * `align.budget` in an intent run: how many synthetic texts an augment step asks for from each real
 * text of a training set, more for labels with fewer real texts.
 */
import type { AlignConfig } from '../../config/align.js';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { generationBudget } from '../../quality/align/generation-budget.js';
import { spreadQuotas } from '../../quality/align/spread-quotas.js';
import type { Augmented, TextSample } from '../../types.js';

/** One label's budget in one step of one training set: real texts, synthetic texts asked for, made, and kept by the filters. */
export interface LabelBudget {
  real: number;
  requested: number;
  produced: number;
  kept: number;
}

/** A line of the augment stage summary's `budget`: one step over one training set (size x seed). */
export interface StepBudget {
  size: string;
  seed: number;
  step: number;
  augmenter: string;
  labels: Record<string, LabelBudget>;
}

/** The budget of one step over one training set. */
export interface TextBudget {
  /** Outputs wanted from each real text, aligned with the training set. */
  outputsPerInput: number[];
  /** Real texts and quota per label (`produced` and `kept` 0 until counted with {@link countByLabel}). */
  labels: Record<string, LabelBudget>;
}

/**
 * The budget of one step over a training set: `generationBudget` on the real texts per label
 * (`budget.total` synthetic texts in all), each label's quota spread over its texts with
 * `spreadQuotas` drawing from `seed` (derive it from the training set's seed and the step).
 */
export function textBudget(real: readonly TextSample[], budget: AlignConfig['budget'], seed: number): TextBudget {
  if (budget.sliceField !== 'label') {
    throw new SampleForgeError('E_CONFIG', `align.budget.sliceField: an intent run budgets per label only, got "${budget.sliceField}"; use sliceField: label`, { details: { path: 'align.budget.sliceField', value: budget.sliceField, allowed: ['label'] } });
  }
  const slices = real.map((sample) => sample.label ?? '');
  const counts: Record<string, number> = {};
  for (const slice of slices) counts[slice] = (counts[slice] ?? 0) + 1;
  const quotas = generationBudget(counts, { total: budget.total, power: budget.power, minPerSlice: budget.minPerSlice, maxRatio: budget.maxRatio });
  const labels = Object.fromEntries(Object.keys(quotas).map((label) => [label, { real: counts[label], requested: quotas[label], produced: 0, kept: 0 }]));
  return { outputsPerInput: spreadQuotas(slices, quotas, createRng(seed)), labels };
}

/** Adds the labels of `samples` to the budget's `produced` or `kept` counts. */
export function countByLabel(labels: Record<string, LabelBudget>, samples: readonly Augmented<TextSample>[], field: 'produced' | 'kept'): void {
  for (const sample of samples) {
    const label = sample.sample.label ?? '';
    labels[label] ??= { real: 0, requested: 0, produced: 0, kept: 0 };
    labels[label][field]++;
  }
}
