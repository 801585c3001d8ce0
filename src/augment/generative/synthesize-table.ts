/**
 * One call for every tabular synthesizer: fit on the real rows with a seed, sample, and return the
 * rows with lineage, the copies refused while sampling and the warnings. Runs and benches use it,
 * so a synthesizer is chosen by name in both.
 */
import { createRng } from '../../internal/rng.js';
import { fitGaussianCopula, type GaussianCopulaFitOptions } from './gaussian-copula.js';
import { smoteOversample, type SmoteOptions } from './smote.js';
import { fitTabularGan, type TabularGanFitOptions } from './tabular-gan.js';
import { fitTabularVae, type TabularVaeFitOptions } from './tabular-vae.js';
import type { TabularColumn, TabularRow, TabularSample, TabularValue } from './tabular.js';

/** A synthesizer and its own options (columns, seed and signal are passed beside them). */
export type TableSynthesizer =
  | { synthesizer: 'copula'; options?: Omit<GaussianCopulaFitOptions, 'columns' | 'seed'> }
  | { synthesizer: 'vae'; options?: Omit<TabularVaeFitOptions, 'columns' | 'seed' | 'signal'> }
  | { synthesizer: 'gan'; options?: Omit<TabularGanFitOptions, 'columns' | 'seed' | 'signal'> }
  | { synthesizer: 'smote'; options: Omit<SmoteOptions, 'columns'> };

export interface SynthesizeTableOptions {
  /** The columns to model (SMOTE: the features; its label column comes from its options). */
  columns: TabularColumn[];
  /** Seed of fitting; sampling draws from a fork of it. */
  seed: number;
  /** Rows to sample; default as many as `real` has. Ignored by SMOTE, which grows classes to its target. */
  count?: number;
  /** Fixed values of categorical columns (not SMOTE). */
  conditions?: Record<string, TabularValue>;
  signal?: AbortSignal;
}

/** Fits `synthesizer` on `real` and samples; returns the sample and the seconds spent. */
export function synthesizeTable(real: readonly TabularRow[], synthesizer: TableSynthesizer, options: SynthesizeTableOptions): TabularSample & { seconds: number } {
  const started = performance.now();
  const { columns, seed, signal } = options;
  const context = { rng: createRng(seed).fork('sample'), seed };
  const count = options.count ?? real.length;
  const sampleOptions = options.conditions === undefined ? {} : { conditions: options.conditions };
  let sample: TabularSample;
  switch (synthesizer.synthesizer) {
    case 'copula':
      sample = fitGaussianCopula(real, { ...synthesizer.options, columns, seed }).sample(count, context, sampleOptions);
      break;
    case 'vae':
      sample = fitTabularVae(real, { ...synthesizer.options, columns, seed, signal }).sample(count, context, sampleOptions);
      break;
    case 'gan':
      sample = fitTabularGan(real, { ...synthesizer.options, columns, seed, signal }).sample(count, context, sampleOptions);
      break;
    case 'smote':
      sample = smoteOversample(real, { ...synthesizer.options, columns }, context);
      break;
  }
  return { ...sample, seconds: (performance.now() - started) / 1000 };
}
