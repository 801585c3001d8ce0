/**
 * `runPipeline`: the whole job as a straight script — config -> data stages -> augment -> train and
 * evaluate -> run directory — in a run directory that is written atomically, never silently
 * overwritten, and resumable after a crash.
 */
import { copyFile, readFile, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { SampleForgeConfig } from '../config/schema.js';
import type { Warning } from '../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../internal/atomic-write.js';
import { sha256 } from '../internal/fingerprint.js';
import { withDatabase } from '../internal/duckdb.js';
import type { BudgetRow, Comparison, RunMetrics, TableQualityMetrics, VariantResult } from '../types.js';
import { cleanStage, ingestStage, labelStage, splitStage, type IngestOutcome } from './data-stages.js';
import type { PipelineListener } from './events.js';
import { recommendationAugmentStage } from './recommendation/augment-stage.js';
import { intentAugmentStage } from './intent/augment-stage.js';
import { intentTrainStage } from './intent/train-stage.js';
import { recommendationTrainStage } from './recommendation/train-stage.js';
import { alignmentVerdicts, type AlignmentVerdict } from '../eval/stats/alignment-verdict.js';
import { SHIFT_FILE, TABLE_QUALITY_FILE, VARIANTS_FILE } from './run-files.js';
import { openRunDirectory } from './run-directory.js';
import type { RunInfo } from './run-llm.js';
import { runStages, type Stage } from './run-stages.js';
import type { ShardExecutor } from './shard-tasks.js';
import { tablesStage } from './tables/tables-stage.js';
import { collectVersions } from './versions.js';

export interface RunPipelineOptions {
  /** Replace an existing run directory. */
  force?: boolean;
  /** Continue an existing run after its last completed stage. */
  resume?: boolean;
  listener?: PipelineListener;
  signal?: AbortSignal;
  /** Runs augmentation shards; in-process when absent (a BullMQ executor when `queue.redis` is set, chosen by the caller). */
  executor?: ShardExecutor;
}

export interface RunResult {
  runDir: string;
  runId: string;
  status: 'completed';
  metrics: RunMetrics;
  warnings: Warning[];
  stages: Record<string, Record<string, unknown>>;
}

/** The stages of a task, in order; `run` (the run id and directory) is needed by stages that call an LLM. */
export function planStages(config: SampleForgeConfig, outcome: IngestOutcome, executor?: ShardExecutor, run?: RunInfo): Stage[] {
  const data = [ingestStage(config, outcome), cleanStage(config), labelStage(config), splitStage(config), ...(config.tables.length > 0 ? [tablesStage(config)] : [])];
  if (config.task === 'recommendation') return [...data, recommendationAugmentStage(config, executor), recommendationTrainStage(config)];
  return [...data, intentAugmentStage(config, { run, executor }), intentTrainStage(config)];
}

function primaryMetric(config: SampleForgeConfig): string {
  return config.task === 'recommendation' ? 'ndcg@10' : 'accuracy';
}

/** `alignment` verdicts when the run trained aligned variants (validation decides, never test). */
function alignmentOf(variants: readonly VariantResult[], metric: string): { alignment?: AlignmentVerdict[] } {
  const alignment = alignmentVerdicts(variants, metric);
  return alignment.length === 0 ? {} : { alignment };
}

async function readVariants(runDir: string): Promise<{ variants: VariantResult[]; comparisons: Comparison[] }> {
  const path = join(runDir, 'stages', 'train', VARIANTS_FILE);
  if (!existsSync(path)) return { variants: [], comparisons: [] };
  return JSON.parse(await readFile(path, 'utf8')) as { variants: VariantResult[]; comparisons: Comparison[] };
}

async function readTableQuality(runDir: string): Promise<Record<string, TableQualityMetrics> | undefined> {
  const path = join(runDir, 'stages', 'tables', TABLE_QUALITY_FILE);
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, TableQualityMetrics>) : undefined;
}

/** The run's samples.parquet: the augment stage's samples, then those of the tables stage (when planned), written atomically. */
async function writeRunSamples(runDir: string, withTables: boolean): Promise<void> {
  const files = (withTables ? ['augment', 'tables'] : ['augment']).map((stage) => join(runDir, 'stages', stage, 'samples.parquet')).filter((file) => existsSync(file));
  if (files.length === 0) return;
  const temporary = join(runDir, '.samples.parquet.partial');
  if (files.length === 1) {
    await copyFile(files[0], temporary);
  } else {
    await withDatabase(':memory:', (db) => db.run(`COPY (SELECT * FROM read_parquet($first) UNION ALL SELECT * FROM read_parquet($second)) TO $path (FORMAT parquet, COMPRESSION zstd)`, { first: files[0], second: files[1], path: temporary }));
  }
  await rename(temporary, join(runDir, 'samples.parquet'));
}

async function readShift(runDir: string): Promise<Record<string, unknown> | undefined> {
  const path = join(runDir, 'stages', 'augment', SHIFT_FILE);
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>) : undefined;
}

