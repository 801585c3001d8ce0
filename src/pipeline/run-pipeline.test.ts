import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { configSchema } from '../config/schema.js';
import { SampleForgeError } from '../errors.js';
import { withDatabase } from '../internal/duckdb.js';
import { startReplayServer } from '../llm/fixtures/replay-server.js';
import type { PipelineEvent } from './events.js';
import { buildReport } from '../report/build-report.js';
import { runPipeline } from './run-pipeline.js';

function tinyConfig(dir: string, model: 'pop' | 'sasrec', train: Record<string, unknown> = {}, top: Record<string, unknown> = {}) {
  return parseConfig(configSchema, {
    name: `tiny-${model}`,
    task: 'recommendation',
    seed: 3,
    data: { synthetic: { users: 80, items: 50, interactions: 2000, utterances: 60, queries: 20 } },
    clean: { kCore: { enabled: true, userK: 3, itemK: 3 } },
    augment: { steps: [{ augmenter: 'crop', mode: 'samples' }, { augmenter: 'reorder', mode: 'contrastive' }], ablation: false },
    train: { model, hidden: 16, blocks: 1, heads: 1, maxLength: 10, epochs: 2, patience: 2, batchSize: 32, seeds: [1, 2], ...train },
    output: { dir },
    ...top,
  });
}

