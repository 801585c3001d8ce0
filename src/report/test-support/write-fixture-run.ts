/** Writes a fake run directory (metrics.json, run.json, samples.parquet) in the pipeline's format, for tests and benches. */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { TABLE_QUALITY_FILE } from '../../pipeline/run-files.js';
import { tablesStage } from '../../pipeline/tables/tables-stage.js';
import { writeUsersFixture } from '../../pipeline/tables/test-support/write-users-fixture.js';
import type { RunMetrics, TableQualityMetrics, VariantResult } from '../../types.js';
import { writeJsonAtomic, produceFileAtomic } from '../../internal/atomic-write.js';
import { withDatabase } from '../../internal/duckdb.js';
import { createRng, type Rng } from '../../internal/rng.js';
import { measureShift, type ShiftReport } from '../../quality/shift/measure-shift.js';
import { stratifiedResample } from '../../quality/align/stratified-resample.js';
import { createPlantedShift, PLANTED_FIELDS } from '../../quality/shift/test-support/planted-shift.js';

/** Options of {@link writeFixtureRun}. */
export interface FixtureRunOptions {
  /** Rows of samples.parquet. Default 500. */
  samples?: number;
  seed?: number;
  /** Run id and name. Default `fixture-run`. */
  runId?: string;
  /** Added to every augmented metric, to make two fixture runs differ. Default 0. */
  liftOffset?: number;
  /**
   * A CSV with `text,category` columns (e.g. Banking77's train.csv, read in place): originals,
   * samples and labels are drawn from its rows, so sizes reflect real text. Default: a fixed vocabulary.
   */
  textsCsv?: string;
  /** Also run the tables stage on planted users (a stratified copula and SMOTE) into `metrics.tableQuality`. Default false. */
  tables?: boolean;
}

const AUGMENTERS = ['text/eda-swap', 'text/synonym', 'text/back-translate', 'llm/paraphrase'];
const SEEDS = [1, 2, 3];

/** Writes the three files of a fixture run into `runDir` and returns its metrics. */
export async function writeFixtureRun(runDir: string, options: FixtureRunOptions = {}): Promise<RunMetrics> {
  const seed = options.seed ?? 7;
  const runId = options.runId ?? 'fixture-run';
  const rng = createRng(seed);
  const metrics = fixtureMetrics(runId, rng.fork('metrics'), options.liftOffset ?? 0);
  if (options.tables) metrics.tableQuality = await fixtureTableQuality();
  await writeJsonAtomic(join(runDir, 'metrics.json'), metrics);
  await writeJsonAtomic(join(runDir, 'run.json'), {
    runId,
    name: `${runId} (fixture)`,
    status: 'succeeded',
    startedAt: '2026-01-05T10:00:00.000Z',
    finishedAt: '2026-01-05T10:42:13.000Z',
    versions: { sampleforge: '0.1.0', node: 'v20', duckdb: '1.5' },
    stages: ['ingest', 'clean', 'split', 'augment', 'filter', 'align', 'train', 'evaluate'].map((name, index) => ({ name, status: 'succeeded', seconds: Math.round((3 + index * 7.5) * 10) / 10 })),
    warnings: [{ code: 'W_EMPTY_STRATUM', message: 'no synthetic samples in stratum "nail polish"' }],
  });
  await writeFixtureSamples(join(runDir, 'samples.parquet'), options.samples ?? 500, seed, options.textsCsv);
  return metrics;
}

