/**
 * The `tables` stage (issue 8): for each entry of the `tables` config, fit its synthesizer on the
 * users or items table of the split stage with a seed forked from the run's, sample synthetic rows
 * (copies of real rows refused), write them as Parquet with lineage in samples.parquet, and score
 * them against the real rows (column shapes, pair trends, detection AUC, distance to the closest
 * record) into `table-quality.json`, which becomes `metrics.tableQuality`.
 *
 * A side branch of the run: it reads the split stage's tables and nothing reads its outputs but the
 * run's metrics, samples and report, so it neither takes nor changes the fingerprints of the
 * augment and train stages, and changing `tables` reruns only this stage on `--resume`.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GAUSSIAN_COPULA_NAME } from '../../augment/generative/gaussian-copula.js';
import { SMOTE_NAME } from '../../augment/generative/smote.js';
import { synthesizeTable } from '../../augment/generative/synthesize-table.js';
import { TABULAR_GAN_NAME } from '../../augment/generative/tabular-gan.js';
import { TABULAR_VAE_NAME } from '../../augment/generative/tabular-vae.js';
import type { TabularColumn, TabularRow } from '../../augment/generative/tabular.js';
import type { SampleForgeConfig } from '../../config/schema.js';
import { tableEntryName, type TableSynthesisConfig } from '../../config/tables.js';
import { readFeatureTable } from '../../data/feature-table.js';
import type { Warning } from '../../errors.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import { quoteIdent, withDatabase, type Database } from '../../internal/duckdb.js';
import { createRng, type Rng } from '../../internal/rng.js';
import { countCopies } from '../../quality/table/privacy.js';
import { evaluateTableQuality, meetsTableQualityBars, TABLE_QUALITY_BARS } from '../../quality/table/table-quality.js';
import type { Augmented, TableQualityMetrics } from '../../types.js';
import { TABLE_QUALITY_FILE } from '../run-files.js';
import type { Stage } from '../run-stages.js';
import { loadStageTables } from '../stage-tables.js';
import { toSampleRows, writeSamples, type SampleRow } from '../write-samples.js';
import { checkGeneralize, entryFileName, entrySynthesizer, resolveColumns, resolveConditions, resolveSourceTable, SYNTHESIS_ID_COLUMNS } from './resolve-table-entry.js';

const AUGMENTERS = Object.freeze({ copula: GAUSSIAN_COPULA_NAME, vae: TABULAR_VAE_NAME, gan: TABULAR_GAN_NAME, smote: SMOTE_NAME });

/** At most `limit` rows, a seeded choice in table order when there are more. */
function capRows<T>(rows: readonly T[], limit: number, rng: Rng): T[] {
  if (rows.length <= limit) return [...rows];
  return rng.sample(rows.length, limit).sort((a, b) => a - b).map((index) => rows[index]);
}

function renderRow(columns: readonly TabularColumn[], row: TabularRow): string {
  return columns
    .map((column) => {
      const value = row[column.name];
      return `${column.name}=${typeof value === 'number' && !Number.isInteger(value) ? String(Math.round(value * 1e4) / 1e4) : String(value ?? '')}`;
    })
    .join(', ');
}