function countsFrom(stages: Record<string, Record<string, unknown>>): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  const rules = (stages.clean?.rules ?? []) as { rule: string; table: string; dropped: number }[];
  counts.clean = Object.fromEntries(rules.map((rule) => [`${rule.table}:${rule.rule}`, rule.dropped]));
  const files = (stages.ingest?.files ?? []) as { file: string; rowsLoaded: number; rejected: number }[];
  counts.ingest = Object.fromEntries(files.flatMap((file) => [[`${file.file}:loaded`, file.rowsLoaded], [`${file.file}:rejected`, file.rejected]]));
  const split = (stages.split?.counts ?? {}) as Record<string, number>;
  counts.split = { ...split };
  const augment = (stages.augment?.perStep ?? {}) as Record<string, number>;
  counts.augment = { ...augment };
  const dropped = (stages.augment?.dropped ?? {}) as Record<string, number>;
  if (Object.keys(dropped).length > 0) counts.filter = { ...dropped };
  const tables = (stages.tables?.entries ?? {}) as Record<string, { syntheticRows: number; refusedCopies: number }>;
  if (Object.keys(tables).length > 0) {
    counts.tables = Object.fromEntries(Object.entries(tables).flatMap(([name, entry]) => [[`${name}:rows`, entry.syntheticRows], [`${name}:refused copies`, entry.refusedCopies]]));
  }
  return counts;
}

/** `budget` from the augment stage summary of either task, as rows (intent rows summed over seeds). */
function budgetOf(stages: Record<string, Record<string, unknown>>): Pick<RunMetrics, 'budget'> {
  const budget = stages.augment?.budget;
  if (budget === undefined) return {};
  if (Array.isArray(budget)) {
    const rows = new Map<string, BudgetRow>();
    for (const entry of budget as { size: string; step: number; augmenter: string; labels: Record<string, { real: number; requested: number; produced: number; kept: number }> }[]) {
      for (const [label, counts] of Object.entries(entry.labels)) {
        const key = JSON.stringify([entry.size, entry.step, label]);
        const row = rows.get(key) ?? { step: `${entry.step}:${entry.augmenter}`, size: entry.size, slice: label, real: 0, requested: 0, produced: 0, kept: 0 };
        row.real += counts.real;
        row.requested += counts.requested;
        row.produced += counts.produced;
        row.kept = (row.kept ?? 0) + counts.kept;
        rows.set(key, row);
      }
    }
    return { budget: { sliceField: 'label', rows: [...rows.values()] } };
  }
  const { sliceField, perStep } = budget as { sliceField: string; perStep: Record<string, Record<string, { interactions: number; requested: number; produced: number }> | string> };
  const rows = Object.entries(perStep).flatMap(([step, slices]) =>
    typeof slices === 'string' ? [] : Object.entries(slices).map(([slice, counts]) => ({ step, slice, real: counts.interactions, requested: counts.requested, produced: counts.produced })),
  );
  return { budget: { sliceField, rows } };
}

/** `cost` from the LLM usage an augment stage reported (the whole run's, over its attempts). */
function llmCost(stages: Record<string, Record<string, unknown>>): Pick<RunMetrics, 'cost'> {
  const usage = stages.augment?.llm as { requests: number; cacheHits: number; tokensIn: number; tokensOut: number; costUsd: number } | undefined;
  if (usage === undefined) return {};
  return { cost: { requests: usage.requests, cacheHits: usage.cacheHits, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, usd: usage.costUsd } };
}

/** Runs the configured job; returns the metrics written to `metrics.json`. */
export async function runPipeline(config: SampleForgeConfig, options: RunPipelineOptions = {}): Promise<RunResult> {
  const runDir = resolve(config.output.dir, config.name);
  const directory = await openRunDirectory(runDir, { name: config.name, configHash: sha256(config), versions: collectVersions() }, { force: options.force, resume: options.resume });
  await writeFileAtomic(join(runDir, 'config.yaml'), stringify(config));
  const outcome: IngestOutcome = { inputs: directory.record.inputs };
  try {
    const run: RunInfo = { runId: directory.record.runId, runDir };
    const stages = await runStages(directory, planStages(config, outcome, options.executor, run), { listener: options.listener, signal: options.signal });
    directory.setInputs(outcome.inputs);
    await writeJsonAtomic(join(runDir, 'inputs.json'), outcome.inputs);
    const { variants, comparisons } = await readVariants(runDir);
    const augmentSeconds = directory.record.stages.find((stage) => stage.name === 'augment')?.seconds;
    const samples = Number(stages.augment?.samples ?? 0);
    // A resumed run whose config dropped `tables` may still hold that stage's folder: ignore it.
    const withTables = config.tables.length > 0;
    const tableQuality = withTables ? await readTableQuality(runDir) : undefined;
    const metrics: RunMetrics = {
      runId: directory.record.runId,
      task: config.task,
      primaryMetric: primaryMetric(config),
      variants,
      comparisons,
      counts: countsFrom(stages),
      shift: await readShift(runDir),
      throughput: augmentSeconds && samples > 0 ? { augmentSamplesPerSecond: Math.round(samples / augmentSeconds) } : {},
      ...(stages.train?.itemFeatures === undefined ? {} : { itemFeatures: stages.train.itemFeatures as Record<string, unknown> }),
      ...llmCost(stages),
      ...budgetOf(stages),
      ...(tableQuality === undefined ? {} : { tableQuality }),
      ...alignmentOf(variants, primaryMetric(config)),
    };
    await writeJsonAtomic(join(runDir, 'metrics.json'), metrics);
    await writeRunSamples(runDir, withTables);
    await writeJsonAtomic(join(runDir, 'warnings.json'), directory.record.warnings);
    await directory.finish('completed');
    return { runDir, runId: directory.record.runId, status: 'completed', metrics, warnings: directory.record.warnings, stages };
  } catch (error) {
    await writeJsonAtomic(join(runDir, 'warnings.json'), directory.record.warnings).catch(() => {});
    await directory.finish('failed');
    throw error;
  }
}
