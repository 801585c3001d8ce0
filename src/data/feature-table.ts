/**
 * A canonical table (users, items) read as flat feature rows for the tabular synthesizers: numeric
 * columns stay numbers, other scalars become categories, a list column becomes one categorical
 * column per position (`category.1`, `category.2`, ...: the levels of an item's category path) and
 * a map column one categorical column per key (`attributes.brand`). Map values stay text: the
 * catalog stores attributes as strings (`50ml`, `6.7 inch`), and guessing numbers from them would
 * change what a column means from one dataset to the next.
 */
import type { TabularColumn, TabularRow, TabularValue } from '../augment/generative/tabular.js';
import { quoteIdent, type Database } from '../internal/duckdb.js';

/** A derived column is a default feature only when at least this share of rows has a value. */
export const MIN_FEATURE_SHARE = 0.05;

/** A derived feature column and the facts its default selection is decided on. */
export interface FeatureColumn extends TabularColumn {
  /** Rows with a value. */
  present: number;
  /** Distinct non-null values. */
  distinct: number;
}

/** A feature table read from DuckDB. */
export interface FeatureTable {
  /** The DuckDB table read. */
  source: string;
  /** Column holding row ids; never a feature. */
  idColumn: string;
  /** Rows of the table. */
  rowCount: number;
  /** Every derived column, in table order (map keys sorted). */
  columns: FeatureColumn[];
  /** The default features: {@link defaultFeatureColumns}. */
  defaults: TabularColumn[];
  /** Derived columns left out of the defaults, each with its reason. */
  skipped: { column: string; reason: string }[];
  /** One row per record with the id column and the named derived columns (rows are built on demand: a catalog can have thousands of attribute keys). */
  rows(columns: readonly string[]): TabularRow[];
}

const INTEGER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;
const NUMERIC_TYPES = /^(FLOAT|REAL|DOUBLE|DECIMAL(\(.*\))?)$/;

type Part =
  | { kind: 'scalar'; name: string; numeric: boolean; integer: boolean }
  | { kind: 'list'; name: string }
  | { kind: 'map'; name: string };

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * The default features of `columns` in `rowCount` rows: present on at least {@link MIN_FEATURE_SHARE}
 * of rows, more than one distinct value, and, for categories, at most half as many distinct values
 * as rows (more is an identifier or free text, such as titles or MovieLens zip codes, which no
 * synthesizer should reproduce).
 */
export function defaultFeatureColumns(columns: readonly FeatureColumn[], rowCount: number): { defaults: TabularColumn[]; skipped: { column: string; reason: string }[] } {
  const defaults: TabularColumn[] = [];
  const skipped: { column: string; reason: string }[] = [];
  for (const column of columns) {
    const { present, distinct, name } = column;
    if (present < MIN_FEATURE_SHARE * rowCount) skipped.push({ column: name, reason: `present on ${present} of ${rowCount} rows (under ${MIN_FEATURE_SHARE * 100}%)` });
    else if (distinct < 2) skipped.push({ column: name, reason: 'constant' });
    else if (column.kind === 'categorical' && distinct > rowCount / 2) skipped.push({ column: name, reason: `near-unique: ${distinct} distinct values in ${rowCount} rows (an identifier or free text)` });
    else defaults.push(column.kind === 'numeric' ? { name, kind: 'numeric', integer: column.integer } : { name, kind: 'categorical' });
  }
  return { defaults, skipped };
}

/** Options of {@link readFeatureTable}. */
export interface ReadFeatureTableOptions {
  /** Keep only the first N characters of these categorical columns (generalised quasi-identifiers, e.g. `{ zip: 1 }`); other names are ignored. */
  prefixes?: Readonly<Record<string, number>>;
}

