/**
 * The synthesizers the tabular benches compare, behind one call, and the lines they print: each
 * variant is fitted on the real rows with a seed and asked for as many rows as the real table has.
 */
import type { GaussianCopulaFitOptions } from '../../src/augment/generative/gaussian-copula.js';
import { synthesizeTable, type TableSynthesizer } from '../../src/augment/generative/synthesize-table.js';
import type { TabularGanFitOptions } from '../../src/augment/generative/tabular-gan.js';
import type { TabularVaeFitOptions } from '../../src/augment/generative/tabular-vae.js';
import type { TabularColumn, TabularRow, TabularSample } from '../../src/augment/generative/tabular.js';
import type { TableQuality } from '../../src/quality/table/table-quality.js';

export type Synthesizer = { copula: GaussianCopulaFitOptions } | { vae: TabularVaeFitOptions } | { gan: TabularGanFitOptions };
export type Variant = readonly [string, Synthesizer];

/** Fits `synthesizer` on `real` and samples `count` rows; returns the sample and the seconds of fit plus sampling. */
export function synthesize(real: readonly TabularRow[], columns: TabularColumn[], synthesizer: Synthesizer, seed: number, sourceId: string, count = real.length): { sample: TabularSample; seconds: number } {
  const spec: TableSynthesizer =
    'copula' in synthesizer
      ? { synthesizer: 'copula', options: { ...synthesizer.copula, sourceId } }
      : 'vae' in synthesizer
        ? { synthesizer: 'vae', options: { ...synthesizer.vae, sourceId } }
        : { synthesizer: 'gan', options: { ...synthesizer.gan, sourceId } };
  const { seconds, ...sample } = synthesizeTable(real, spec, { columns, seed, count });
  return { sample, seconds };
}

export function qualityLine(name: string, quality: TableQuality, seconds: number): string {
  return `${name.padEnd(22)} shapes ${quality.columnShapes.toFixed(4)}  pairs ${quality.pairTrends.toFixed(4)}  detection AUC ${quality.detectionAuc.toFixed(4)}  copies ${quality.privacy.copies}  DCR median ${quality.privacy.synthetic.median.toFixed(4)} (real-real ${quality.privacy.realToReal.median.toFixed(4)})  ${seconds.toFixed(2)} s`;
}

/** Mean and sample standard deviation, printed as `mean ± std`. */
export function meanAndSpread(values: readonly number[]): string {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return `${mean.toFixed(4)} ± ${std.toFixed(4)}`;
}
