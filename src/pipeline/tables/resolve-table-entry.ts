/**
 * Checks one `tables` entry against the data the run really has (which table to read, which columns
 * exist, whether the condition column and values do) and turns it into a synthesizer call. Errors
 * are E_CONFIG and name the config path, what is wrong and what exists.
 */
import type { TableSynthesizer } from '../../augment/generative/synthesize-table.js';
import type { TabularColumn, TabularValue } from '../../augment/generative/tabular.js';
import { tableEntryName, type TableSynthesisConfig } from '../../config/tables.js';
import type { FeatureTable } from '../../data/feature-table.js';
import { splitTableName } from '../../data/split/split-tables.js';
import { SampleForgeError } from '../../errors.js';

/** The id column of each table a synthesizer can be fitted on; never a feature. */
export const SYNTHESIS_ID_COLUMNS = Object.freeze({ users: 'user_id', items: 'item_id' } as const);

function configError(path: string, message: string, details: Record<string, unknown> = {}): SampleForgeError {
  return new SampleForgeError('E_CONFIG', `${path}: ${message}`, { details: { path, ...details } });
}

/**
 * The table an entry reads: `<table>_train` when the run's split splits this table (so validation
 * and test rows never feed a synthesizer), else `<table>` itself (the usual case: recommendation
 * splits interactions, and users and items are side tables every split shares).
 */
export function resolveSourceTable(entry: TableSynthesisConfig, index: number, splitTable: string, present: readonly string[]): string {
  const source = entry.table === splitTable ? splitTableName(entry.table, 'train') : entry.table;
  if (present.includes(source)) return source;
  const hint = entry.table === 'users' ? '; the synthetic shop has no users table (its users are latent), the movielens-100k dataset has one' : '';
  throw configError(`tables[${index}].table`, `the data has no ${source} table (tables: ${present.join(', ')})${hint}`, { table: entry.table });
}

/** Checks `generalize`: every name a categorical column of the table. */
export function checkGeneralize(entry: TableSynthesisConfig, index: number, table: FeatureTable): void {
  for (const name of Object.keys(entry.generalize ?? {})) {
    const column = table.columns.find((candidate) => candidate.name === name);
    const path = `tables[${index}].generalize.${name}`;
    if (column === undefined) throw configError(path, `no column "${name}" in table ${table.source} (columns: ${table.columns.map((entry) => entry.name).join(', ')})`, { column: name });
    if (column.kind !== 'categorical') throw configError(path, `"${name}" is numeric; only categorical columns are cut to a prefix`, { column: name });
  }
}

/** The modelled columns of an entry, checked against the table's feature columns. */
export function resolveColumns(entry: TableSynthesisConfig, index: number, table: FeatureTable): { columns: TabularColumn[]; skipped: { column: string; reason: string }[] } {
  const path = `tables[${index}]`;
  const known = new Map(table.columns.map((column) => [column.name, column]));
  const list = table.columns.map((column) => column.name).join(', ');
  let columns: TabularColumn[];
  let skipped: { column: string; reason: string }[] = [];
  if (entry.columns === undefined) {
    columns = [...table.defaults];
    skipped = table.skipped;
    if (entry.conditionOn !== undefined && !columns.some((column) => column.name === entry.conditionOn) && known.has(entry.conditionOn)) {
      const column = known.get(entry.conditionOn) as TabularColumn;
      columns.push({ name: column.name, kind: column.kind });
      skipped = skipped.filter((entry) => entry.column !== column.name);
    }
    if (columns.length === 0) {
      throw configError(`${path}.columns`, `table ${table.source} has no default feature column (${table.skipped.map((entry) => `${entry.column}: ${entry.reason}`).join('; ') || 'no columns but the id'}); list the columns to model`);
    }
  } else {
    columns = entry.columns.map((name, position) => {
      if (name === table.idColumn) throw configError(`${path}.columns[${position}]`, `"${name}" is the id column of ${table.source}, not a feature`);
      const column = known.get(name);
      if (column === undefined) {
        throw configError(`${path}.columns[${position}]`, `no column "${name}" in table ${table.source} (columns: ${list})`, { table: table.source, column: name, columns: table.columns.map((entry) => entry.name) });
      }
      return column.kind === 'numeric' ? { name, kind: 'numeric', integer: column.integer } : { name, kind: 'categorical' };
    });
  }
  const categorical = columns.filter((column) => column.kind === 'categorical').map((column) => column.name);
  if (entry.conditionOn !== undefined) {
    const column = columns.find((candidate) => candidate.name === entry.conditionOn);
    if (column === undefined) {
      throw configError(`${path}.conditionOn`, `"${entry.conditionOn}" is not a modelled column of ${table.source} (modelled: ${columns.map((entry) => entry.name).join(', ')}; columns: ${list})`, { column: entry.conditionOn });
    }
    if (column.kind !== 'categorical') throw configError(`${path}.conditionOn`, `"${entry.conditionOn}" is numeric; condition on a categorical column (${categorical.join(', ') || 'none'})`, { column: entry.conditionOn });
  }
  return { columns, skipped };
}