/** Reads `table` of `db` (ordered by `idColumn`, so the rows do not depend on file order) as feature rows. */
export async function readFeatureTable(db: Database, table: string, idColumn: string, options: ReadFeatureTableOptions = {}): Promise<FeatureTable> {
  const described = await db.all<{ name: string; type: string }>('SELECT column_name AS name, data_type AS type FROM information_schema.columns WHERE table_name = $table ORDER BY ordinal_position', { table });
  const parts: Part[] = described
    .filter((column) => column.name !== idColumn)
    .map((column): Part => {
      if (column.type.endsWith('[]')) return { kind: 'list', name: column.name };
      if (column.type.startsWith('MAP(')) return { kind: 'map', name: column.name };
      const integer = INTEGER_TYPES.test(column.type);
      return { kind: 'scalar', name: column.name, numeric: integer || NUMERIC_TYPES.test(column.type), integer };
    });
  const select = parts.map((part, index) => {
    const column = quoteIdent(part.name);
    if (part.kind === 'list') return `${column} AS c${index}`;
    if (part.kind === 'map') return `map_keys(${column}) AS k${index}, map_values(${column}) AS c${index}`;
    return part.numeric ? `CAST(${column} AS DOUBLE) AS c${index}` : `CAST(${column} AS VARCHAR) AS c${index}`;
  });
  const raw = await db.all(`SELECT CAST(${quoteIdent(idColumn)} AS VARCHAR) AS id${select.map((entry) => `, ${entry}`).join('')} FROM ${quoteIdent(table)} ORDER BY id`);
  // Each map cell as a JS Map once, so reading a key is a lookup.
  const maps = parts.map((part, index) =>
    part.kind !== 'map'
      ? []
      : raw.map((row) => {
          const keys = (row[`k${index}`] as string[] | null) ?? [];
          const values = (row[`c${index}`] as unknown[] | null) ?? [];
          return new Map(keys.map((key, position) => [key, values[position]]));
        }),
  );

  // Derived columns in table order: list positions 1..longest, map keys sorted.
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const prefixes = options.prefixes ?? {};
  const derived: { name: string; kind: 'numeric' | 'categorical'; integer?: boolean; read(row: number): TabularValue }[] = [];
  parts.forEach((part, index) => {
    const cell = (row: number): unknown => raw[row][`c${index}`];
    if (part.kind === 'scalar') {
      derived.push(part.numeric
        ? { name: part.name, kind: 'numeric', integer: part.integer, read: (row) => numberOrNull(cell(row)) }
        : { name: part.name, kind: 'categorical', read: (row) => text(cell(row)) });
    } else if (part.kind === 'list') {
      const longest = raw.reduce((most: number, row) => Math.max(most, Array.isArray(row[`c${index}`]) ? (row[`c${index}`] as unknown[]).length : 0), 0);
      for (let level = 1; level <= longest; level++) {
        derived.push({ name: `${part.name}.${level}`, kind: 'categorical', read: (row) => text((cell(row) as unknown[] | null)?.[level - 1]) });
      }
    } else {
      const keys = [...new Set(maps[index].flatMap((entries) => [...entries.keys()]))].sort();
      for (const key of keys) derived.push({ name: `${part.name}.${key}`, kind: 'categorical', read: (row) => text(maps[index][row].get(key)) });
    }
  });

  for (const column of derived) {
    const length = prefixes[column.name];
    if (length === undefined || column.kind !== 'categorical') continue;
    const read = column.read;
    column.read = (row) => {
      const value = read(row);
      return typeof value === 'string' ? value.slice(0, length) : value;
    };
  }

  const columns: FeatureColumn[] = derived.map((column) => {
    const values = new Set<TabularValue>();
    let present = 0;
    for (let row = 0; row < raw.length; row++) {
      const value = column.read(row);
      if (value === null) continue;
      present++;
      values.add(value);
    }
    return column.kind === 'numeric'
      ? { name: column.name, kind: 'numeric', integer: column.integer === true, present, distinct: values.size }
      : { name: column.name, kind: 'categorical', present, distinct: values.size };
  });
  const byName = new Map(derived.map((column) => [column.name, column]));
  return {
    source: table,
    idColumn,
    rowCount: raw.length,
    columns,
    ...defaultFeatureColumns(columns, raw.length),
    rows(names) {
      const readers = names.map((name) => byName.get(name)).filter((column) => column !== undefined);
      return raw.map((row, index) => {
        const out: TabularRow = { [idColumn]: row.id as string };
        for (const column of readers) out[column.name] = column.read(index);
        return out;
      });
    },
  };
}