/** Writes synthetic rows as a Parquet table: the id column (the sample ids), then the modelled columns typed. */
async function writeSyntheticTable(db: Database, path: string, idColumn: string, columns: readonly TabularColumn[], rows: readonly Augmented<TabularRow>[]): Promise<void> {
  const types = columns.map((column) => (column.kind === 'categorical' ? 'VARCHAR' : column.integer ? 'BIGINT' : 'DOUBLE'));
  await db.run(`CREATE OR REPLACE TABLE synthetic (${[`${quoteIdent(idColumn)} VARCHAR`, ...columns.map((column, index) => `${quoteIdent(column.name)} ${types[index]}`)].join(', ')})`);
  const appender = await db.connection.createAppender('synthetic');
  try {
    for (const row of rows) {
      appender.appendVarchar(row.id);
      columns.forEach((column, index) => {
        const value = row.sample[column.name];
        if (value === null || value === undefined) appender.appendNull();
        else if (types[index] === 'VARCHAR') appender.appendVarchar(String(value));
        else if (types[index] === 'BIGINT') appender.appendBigInt(BigInt(Math.round(Number(value))));
        else appender.appendDouble(Number(value));
      });
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  // The stage folder is temporary until the stage commits, so a plain COPY is already atomic.
  await db.run(`COPY synthetic TO $path (FORMAT parquet, COMPRESSION zstd)`, { path });
  await db.run('DROP TABLE synthetic');
}

interface EntryOutcome {
  metrics?: TableQualityMetrics;
  samples: SampleRow[];
  warnings: Warning[];
}

async function synthesizeEntry(db: Database, config: SampleForgeConfig, entry: TableSynthesisConfig, index: number, present: readonly string[], output: string, signal?: AbortSignal): Promise<EntryOutcome> {
  const name = tableEntryName(entry);
  const source = resolveSourceTable(entry, index, config.split.table, present);
  const idColumn = SYNTHESIS_ID_COLUMNS[entry.table];
  const table = await readFeatureTable(db, source, idColumn, { prefixes: entry.generalize });
  checkGeneralize(entry, index, table);
  const { columns, skipped } = resolveColumns(entry, index, table);
  const withIds = table.rows(columns.map((column) => column.name));
  const strip = (row: TabularRow): TabularRow => Object.fromEntries(columns.map((column) => [column.name, row[column.name] ?? null]));
  const real = withIds.map(strip);
  const conditions = resolveConditions(entry, index, columns, real);
  const matches = (row: TabularRow): boolean => conditions === undefined || Object.entries(conditions).every(([column, value]) => row[column] === value);

  const rng = createRng(config.seed).fork(`tables:${index}:${name}`);
  const seed = rng.seed;
  const requested = entry.synthesizer === 'smote' ? null : (entry.rows ?? real.filter(matches).length);
  const synthesized = synthesizeTable(entry.synthesizer === 'smote' ? withIds : real, entrySynthesizer(entry, idColumn), {
    columns,
    seed,
    count: requested ?? undefined,
    conditions,
    signal,
  });
  const augmenter = AUGMENTERS[entry.synthesizer];
  const rows = synthesized.rows.map((row): Augmented<TabularRow> => ({
    id: `${name}/${row.id}`,
    sample: strip(row.sample),
    lineage: { ...row.lineage, params: { ...row.lineage.params, table: entry.table, source, entry: name } },
  }));
  const warnings = synthesized.warnings.map((warning) => ({ ...warning, message: `tables[${index}] (${name}): ${warning.message}` }));

  const parents = new Map(withIds.map((row) => [String(row[idColumn]), strip(row)]));
  const label = entry.conditionOn === undefined ? undefined : (row: TabularRow) => (row[entry.conditionOn as string] === null ? undefined : String(row[entry.conditionOn as string]));
  const samples = toSampleRows('table-row', rows, (row) => renderRow(columns, row), entry.synthesizer === 'smote' ? parents : new Map(), label);
  const file = entryFileName(entry, index);
  await writeSyntheticTable(db, join(output, file), idColumn, columns, rows);

  if (rows.length === 0) {
    warnings.push({ code: 'W_TABLE_EMPTY', message: `tables[${index}] (${name}): no synthetic rows${entry.synthesizer === 'smote' ? ` (no class of ${entry.conditionOn} is thinner than the target)` : ''}; nothing to score`, details: { entry: name } });
    return { samples, warnings };
  }

  // SMOTE only makes rows of the classes it grew, so it is judged against the real rows of those classes.
  const grown = new Set(rows.map((row) => row.sample[entry.conditionOn ?? ''] ?? null));
  const reference = entry.synthesizer === 'smote' ? real.filter((row) => grown.has(row[entry.conditionOn as string] ?? null)) : real.filter(matches);
  const synthetic = rows.map((row) => row.sample);
  const started = performance.now();
  const scoredReal = capRows(reference, entry.qualityRows, rng.fork('quality-real'));
  const scoredSynthetic = capRows(synthetic, entry.qualityRows, rng.fork('quality-synthetic'));
  const quality = evaluateTableQuality(scoredReal, scoredSynthetic, { columns, seed });
  const resample = rng.fork('bootstrap');
  const bootstrap = evaluateTableQuality(scoredReal, scoredReal.map(() => scoredReal[resample.int(scoredReal.length)]), { columns, seed, skipPrivacy: true });
  const copies = countCopies(real, synthetic, columns);
  const scores = { columnShapes: quality.columnShapes, pairTrends: quality.pairTrends, detectionAuc: quality.detectionAuc, copies };
  const metrics: TableQualityMetrics = {
    table: entry.table,
    synthesizer: entry.synthesizer,
    augmenter,
    seed,
    source,
    file: join('stages', 'tables', file),
    columns: columns.map((column) => ({ name: column.name, kind: column.kind })),
    skippedColumns: skipped,
    ...(entry.conditionOn === undefined ? {} : { conditionOn: entry.conditionOn }),
    ...(entry.conditions === undefined ? {} : { conditions: entry.conditions }),
    ...(entry.generalize === undefined ? {} : { generalize: entry.generalize }),
    realRows: real.length,
    requestedRows: requested,
    syntheticRows: rows.length,
    refusedCopies: synthesized.refusedCopies,
    scoredRows: { real: scoredReal.length, synthetic: scoredSynthetic.length },
    ...scores,
    bootstrap: { columnShapes: bootstrap.columnShapes, pairTrends: bootstrap.pairTrends, detectionAuc: bootstrap.detectionAuc },
    bars: { ...TABLE_QUALITY_BARS },
    passed: meetsTableQualityBars(scores),
    shapes: quality.details.columns,
    pairs: quality.details.pairs,
    detectionFolds: quality.details.detectionFolds,
    privacy: { synthetic: quality.privacy.synthetic, realToReal: quality.privacy.realToReal },
    seconds: { synthesis: synthesized.seconds, quality: (performance.now() - started) / 1000 },
  };
  return { metrics, samples, warnings };
}

/** The stage; planned only when `tables` has entries. */
export function tablesStage(config: SampleForgeConfig): Stage {
  return {
    name: 'tables',
    dependsOn: { tables: config.tables, seed: config.seed, splitTable: config.split.table },
    branch: true,
    run: (context) =>
      withDatabase(':memory:', async (db) => {
        const input = context.inputOf('split');
        const present = (await readdir(input)).filter((file) => file.endsWith('.parquet')).map((file) => file.slice(0, -'.parquet'.length)).sort();
        const needed = [...new Set(config.tables.flatMap((entry) => [entry.table, `${entry.table}_train`]))];
        await loadStageTables(db, input, needed);
        const quality: Record<string, TableQualityMetrics> = {};
        const samples: SampleRow[] = [];
        const warnings: Warning[] = [];
        for (const [index, entry] of config.tables.entries()) {
          context.progress(index, config.tables.length, 'synthetic tables');
          const outcome = await synthesizeEntry(db, config, entry, index, present, context.output, context.signal);
          if (outcome.metrics !== undefined) quality[tableEntryName(entry)] = outcome.metrics;
          for (const row of outcome.samples) samples.push(row);
          warnings.push(...outcome.warnings);
        }
        context.progress(config.tables.length, config.tables.length, 'synthetic tables');
        await writeSamples(join(context.output, 'samples.parquet'), samples);
        await writeJsonAtomic(join(context.output, TABLE_QUALITY_FILE), quality);
        const entries = Object.fromEntries(
          Object.entries(quality).map(([name, entry]) => [
            name,
            { source: entry.source, realRows: entry.realRows, syntheticRows: entry.syntheticRows, refusedCopies: entry.refusedCopies, columnShapes: entry.columnShapes, pairTrends: entry.pairTrends, detectionAuc: entry.detectionAuc, copies: entry.copies, dcrMedian: entry.privacy.synthetic.median },
          ]),
        );
        return { summary: { samples: samples.length, entries }, warnings };
      }),
  };
}
