import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { sha256 } from '../../internal/fingerprint.js';
import { withDatabase } from '../../internal/duckdb.js';
import { VARIANTS_FILE } from '../run-files.js';
import { runPipeline } from '../run-pipeline.js';
import type { VariantResult } from '../../types.js';
import type { TrainingSetLine } from './augment-stage.js';
import type { StepBudget } from './text-budget.js';
import { intentTrainStage } from './train-stage.js';

function intentConfig(dir: string, name: string, extra: Record<string, unknown> = {}) {
  return parseConfig(configSchema, {
    name,
    task: 'intent',
    seed: 4,
    data: { synthetic: { users: 40, items: 30, interactions: 300, utterances: 400, queries: 10 } },
    split: { method: 'stratified', train: 0.7, validation: 0 },
    sizes: [3, { size: 'all', epochs: 3, maxOutputsPerInput: 1 }],
    seeds: [1, 2],
    augment: {
      steps: [
        { augmenter: 'text/swap', outputsPerInput: 3 },
        { augmenter: 'text/typo', outputsPerInput: 1 },
      ],
    },
    filter: { labelConsistency: true, minConfidence: 0.05 },
    classifier: { epochs: 5, dim: 16 },
    output: { dir },
    ...extra,
  });
}

describe('runPipeline (intent) with alignment', () => {
  it('trains an aligned variant on the capped, resampled samples and compares it with baseline and augmented', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    const config = intentConfig(dir, 'aligned', {
      sizes: [3],
      augment: { steps: [{ augmenter: 'text/swap', outputsPerInput: 3 }], ablation: false },
      align: { resample: { enabled: true, fields: ['length'] }, ratioCaps: { perClass: 1 } },
    });
    const result = await runPipeline(config);
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['k3/baseline', 'k3/augmented', 'k3/aligned']);
    const [, augmented, aligned] = result.metrics.variants;
    // At most one synthetic text per real text of the same class after the cap.
    expect(aligned.syntheticSamples ?? Infinity).toBeLessThanOrEqual(result.metrics.variants[0].trainSamples ?? 0);
    expect(aligned.syntheticSamples ?? 0).toBeLessThan(augmented.syntheticSamples ?? 0);
    const pairs = result.metrics.comparisons.filter((comparison) => comparison.metric === 'accuracy').map((comparison) => `${comparison.baseline}>${comparison.variant}`);
    expect(pairs).toEqual(['k3/baseline>k3/augmented', 'k3/baseline>k3/aligned', 'k3/augmented>k3/aligned']);
    const shift = result.metrics.shift as { before: { syntheticCount: number }; after: { syntheticCount: number }; applied: string[] };
    expect(shift.applied).toEqual(['resample(length)', 'cap(label<=1x real)']);
    expect(shift.after.syntheticCount).toBeLessThan(shift.before.syntheticCount);
  });
});

describe('runPipeline (intent) with alignment that changes nothing', () => {
  it('reports the augmented results for the aligned variant instead of retraining it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    // Nothing can be flagged, so resampling on the flagged fields keeps every synthetic text once.
    const thresholds = { jsd: 1, ksStatistic: 1, wassersteinNormalized: 100, unigramJsd: 1, oovRate: 1, c2stAuc: 1 };
    const config = intentConfig(dir, 'aligned-unchanged', { sizes: [3], augment: { steps: [{ augmenter: 'text/swap', outputsPerInput: 2 }], ablation: false }, align: { resample: { enabled: true }, thresholds } });
    const result = await runPipeline(config);
    const [, augmented, aligned] = result.metrics.variants;
    expect(aligned.name).toBe('k3/aligned');
    expect(aligned.metrics).toEqual(augmented.metrics);
    expect(aligned.syntheticSamples).toBe(augmented.syntheticSamples);
    expect((result.stages.train as { alignedReused?: { variants: string[] } }).alignedReused?.variants).toEqual(['k3/aligned']);
  });
});