describe('runPipeline (recommendation)', () => {
  it('runs every stage into a run directory with metrics, samples with lineage, fingerprints and versions', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const result = await runPipeline(tinyConfig(dir, 'sasrec'));
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['baseline', 'augmented']);
    const baseline = result.metrics.variants[0];
    expect(baseline.seeds).toEqual([1, 2]);
    expect(baseline.metrics.test['ndcg@10'].values).toHaveLength(2);
    expect(result.metrics.comparisons.some((comparison) => comparison.metric === 'ndcg@10' && comparison.variant === 'augmented')).toBe(true);
    for (const file of ['run.json', 'config.yaml', 'inputs.json', 'metrics.json', 'samples.parquet', 'warnings.json']) {
      expect(existsSync(join(result.runDir, file)), file).toBe(true);
    }
    const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8'));
    expect(run.status).toBe('completed');
    // Finished trainings are checkpointed while the stage runs, and the checkpoints go when it commits.
    expect(existsSync(join(result.runDir, 'stages', '.train.checkpoints'))).toBe(false);
    expect(run.stages.map((stage: { name: string }) => stage.name)).toEqual(['ingest', 'clean', 'label', 'split', 'augment', 'train']);
    expect(run.versions['@duckdb/node-api']).toMatch(/\d/);
    const inputs = JSON.parse(await readFile(join(result.runDir, 'inputs.json'), 'utf8'));
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const samples = await withDatabase(':memory:', (db) => db.all<{ augmenter: string; parents: number; seed: number }>(
      'SELECT augmenter, len(parent_ids) AS parents, seed FROM read_parquet($path) LIMIT 3', { path: join(result.runDir, 'samples.parquet') }));
    expect(samples.length).toBe(3);
    expect(samples[0]).toMatchObject({ augmenter: 'sequence/crop', parents: 1 });
  });

  it('aligns offline synthetic sequences and trains an aligned variant next to augmented (align.resample)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const config = tinyConfig(dir, 'sasrec', { seeds: [1, 2] }, { align: { resample: { enabled: true, fields: ['length'] } } });
    const result = await runPipeline(config);
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['baseline', 'augmented', 'aligned']);
    const [, augmented, aligned] = result.metrics.variants;
    expect(aligned.syntheticSamples).toBe(augmented.syntheticSamples);
    // Paired comparisons: each variant against the baseline, and aligned against augmented.
    const pairs = new Set(result.metrics.comparisons.filter((comparison) => comparison.metric === 'ndcg@10').map((comparison) => `${comparison.baseline}>${comparison.variant}`));
    expect(pairs).toEqual(new Set(['baseline>augmented', 'baseline>aligned', 'augmented>aligned']));
    // Validation decides whether alignment is kept, from the two variants' validation means.
    const [verdict] = result.metrics.alignment ?? [];
    expect(verdict).toMatchObject({ aligned: 'aligned', augmented: 'augmented', metric: 'ndcg@10', split: 'valid' });
    expect(verdict.alignedMean).toBe(aligned.metrics.valid['ndcg@10'].mean);
    expect(verdict.augmentedMean).toBe(augmented.metrics.valid['ndcg@10'].mean);
    expect(['keep', 'drop']).toContain(verdict.verdict);
    const shift = result.metrics.shift as { before: { fields: { field: string; ks?: { statistic: number } }[] }; after: { fields: { field: string; ks?: { statistic: number } }[] }; applied: string[] };
    expect(shift.applied).toEqual(['resample(length)']);
    const ks = (fields: typeof shift.before.fields) => fields.find((field) => field.field === 'length')?.ks?.statistic ?? Number.NaN;
    expect(ks(shift.after.fields)).toBeLessThan(ks(shift.before.fields));
    const lines = (await readFile(join(result.runDir, 'stages', 'augment', 'sequence-samples.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { copies: number });
    expect(lines.reduce((total, line) => total + line.copies, 0)).toBe(lines.length);
    expect(lines.some((line) => line.copies !== 1)).toBe(true);
  });

  it('passes importance weights of the synthetic sequences to SASRec in the aligned variant (align.importanceWeights)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const config = tinyConfig(dir, 'sasrec', { seeds: [1] }, { align: { importanceWeights: { enabled: true, min: 0.2, max: 5 } } });
    const result = await runPipeline(config);
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['baseline', 'augmented', 'aligned']);
    const shift = result.metrics.shift as { applied: string[]; after?: unknown };
    // Crops are short by design: the weights' classifier leaves length alone (align.designedShifts: keep).
    expect(shift.applied).toHaveLength(2);
    expect(shift.applied[0]).toBe('length: shifted by design (crop), not corrected');
    expect(shift.applied[1]).toMatch(/^weights\(p\/\(1-p\) clipped to \[0\.2, 5\], classifier AUC/);
    expect(shift.after).toBeDefined();
    const lines = (await readFile(join(result.runDir, 'stages', 'augment', 'sequence-samples.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { copies: number; weight: number });
    expect(lines.every((line) => line.copies === 1 && line.weight > 0)).toBe(true);
    expect(lines.reduce((total, line) => total + line.weight, 0) / lines.length).toBeCloseTo(1, 6);
    expect(new Set(lines.map((line) => line.weight.toFixed(6))).size).toBeGreaterThan(1);
    // The same sequences, weighted: the training loss differs from the augmented variant's from the first epoch.
    const [, augmented, aligned] = result.metrics.variants;
    expect(aligned.syntheticSamples).toBe(augmented.syntheticSamples);
    expect(aligned.curves?.[0].loss).not.toBe(augmented.curves?.[0].loss);
  });

  it('requests synthetic sequences by slice with align.budget (targeted generation) and records requested and produced per slice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const config = tinyConfig(dir, 'pop', { seeds: [1] }, {
      augment: { steps: [{ augmenter: 'reorder', mode: 'samples' }, { augmenter: 'prefix' }], ablation: false },
      align: { budget: { enabled: true, sliceField: 'activity', total: 300 } },
    });
    const result = await runPipeline(config);
    const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8')) as { stages: { name: string; summary?: Record<string, unknown> }[] };
    const summary = run.stages.find((stage) => stage.name === 'augment')?.summary as { perStep: Record<string, number>; budget: { sliceField: string; perStep: Record<string, Record<string, { sequences: number; interactions: number; requested: number; produced: number }> | string> } };
    expect(summary.budget.sliceField).toBe('activity');
    const reorder = summary.budget.perStep['0:reorder'] as Record<string, { requested: number; produced: number }>;
    expect(Object.values(reorder).reduce((total, slice) => total + slice.requested, 0)).toBe(300);
    expect(Object.values(reorder).reduce((total, slice) => total + slice.produced, 0)).toBe(summary.perStep['0:reorder']);
    expect(summary.budget.perStep['1:prefix']).toBe('not applied: expansions yield a fixed set');
    // metrics.json carries it as rows, and report.html shows them.
    const rows = result.metrics.budget?.rows ?? [];
    expect(result.metrics.budget?.sliceField).toBe('activity');
    expect(rows.map((row) => row.step)).toEqual(Object.keys(reorder).map(() => '0:reorder'));
    expect(rows.reduce((total, row) => total + row.requested, 0)).toBe(300);
    await buildReport(result.runDir);
    const html = await readFile(join(result.runDir, 'report.html'), 'utf8');
    expect(html).toContain('id="budget-table"');
    expect(html).toContain(`data-metric="budget.rows[0].requested" data-value="${rows[0].requested}"`);
    expect(() => tinyConfig(dir, 'pop', {}, { align: { budget: { enabled: true } } })).toThrow(/align\.budget\.sliceField.*"label" is not a slice of training sequences/);
  });

  it('does not retrain an aligned variant that alignment left unchanged; it reports the augmented results for it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    // Nothing can be flagged (thresholds at their maximum), so resampling on the flagged fields changes nothing.
    const config = tinyConfig(dir, 'sasrec', { seeds: [1, 2] }, { align: { resample: { enabled: true }, thresholds: { ksStatistic: 1, jsd: 1, wassersteinNormalized: 100, c2stAuc: 1 } } });
    const events: PipelineEvent[] = [];
    const result = await runPipeline(config, { listener: (event) => events.push(event) });
    const [, augmented, aligned] = result.metrics.variants;
    expect(aligned.name).toBe('aligned');
    expect(aligned.metrics.test['ndcg@10'].values).toEqual(augmented.metrics.test['ndcg@10'].values);
    const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8')) as { stages: { name: string; summary?: Record<string, unknown> }[] };
    expect(run.stages.find((stage) => stage.name === 'train')?.summary?.alignedReused).toMatch(/not retrained/);
    // Two variants x two seeds trained, not three x two.
    const trainedEvents = events.filter((event) => event.type === 'progress' && event.stage === 'train');
    expect(trainedEvents.at(-1)).toMatchObject({ done: 4, total: 4 });
  });

  it('refuses importance weights in the config for a model that takes no sample weights', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    expect(() => tinyConfig(dir, 'pop', { seeds: [1] }, { align: { importanceWeights: { enabled: true } } })).toThrow(/align\.importanceWeights\.enabled.*train\.model pop takes no sample weights/);
  });

  it('trains SASRec with item attributes read from the catalog (train.itemAttributes)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const result = await runPipeline(tinyConfig(dir, 'sasrec', { itemAttributes: true, seeds: [1] }));
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['baseline', 'augmented']);
    expect(result.metrics.variants[0].metrics.test['ndcg@10'].values[0]).toBeGreaterThan(0);
    expect(result.metrics.variants[0].slices?.['long-tail']).toBeDefined();
    const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8')) as { stages: { name: string; summary?: { itemAttributes?: { attributes: number; itemsWithAttributes: number; items: number } } }[] };
    const attributes = run.stages.find((stage) => stage.name === 'train')?.summary?.itemAttributes;
    expect(attributes?.attributes).toBeGreaterThan(5);
    expect(attributes?.itemsWithAttributes).toBe(attributes?.items);
  });

  it('trains SASRec with fused item features (text through the LLM layer\'s embedding endpoint, TF-IDF, attributes, behaviour) and records the blocks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const replay = await startReplayServer();
    try {
      const config = tinyConfig(
        dir,
        'sasrec',
        { seeds: [1], itemFeatures: { blocks: [{ block: 'tfidf', dim: 16 }, { block: 'embedding', batchSize: 16 }, { block: 'attributes' }, { block: 'behaviour' }], fusion: 'learned' } },
        { llm: { provider: { type: 'openai-compatible', baseUrl: replay.baseUrl, model: 'chat', embeddingModel: 'text-embedding-3-small' }, cache: { enabled: false } } },
      );
      const result = await runPipeline(config);
      expect(result.metrics.variants[0].metrics.test['ndcg@10'].values[0]).toBeGreaterThan(0);
      const recorded = result.metrics.itemFeatures as { fusion: string; dim: number; items: number; blocks: { name: string; dim: number; info: Record<string, unknown> }[]; learnedWeights: Record<string, Record<string, number>> };
      expect(recorded.fusion).toBe('learned');
      expect(recorded.blocks.map((block) => block.name)).toEqual(['tfidf', 'embedding', 'attributes', 'behaviour']);
      // The replay server's embeddings are 4 wide; the behaviour block has 3 columns.
      expect(recorded.blocks[1]).toMatchObject({ dim: 4, info: { provider: 'openai-compatible', model: 'text-embedding-3-small', emptyRows: 0 } });
      expect(recorded.dim).toBe(recorded.blocks.reduce((sum, block) => sum + block.dim, 0));
      expect(Object.keys(recorded.learnedWeights)).toEqual(['baseline', 'augmented']);
      expect(Object.values(recorded.learnedWeights.baseline).reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(4, 5);
      expect(replay.requests.filter((request) => request.path.endsWith('/embeddings')).length).toBe(Math.ceil(recorded.items / 16));
      const file = JSON.parse(await readFile(join(result.runDir, 'stages', 'train', 'item-features.json'), 'utf8'));
      expect(file).toEqual(recorded);
      const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8')) as { stages: { name: string; summary?: { itemFeatures?: unknown } }[] };
      expect(run.stages.find((stage) => stage.name === 'train')?.summary?.itemFeatures).toEqual(recorded);
    } finally {
      await replay.close();
    }
  });

  it('synthesizes item tables as a side stage: rows in samples.parquet, quality in metrics.json, and a changed tables section reruns only that stage', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const tables = [
      { table: 'items', synthesizer: 'copula', conditionOn: 'category.1', minStratumRows: 5 },
      { table: 'items', synthesizer: 'smote', conditionOn: 'category.1' },
    ];
    const config = tinyConfig(dir, 'pop', {}, { tables });
    const result = await runPipeline(config);
    const run = JSON.parse(await readFile(join(result.runDir, 'run.json'), 'utf8')) as { stages: { name: string; fingerprint: string }[] };
    expect(run.stages.map((stage) => stage.name)).toEqual(['ingest', 'clean', 'label', 'split', 'tables', 'augment', 'train']);
    const quality = result.metrics.tableQuality ?? {};
    expect(Object.keys(quality)).toEqual(['items/copula', 'items/smote']);
    expect(JSON.parse(await readFile(join(result.runDir, 'stages', 'tables', 'table-quality.json'), 'utf8'))).toEqual(quality);
    expect(quality['items/copula']).toMatchObject({ source: 'items', realRows: 50, syntheticRows: 50, copies: 0 });
    expect(quality['items/copula'].columns.map((column) => column.name)).toContain('attributes.brand');
    expect(result.metrics.counts?.tables).toEqual({
      'items/copula:rows': 50,
      'items/copula:refused copies': quality['items/copula'].refusedCopies,
      'items/smote:rows': quality['items/smote'].syntheticRows,
      'items/smote:refused copies': quality['items/smote'].refusedCopies,
    });
    // The run's samples: the augment stage's sequences, then the synthetic item rows.
    const kinds = await withDatabase(':memory:', (db) => db.all<{ kind: string; augmenter: string; n: number }>(
      'SELECT kind, augmenter, count(*)::INTEGER AS n FROM read_parquet($path) GROUP BY ALL ORDER BY kind, augmenter', { path: join(result.runDir, 'samples.parquet') }));
    expect(kinds.filter((row) => row.kind === 'table-row')).toEqual([
      { kind: 'table-row', augmenter: 'generative/gaussian-copula', n: 50 },
      { kind: 'table-row', augmenter: 'generative/smote', n: quality['items/smote'].syntheticRows },
    ]);
    expect(kinds.some((row) => row.kind === 'sequence' && row.n > 0)).toBe(true);

    const events: string[] = [];
    const changed = parseConfig(configSchema, { ...config, tables: [{ ...tables[0], rows: 20 }, tables[1]] });
    const again = await runPipeline(changed, { resume: true, listener: (event) => (event.type === 'stage-start' || event.type === 'stage-skip') && events.push(`${event.type}:${event.stage}`) });
    expect(events).toEqual(['stage-skip:ingest', 'stage-skip:clean', 'stage-skip:label', 'stage-skip:split', 'stage-start:tables', 'stage-skip:augment', 'stage-skip:train']);
    expect(again.metrics.tableQuality?.['items/copula'].syntheticRows).toBe(20);
    expect(again.metrics.variants).toEqual(result.metrics.variants);
  });

  it('refuses to overwrite a run, and with --resume reruns nothing that completed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-pipeline-'));
    const config = tinyConfig(dir, 'pop');
    const progress: PipelineEvent[] = [];
    const first = await runPipeline(config, { listener: (event) => event.type === 'progress' && event.stage === 'ingest' && progress.push(event) });
    // Each ingested file ends with its exact row count.
    expect(progress).toContainEqual({ type: 'progress', stage: 'ingest', done: 2000, total: 2000, unit: 'rows of interactions.csv into interactions' });
    await expect(runPipeline(config)).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_RUN_EXISTS'));
    const events: string[] = [];
    const again = await runPipeline(config, { resume: true, listener: (event) => events.push(event.type) });
    expect(events.filter((type) => type === 'stage-skip')).toHaveLength(6);
    expect(again.metrics.variants).toEqual(first.metrics.variants);
  });
});
