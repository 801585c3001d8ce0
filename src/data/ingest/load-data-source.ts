/** Loads the `data` config section's source: files mapped onto the canonical tables, or a registered dataset. */
import type { DataSource, FileSource } from '../../config/ingest.js';
import { SampleForgeError } from '../../errors.js';
import type { Database } from '../../internal/duckdb.js';
import { findDataset } from '../datasets/datasets.js';
import type { TableName } from '../tables.js';
import { ingestFile, type IngestProgress } from './ingest-file.js';
import type { IngestReport } from './ingest-report.js';

const TABLE_ORDER: readonly TableName[] = ['items', 'interactions', 'texts'];

/**
 * Ingests a validated data source and returns one report per file: `files` are loaded table by
 * table (items, interactions, texts), several files per table appended in order; `dataset` runs
 * the registered loader. `onProgress` follows each file's load (registered datasets report none).
 */
export async function loadDataSource(db: Database, source: DataSource, options: { onProgress?: (progress: IngestProgress) => void } = {}): Promise<IngestReport[]> {
  if (source.dataset !== undefined) {
    const dataset = findDataset(source.dataset.name);
    if (dataset === undefined) throw new SampleForgeError('E_CONFIG', `data.dataset.name: unknown dataset ${JSON.stringify(source.dataset.name)}`);
    return dataset.loader(db, source.dataset.path, source.dataset.options, { checksum: source.dataset.checksum });
  }
  if (source.files === undefined) throw new SampleForgeError('E_CONFIG', 'data: set files or dataset');
  const reports: IngestReport[] = [];
  for (const table of TABLE_ORDER) {
    const entry = source.files[table];
    if (entry === undefined) continue;
    for (const [index, file] of (entry as FileSource[]).entries()) {
      reports.push(await ingestFile(db, { ...toSpec(file), table, configPath: `data.files.${table}[${index}]`, onProgress: options.onProgress }));
    }
  }
  return reports;
}

function toSpec(file: FileSource) {
  const { columns, defaults, ...rest } = file;
  const definedColumns = Object.fromEntries(Object.entries(columns).filter((pair): pair is [string, string] => pair[1] !== undefined));
  const definedDefaults = Object.fromEntries(Object.entries(defaults).filter((pair) => pair[1] !== undefined)) as Record<string, string | number | boolean>;
  return { ...rest, columns: definedColumns, defaults: definedDefaults };
}