describe('runPipeline (intent) with importance weights', () => {
  it('writes a weight per synthetic text and trains the aligned variant on the weighted samples; a training set without weights reads as weight 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    const config = intentConfig(dir, 'weighted', {
      sizes: [3],
      augment: { steps: [{ augmenter: 'text/swap', outputsPerInput: 3 }], ablation: false },
      align: { importanceWeights: { enabled: true } },
    });
    if (config.task !== 'intent') throw new Error('an intent config was expected');
    const result = await runPipeline(config);
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['k3/baseline', 'k3/augmented', 'k3/aligned']);
    const [, augmented, aligned] = result.metrics.variants;
    expect(aligned.metrics.test.accuracy.values).toHaveLength(2);
    // Weights change no copies: the aligned variant trains on the same texts as augmented.
    expect(aligned.syntheticSamples).toBe(augmented.syntheticSamples);
    expect(result.warnings.map((warning) => warning.code)).not.toContain('W_WEIGHTS_SKIPPED');
    expect((result.metrics.shift as { applied: string[] }).applied).toEqual(['weights(0.1..10)']);

    const augmentFolder = join(result.runDir, 'stages', 'augment');
    const lines = (await readFile(join(augmentFolder, 'training-sets.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as TrainingSetLine);
    const synthetic = lines.filter((line) => line.kind === 'synthetic');
    expect(synthetic.length).toBeGreaterThan(0);
    for (const seed of config.seeds) {
      const weights = synthetic.filter((line) => line.seed === seed).map((line) => line.weight ?? Number.NaN);
      expect(weights.every((weight) => weight > 0)).toBe(true);
      expect(weights.reduce((total, weight) => total + weight, 0) / weights.length).toBeCloseTo(1, 10);
      expect(new Set(weights).size).toBeGreaterThan(1);
    }

    // The train stage alone on the same training sets with the weights left out (as an older augment stage wrote them):
    // every weight reads as 1, so the aligned variant trains exactly as augmented does.
    const unweighted = join(dir, 'unweighted-augment');
    await mkdir(unweighted);
    await writeFile(join(unweighted, 'training-sets.jsonl'), lines.map((line) => JSON.stringify({ ...line, weight: undefined })).join('\n') + '\n');
    const output = join(dir, 'unweighted-train');
    await mkdir(output);
    const inputs: Record<string, string> = { split: join(result.runDir, 'stages', 'split'), augment: unweighted };
    await intentTrainStage(config).run({ output, checkpoints: output, inputOf: (stage) => inputs[stage], progress: () => {} });
    const { variants } = JSON.parse(await readFile(join(output, VARIANTS_FILE), 'utf8')) as { variants: VariantResult[] };
    const metricsOf = (variant: VariantResult) => variant.metrics.test;
    expect(metricsOf(variants[1])).toEqual(metricsOf(augmented));
    expect(metricsOf(variants[2])).toEqual(metricsOf(variants[1]));
    // With its weights the aligned variant did train differently.
    expect(metricsOf(aligned)).not.toEqual(metricsOf(augmented));
  });
});