/** `conditions` as sampled values, checked: categorical modelled columns, values the real rows have. */
export function resolveConditions(entry: TableSynthesisConfig, index: number, columns: readonly TabularColumn[], rows: readonly Record<string, TabularValue>[]): Record<string, TabularValue> | undefined {
  if (entry.conditions === undefined) return undefined;
  const out: Record<string, TabularValue> = {};
  for (const [name, value] of Object.entries(entry.conditions)) {
    const path = `tables[${index}].conditions.${name}`;
    const column = columns.find((candidate) => candidate.name === name);
    if (column === undefined) throw configError(path, `"${name}" is not a modelled column (modelled: ${columns.map((entry) => entry.name).join(', ')})`, { column: name });
    if (column.kind !== 'categorical') throw configError(path, `"${name}" is numeric; conditions fix categorical columns`, { column: name });
    const text = String(value);
    const values = [...new Set(rows.map((row) => row[name]).filter((entry) => entry !== null && entry !== undefined))].map(String).sort();
    if (!values.includes(text)) {
      throw configError(path, `no real row has ${name} = ${JSON.stringify(text)} (values: ${values.slice(0, 30).join(', ')}${values.length > 30 ? ', ...' : ''})`, { column: name, value });
    }
    out[name] = text;
  }
  return out;
}

/** The synthesizer call of an entry; SMOTE reads parents' ids from `idColumn`. */
export function entrySynthesizer(entry: TableSynthesisConfig, idColumn: string): TableSynthesizer {
  switch (entry.synthesizer) {
    case 'copula':
      return { synthesizer: 'copula', options: { smoothing: entry.smoothing, minStratumRows: entry.minStratumRows, ...(entry.conditionOn === undefined ? {} : { stratifyBy: entry.conditionOn }) } };
    case 'vae':
      return { synthesizer: 'vae', options: { epochs: entry.epochs, batchSize: entry.batchSize, hidden: entry.hidden, latent: entry.latent, conditionOn: entry.conditionOn } };
    case 'gan':
      return { synthesizer: 'gan', options: { epochs: entry.epochs, batchSize: entry.batchSize, pac: entry.pac, generatorHidden: entry.hidden, criticHidden: entry.hidden, conditionOn: entry.conditionOn } };
    case 'smote':
      // The schema makes conditionOn required for smote.
      return { synthesizer: 'smote', options: { labelColumn: entry.conditionOn as string, k: entry.k, targetCount: entry.targetCount, idColumn } };
  }
}

/** The file name of an entry's synthetic rows in the stage folder. */
export function entryFileName(entry: TableSynthesisConfig, index: number): string {
  return `${index}-${tableEntryName(entry).replaceAll('/', '-')}.parquet`;
}
