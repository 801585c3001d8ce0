/**
 * The data stages every task shares: ingest, clean, label, split. Each reads its predecessor's
 * tables, runs the stage function of `data/`, and writes its tables and a summary with every
 * count and reason.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parseConfig } from '../config/load.js';
import { dataConfigSchema, type SampleForgeConfig } from '../config/schema.js';
import { cleanTables } from '../data/clean/clean-tables.js';
import { loadDataSource } from '../data/ingest/load-data-source.js';
import type { IngestReport } from '../data/ingest/ingest-report.js';
import { labelTables } from '../data/label/label-tables.js';
import { splitDataset } from '../data/split/split-dataset.js';
import { generateWorld } from '../data/synthetic/generate-world.js';
import { writeWorld } from '../data/synthetic/write-world.js';
import type { Warning } from '../errors.js';
import { withDatabase } from '../internal/duckdb.js';
import type { FileFingerprint } from '../internal/fingerprint.js';
import type { Stage } from './run-stages.js';
import { linkStageTables, listTables, loadStageTables, saveStageTables } from './stage-tables.js';

/** Fingerprints of the files a run read, collected by the ingest stage. */
export interface IngestOutcome {
  inputs: FileFingerprint[];
}

function summarizeReports(reports: readonly IngestReport[], temporaryFolder: string) {
  // Files the stage wrote itself are named as they will be once the stage folder is committed.
  const shown = (file: string) => (file.startsWith(temporaryFolder) ? join('stages', 'ingest', relative(temporaryFolder, file)) : file);
  return reports.map((report) => ({
    table: report.table,
    file: shown(report.file),
    rowsRead: report.rowsRead,
    rowsLoaded: report.rowsLoaded,
    rejected: report.rejected.count,
    rejectedSamples: report.rejected.samples.slice(0, 5),
  }));
}

/** `ingest`: the configured source into the canonical tables (a synthetic shop is written as CSV first, then ingested like any files). */
export function ingestStage(config: SampleForgeConfig, outcome: IngestOutcome): Stage {
  return {
    name: 'ingest',
    dependsOn: { data: config.data, seed: config.seed },
    run: (context) =>
      withDatabase(':memory:', async (db) => {
        let source = config.data;
        if (config.data.synthetic) {
          const world = generateWorld(config.data.synthetic, config.seed);
          const files = await writeWorld(world, join(context.output, 'source'), { format: 'csv' });
          source = parseConfig(dataConfigSchema, {
            files: {
              items: { path: files.items },
              interactions: { path: files.interactions },
              texts: { path: files.texts },
            },
          }, 'data (synthetic)');
        } else if (source.files) {
          source = { ...source, files: resolveFilePaths(source.files) };
        }
        const reports = await loadDataSource(db, { files: source.files, dataset: source.dataset }, {
          onProgress: (progress) => context.progress(progress.rowsRead, progress.rowsTotal, `rows of ${basename(progress.file)} into ${progress.table}`),
        });
        outcome.inputs = reports
          .filter((report) => report.sha256 !== undefined)
          .map((report) => ({ path: report.file, bytes: existsSync(report.file) ? statSync(report.file).size : 0, sha256: report.sha256 as string }));
        const tables = await listTables(db);
        const counts = await saveStageTables(db, context.output, tables);
        const warnings: Warning[] = reports.flatMap((report) => report.warnings);
        for (const report of reports) {
          if (report.rejected.count > 0) {
            warnings.push({
              code: 'W_REJECTED_ROWS',
              message: `${report.rejected.count} row(s) of ${report.file} were rejected (kept in rejected_${report.table}; first at line ${report.rejected.samples[0]?.line ?? '?'}: ${report.rejected.samples[0]?.error ?? ''})`,
              details: { file: report.file, count: report.rejected.count },
            });
          }
        }
        return { summary: { tables: counts, files: summarizeReports(reports, context.output) }, warnings };
      }),
  };
}

function resolveFilePaths<T extends Record<string, unknown>>(files: T): T {
  const out: Record<string, unknown> = {};
  for (const [table, entries] of Object.entries(files)) {
    out[table] = Array.isArray(entries) ? entries.map((entry: { path: string }) => ({ ...entry, path: resolve(entry.path) })) : entries;
  }
  return out as T;
}

/** `clean`: normalisation, duplicates, outliers, bots, k-core, length bounds, order; dropped rows kept with reasons. */
export function cleanStage(config: SampleForgeConfig): Stage {
  return {
    name: 'clean',
    dependsOn: config.clean,
    run: (context) =>
      withDatabase(':memory:', async (db) => {
        await loadStageTables(db, context.inputOf('ingest'));
        const report = await cleanTables(db, config.clean);
        const counts = await saveStageTables(db, context.output, await listTables(db));
        return {
          summary: {
            tables: counts,
            rules: report.map((entry) => ({ rule: entry.rule, table: entry.table, dropped: entry.dropped, reason: entry.reason, details: entry.details })),
          },
        };
      }),
  };
}

/** `label`: graded implicit feedback, user interests, item categories, weak labels. */
export function labelStage(config: SampleForgeConfig): Stage {
  return {
    name: 'label',
    dependsOn: config.label,
    run: (context) =>
      withDatabase(':memory:', async (db) => {
        await loadStageTables(db, context.inputOf('clean'));
        const report = await labelTables(db, config.label);
        const counts = await saveStageTables(db, context.output, await listTables(db));
        return { summary: { tables: counts, labels: JSON.parse(JSON.stringify(report)) as Record<string, unknown> } };
      }),
  };
}

/** `split`: leave-one-out, temporal, stratified or k-shot, seeded. */
export function splitStage(config: SampleForgeConfig): Stage {
  return {
    name: 'split',
    dependsOn: config.split,
    run: (context) =>
      withDatabase(':memory:', async (db) => {
        // A split only reads its table and adds new ones, so every table of the label stage is
        // linked into this stage unchanged rather than loaded and written to Parquet again.
        const input = context.inputOf('label');
        await loadStageTables(db, input, [config.split.table]);
        // The input table is linked from the label stage below, so the split may consume its copy.
        const result = await splitDataset(db, config.split, { consumeSource: true });
        const made = (await listTables(db)).filter((table) => table !== config.split.table);
        const written = { ...(await linkStageTables(db, input, context.output, made)), ...(await saveStageTables(db, context.output, made)) };
        const counts = Object.fromEntries(Object.entries(written).sort(([a], [b]) => a.localeCompare(b)));
        return { summary: { method: result.method, table: result.table, counts: result.counts, details: result.details, tables: counts } };
      }),
  };
}