describe('runPipeline (intent) with a generation budget', () => {
  it('asks each label of a training set for its quota, more for thin labels, and records real, requested, produced and kept per label', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    const total = 150;
    const config = intentConfig(dir, 'budget', {
      sizes: [{ size: 'all', epochs: 2, maxOutputsPerInput: 1 }],
      seeds: [1],
      augment: { steps: [{ augmenter: 'text/swap', outputsPerInput: 3 }, { augmenter: 'text/typo', outputsPerInput: 1 }], ablation: false },
      align: { budget: { enabled: true, total } },
    });
    const result = await runPipeline(config);
    const budget = (result.stages.augment as { budget: StepBudget[] }).budget;
    expect(budget.map((entry) => [entry.size, entry.seed, entry.step, entry.augmenter])).toEqual([['all', 1, 0, 'text/swap'], ['all', 1, 1, 'text/typo']]);
    const rows = await withDatabase(':memory:', (db) => db.all<{ label: string; params: string; kept: boolean }>('SELECT label, params, kept FROM read_parquet($path)', { path: join(result.runDir, 'samples.parquet') }));
    for (const entry of budget) {
      const labels = Object.entries(entry.labels);
      expect(labels.length).toBeGreaterThan(3);
      expect(labels.reduce((sum, [, label]) => sum + label.requested, 0)).toBe(total);
      // Classical edits make every output asked for, and the size's cap of 1 per text does not apply (a warning says so).
      for (const [, label] of labels) expect(label.produced).toBe(label.requested);
      expect(labels.some(([, label]) => label.requested > label.real)).toBe(true);
      // Inverse frequency: fewer real texts, at least as many requested; the thinnest label gets more than the thickest.
      const byReal = labels.map(([, label]) => label).sort((a, b) => a.real - b.real || b.requested - a.requested);
      byReal.slice(1).forEach((label, index) => expect(label.requested).toBeLessThanOrEqual(byReal[index].requested));
      expect(byReal[0].requested).toBeGreaterThan(byReal.at(-1)?.requested ?? Infinity);
      // The samples file holds exactly what was produced, by label, and the filters' survivors are the kept counts.
      const ofStep = rows.filter((row) => (JSON.parse(row.params) as { step: number }).step === entry.step);
      for (const [name, label] of labels) {
        expect(ofStep.filter((row) => row.label === name)).toHaveLength(label.produced);
        expect(ofStep.filter((row) => row.label === name && row.kept)).toHaveLength(label.kept);
      }
    }
    expect(result.warnings.filter((warning) => warning.code === 'W_BUDGET_SIZE_CAP').map((warning) => warning.details?.path)).toEqual(['sizes[0].maxOutputsPerInput']);
    // metrics.json: one row per step and label (one seed here, so the same counts).
    const metricRows = result.metrics.budget?.rows ?? [];
    expect(result.metrics.budget?.sliceField).toBe('label');
    expect(metricRows).toHaveLength(budget.reduce((total, entry) => total + Object.keys(entry.labels).length, 0));
    const first = Object.entries(budget[0].labels)[0];
    expect(metricRows.find((row) => row.step === '0:text/swap' && row.slice === first[0])).toEqual({ step: '0:text/swap', size: 'all', slice: first[0], ...first[1] });
  });

  it('refuses a slice field other than label with E_CONFIG before any stage runs', () => {
    const dir = join(tmpdir(), 'sf-never-created');
    let error: unknown;
    try {
      intentConfig(dir, 'bad-slice', { align: { budget: { enabled: true, sliceField: 'category' } } });
    } catch (caught) {
      error = caught;
    }
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    expect((error as Error).message).toMatch(/align\.budget\.sliceField: an intent run budgets per label only .*use sliceField: label, the default, got "category"/);
    // A disabled budget's slice field does not matter.
    expect(() => intentConfig(dir, 'off', { align: { budget: { enabled: false, sliceField: 'category' } } })).not.toThrow();
  });
});