/** `metrics.tableQuality` of the real tables stage run on planted users: a copula by occupation and SMOTE on occupation. */
async function fixtureTableQuality(): Promise<Record<string, TableQualityMetrics>> {
  const folder = await mkdtemp(join(tmpdir(), 'sf-fixture-tables-'));
  try {
    await writeUsersFixture(folder);
    const config = parseConfig(configSchema, {
      name: 'fixture-tables',
      task: 'recommendation',
      seed: 7,
      data: { synthetic: {} },
      tables: [
        { table: 'users', synthesizer: 'copula', conditionOn: 'occupation', minStratumRows: 10 },
        { table: 'users', synthesizer: 'smote', conditionOn: 'occupation' },
      ],
    });
    const output = join(folder, 'out');
    await mkdir(output);
    await tablesStage(config).run({ output, checkpoints: output, inputOf: () => folder, progress: () => {} });
    return JSON.parse(await readFile(join(output, TABLE_QUALITY_FILE), 'utf8')) as Record<string, TableQualityMetrics>;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function summary(values: number[]): { mean: number; std: number; values: number[] } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = values.length < 2 ? 0 : Math.sqrt(values.reduce((total, value) => total + (value - mean) ** 2, 0) / (values.length - 1));
  return { mean, std, values };
}

let cachedShift: { before: ShiftReport; after: ShiftReport } | undefined;

/** Shift before and after alignment on the planted case; the same for every fixture run, so computed once per process. */
function fixtureShift(): { before: ShiftReport; after: ShiftReport } {
  if (cachedShift) return cachedShift;
  const { real, synthetic } = createPlantedShift(3, 400, 800);
  const classifier = { steps: 150 };
  const before = measureShift(real, synthetic, { seed: 1, fields: PLANTED_FIELDS, slices: ['label'], minSliceSize: 20, classifier });
  const fields = before.fields.filter((field) => field.flagged).map((field) => ({ name: field.field, kind: field.kind }));
  const aligned = stratifiedResample(synthetic, { fields, real, rng: createRng(2), size: real.length });
  const after = measureShift(real, aligned.samples, { seed: 1, fields: PLANTED_FIELDS, slices: ['label'], minSliceSize: 20, classifier });
  cachedShift = { before, after };
  return cachedShift;
}

function fixtureMetrics(runId: string, rng: Rng, liftOffset: number): RunMetrics {
  const variant = (name: string, augmenters: string[], gain: number): VariantResult => {
    const noise = rng.fork(name);
    const score = (base: number): number[] => SEEDS.map(() => Math.round((base + gain + 0.004 * noise.normal()) * 1e4) / 1e4);
    return {
      name,
      augmenters,
      seeds: SEEDS,
      metrics: { test: { accuracy: summary(score(0.8)), 'macro-f1': summary(score(0.77)) }, valid: { accuracy: summary(score(0.81)) } },
      slices: { 'tail-classes': { accuracy: summary(score(0.62 + gain)) }, 'head-classes': { accuracy: summary(score(0.88)) }, 'short-queries': { accuracy: summary(score(0.74)) } },
      curves: SEEDS.flatMap((seed) => Array.from({ length: 8 }, (_, epoch) => ({ seed, epoch: epoch + 1, loss: Math.round((1.6 * Math.exp(-0.35 * epoch) + 0.2 + 0.02 * noise.normal()) * 1e4) / 1e4, valid: Math.round((0.5 + 0.3 * (1 - Math.exp(-0.5 * epoch)) + gain) * 1e4) / 1e4 }))),
      trainSamples: augmenters.length === 0 ? 8000 : 8000 + 6000 * augmenters.length,
      syntheticSamples: 6000 * augmenters.length,
      trainSeconds: Math.round((40 + 12 * augmenters.length) * 10) / 10,
    };
  };
  const variants = [
    variant('baseline', [], 0),
    ...AUGMENTERS.map((name, index) => variant(`only ${name}`, [name], 0.004 * (index + 1) + liftOffset)),
    variant('augmented', [...AUGMENTERS], 0.021 + liftOffset),
  ];
  const baseline = variants[0];
  const comparisons = variants.slice(1).map((current, index) => {
    const baselineMean = baseline.metrics.test.accuracy.mean;
    const variantMean = current.metrics.test.accuracy.mean;
    return { baseline: 'baseline', variant: current.name, metric: 'accuracy', split: 'test', baselineMean, variantMean, lift: variantMean - baselineMean, relativeLift: (variantMean - baselineMean) / baselineMean, test: 'paired t', pValue: [0.21, 0.09, 0.04, 0.012, 0.0031][index] };
  });
  const { before, after } = fixtureShift();
  return {
    runId,
    task: 'intent',
    primaryMetric: 'accuracy',
    variants,
    comparisons,
    counts: {
      augment: Object.fromEntries(AUGMENTERS.map((name, index) => [name, 6000 + 10 * index])),
      filter: { 'near-duplicate': 412, 'label-consistency': 1290, kept: 22368 },
      leakage: { 'derived-from-held-out': 3, 'parent-not-in-training': 0, 'exact-duplicate': 11, 'near-duplicate': 27 },
    },
    shift: { before, after },
    cost: { requests: 6000, cacheHits: 1450, tokensIn: 412_000, tokensOut: 198_500, usd: 0.8125 },
    throughput: { augment: 812.5, filter: 10450, train: 2310.2, evaluate: 15020 },
  };
}

/**
 * Writes `count` sample rows; texts come from a fixed vocabulary (or the rows of `textsCsv`) through
 * DuckDB's hash, so they are the same on every run.
 */
export async function writeFixtureSamples(path: string, count: number, seed: number, textsCsv?: string): Promise<void> {
  const corpus = textsCsv === undefined ? '' : `, (SELECT list(text ORDER BY text, category) FROM read_csv($csv, header = true, columns = {'text': 'VARCHAR', 'category': 'VARCHAR'})) AS corpus,
        (SELECT list(category ORDER BY text, category) FROM read_csv($csv, header = true, columns = {'text': 'VARCHAR', 'category': 'VARCHAR'})) AS categories`;
  const sql = `
    WITH base AS (
      SELECT i, i // 4 AS p, ['refund', 'order', 'shipping', 'late', 'parcel', 'card', 'payment', 'declined', 'address', 'change', 'cancel',
        'lipstick', 'serum', 'shade', 'size', 'return', 'exchange', 'voucher', 'discount', 'account', 'password', 'login', 'delivery',
        'tracking', 'number', 'wrong', 'item', 'missing', 'broken', 'colour', 'invoice', 'tax', 'fee', 'transfer', 'balance', 'top', 'up',
        'atm', 'cash', 'pin', 'blocked', 'stolen', 'lost', 'phone', 'app', 'verify', 'identity', 'limit', 'currency', 'exchange rate',
        'my', 'the', 'is', 'where', 'why', 'how', 'can', 'i', 'please', 'help', 'still', 'not', 'arrived', 'yet', 'again'] AS words
        ${corpus}
      FROM range($count) t(i)
    ), texts AS (
      SELECT *,
        ${textsCsv === undefined ? `array_to_string(list_transform(range((3 + hash(p, $seed) % 9)::BIGINT), k -> words[(1 + hash(p, k, $seed) % len(words))::BIGINT]), ' ')` : 'corpus[(1 + hash(p, $seed) % len(corpus))::BIGINT]'} AS original,
        ${textsCsv === undefined ? `array_to_string(list_transform(range((3 + hash(i, $seed) % 9)::BIGINT), k -> words[(1 + hash(i, k, $seed, 1) % len(words))::BIGINT]), ' ')` : 'corpus[(1 + hash(i, $seed, 1) % len(corpus))::BIGINT]'} AS sample,
        ${textsCsv === undefined ? `['card_arrival', 'lost_or_stolen_card', 'refund_not_showing_up', 'exchange_rate', 'pin_blocked', 'top_up_failed', 'wrong_amount', 'cancel_transfer'][(1 + hash(p, $seed) % 8)::BIGINT]` : 'categories[(1 + hash(p, $seed) % len(corpus))::BIGINT]'} AS label,
        ['text/eda-swap', 'text/synonym', 'text/back-translate', 'llm/paraphrase'][1 + i % 4] AS augmenter,
        (hash(i, $seed, 2) % 100)::BIGINT AS roll
      FROM base
    )
    SELECT
      'syn-' || lpad(i::VARCHAR, 7, '0') AS id,
      'text' AS kind,
      augmenter,
      CASE WHEN i % 10 = 9 THEN ['train-' || p, 'train-' || (p + 1)] ELSE ['train-' || p] END AS parent_ids,
      original,
      sample,
      label,
      CASE augmenter WHEN 'text/eda-swap' THEN '{"rate":0.1,"n":4}' WHEN 'text/synonym' THEN '{"rate":0.2}' WHEN 'text/back-translate' THEN '{"pivot":"de"}' ELSE '{"temperature":0.7}' END AS params,
      $seed::BIGINT AS seed,
      CASE WHEN augmenter = 'llm/paraphrase'
        THEN '{"provider":"llama.cpp","model":"qwen2.5-0.5b-instruct-q4","promptId":"paraphrase","promptVersion":"3","promptHash":"9f2c1ab0","tokensIn":' || (40 + hash(i) % 8) || ',"tokensOut":' || (12 + hash(i, 3) % 10) || ',"cacheHit":' || (CASE WHEN roll < 25 THEN 'true' ELSE 'false' END) || '}'
        ELSE NULL END AS llm,
      roll >= 18 AS kept,
      CASE
        WHEN roll < 6 THEN '[{"filter":"near-duplicate","kept":false,"reason":"jaccard 0.91 >= 0.85 with train-' || p || '","score":0.91}]'
        WHEN roll < 18 THEN '[{"filter":"near-duplicate","kept":true,"score":0.4},{"filter":"label-consistency","kept":false,"reason":"classifier predicts a different intent","score":0.' || (10 + roll) || '}]'
        ELSE '[{"filter":"near-duplicate","kept":true,"score":0.4},{"filter":"label-consistency","kept":true,"score":0.9}]'
      END AS verdicts
    FROM texts ORDER BY i`;
  await produceFileAtomic(path, (temporary) =>
    withDatabase(':memory:', async (db) => {
      await db.run(`COPY (${sql}) TO '${temporary.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`, textsCsv === undefined ? { count, seed } : { count, seed, csv: textsCsv });
    }),
  );
}
