import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../types.js';
import { liftSection, shiftSection } from './report-sections.js';

function variant(name: string, values: number[]) {
  const mean = values.reduce((total, value) => total + value, 0) / values.length;
  return { name, augmenters: [], seeds: [1, 2], metrics: { test: { 'ndcg@10': { mean, std: 0.001, values } } } };
}

function comparison(baseline: string, variantName: string) {
  return { baseline, variant: variantName, metric: 'ndcg@10', split: 'test', baselineMean: 0.03, variantMean: 0.04, lift: 0.01, relativeLift: 0.33, test: 'paired-t', statistic: 3, pValue: 0.04 };
}

describe('liftSection', () => {
  it('names what a comparison is against when it is not the baseline (aligned vs augmented)', () => {
    const metrics = {
      variants: [variant('baseline', [0.03, 0.03]), variant('augmented', [0.04, 0.04]), variant('aligned', [0.04, 0.04])],
      comparisons: [comparison('baseline', 'augmented'), comparison('baseline', 'aligned'), comparison('augmented', 'aligned')],
    } as unknown as RunMetrics;
    const rows = liftSection(metrics).split('<tr>').slice(2);
    expect(rows).toHaveLength(3);
    expect(rows[0]).not.toContain(' vs ');
    expect(rows[1]).not.toContain(' vs ');
    expect(rows[2]).toContain('aligned <span class="muted">vs augmented</span>');
  });

  it('shows the alignment verdict with its numbers from metrics.alignment', () => {
    const metrics = {
      variants: [variant('baseline', [0.03, 0.03])],
      comparisons: [],
      alignment: [{ aligned: 'aligned', augmented: 'augmented', metric: 'ndcg@10', split: 'valid', augmentedMean: 0.0565, alignedMean: 0.0535, spread: 0.001, verdict: 'drop', reason: 'use augmented' }],
    } as unknown as RunMetrics;
    const html = liftSection(metrics);
    expect(html).toContain('id="alignment-verdicts"');
    expect(html).toMatch(/data-metric="alignment\[0\]\.alignedMean"[^>]*>0\.0535</);
    expect(html).toContain('<span class="pill drop">drop</span> use augmented');
  });
});

describe('shiftSection', () => {
  it('lists the corrections applied, escaped, including shifts left alone by design', () => {
    const metrics = {
      variants: [],
      comparisons: [],
      shift: { before: { fields: [] }, after: { fields: [] }, applied: ['length: shifted by design (crop), not corrected', 'resample(<meanLogPopularity>)'] },
    } as unknown as RunMetrics;
    const html = shiftSection(metrics);
    expect(html).toContain('<p id="shift-applied">Corrections: <code>length: shifted by design (crop), not corrected</code>; <code>resample(&lt;meanLogPopularity&gt;)</code></p>');
    expect(shiftSection({ variants: [], comparisons: [], shift: { before: { fields: [] } } } as unknown as RunMetrics)).not.toContain('shift-applied');
  });
});