describe('runPipeline (intent)', () => {
  it('trains baseline, augmented and one variant per step for every size, on exactly the filtered samples it wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    const result = await runPipeline(intentConfig(dir, 'intent'));
    const names = result.metrics.variants.map((variant) => variant.name);
    expect(names).toEqual(['k3/baseline', 'k3/augmented', 'k3/only-swap', 'k3/only-typo', 'all/baseline', 'all/augmented', 'all/only-swap', 'all/only-typo']);
    expect(result.metrics.primaryMetric).toBe('accuracy');
    for (const variant of result.metrics.variants) expect(variant.metrics.test.accuracy.values).toHaveLength(2);
    const k3 = result.metrics.variants[0];
    expect(k3.syntheticSamples).toBe(0);
    expect(result.metrics.variants[1].syntheticSamples).toBeGreaterThan(0);
    // The all-steps variant trains on the union of what each step alone contributed.
    expect(result.metrics.variants[1].syntheticSamples).toBe((result.metrics.variants[2].syntheticSamples ?? 0) + (result.metrics.variants[3].syntheticSamples ?? 0));
    expect(result.metrics.comparisons.filter((comparison) => comparison.metric === 'accuracy').map((comparison) => `${comparison.baseline}>${comparison.variant}`)).toEqual([
      'k3/baseline>k3/augmented',
      'k3/baseline>k3/only-swap',
      'k3/baseline>k3/only-typo',
      'all/baseline>all/augmented',
      'all/baseline>all/only-swap',
      'all/baseline>all/only-typo',
    ]);

    const rows = await withDatabase(':memory:', (db) =>
      db.all<{ id: string; augmenter: string; kept: boolean; verdicts: string; params: string; parents: number }>(
        'SELECT id, augmenter, kept, verdicts, params, len(parent_ids) AS parents FROM read_parquet($path)',
        { path: join(result.runDir, 'samples.parquet') },
      ),
    );
    // Every synthetic text is there, kept or dropped, and each dropped one names the filter that dropped it.
    const augment = result.stages.augment as { samples: number; perStep: Record<string, number>; dropped: Record<string, number> };
    expect(rows.length).toBe(augment.samples);
    expect(rows.length).toBe(Object.values(augment.perStep).reduce((a, b) => a + b, 0));
    const dropped = rows.filter((row) => !row.kept);
    expect(dropped.length).toBe(Object.values(augment.dropped).reduce((a, b) => a + b, 0));
    for (const row of dropped) expect(JSON.parse(row.verdicts).some((verdict: { kept: boolean; reason?: string }) => !verdict.kept && (verdict.reason ?? '') !== '')).toBe(true);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    expect(rows.every((row) => row.parents === 1)).toBe(true);
    expect(JSON.parse(rows[0].params)).toMatchObject({ size: expect.any(String), trainSeed: expect.any(Number), step: expect.any(Number) });
    expect(result.metrics.counts?.filter).toEqual(augment.dropped);
    // The size-level cap holds: at most one swap output per real text for "all".
    const all = result.metrics.variants.find((variant) => variant.name === 'all/only-swap');
    const allBaseline = result.metrics.variants.find((variant) => variant.name === 'all/baseline');
    expect(all?.syntheticSamples ?? Infinity).toBeLessThanOrEqual(allBaseline?.trainSamples ?? 0);
  });

  it('gives the same results for the same seed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-intent-'));
    const first = await runPipeline(intentConfig(dir, 'a'));
    const second = await runPipeline(intentConfig(dir, 'b'));
    const strip = (variants: typeof first.metrics.variants) => variants.map((variant) => ({ ...variant, trainSeconds: 0 }));
    expect(strip(second.metrics.variants)).toEqual(strip(first.metrics.variants));
    const sets = (runDir: string) => readFile(join(runDir, 'stages', 'augment', 'training-sets.jsonl'), 'utf8');
    expect(await sets(second.runDir)).toBe(await sets(first.runDir));
    // Pinned before align.budget existed (commit 19f275e): with the budget off, training sets and samples are bit-identical.
    expect(sha256(await sets(first.runDir))).toBe('8b7f56ad1adbbb905d80b6cc6b7f9de4ee1a610be06a7ed845700bbe463df4d7');
    const rows = await withDatabase(':memory:', (db) => db.all('SELECT * FROM read_parquet($path) ORDER BY id', { path: join(first.runDir, 'samples.parquet') }));
    expect(sha256(JSON.parse(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))))).toBe('5b37574c2b21a8ec5403c8b41ccdcc3d7e728d669e301f148e8d04a0a57c11b1');
    expect(first.stages.augment).not.toHaveProperty('budget');
  });
});
