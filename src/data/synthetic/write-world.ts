/**
 * Writes a generated world as files the ingest layer reads with its default mappings: the columns
 * are exactly the canonical columns of `tables.ts`, every file is written atomically, and the same
 * world always gives the same bytes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SampleForgeError } from '../../errors.js';
import { produceFileAtomic, writeFileAtomic } from '../../internal/atomic-write.js';
import { withDatabase } from '../../internal/duckdb.js';
import { canonicalJson } from '../../internal/fingerprint.js';
import type { Interaction, Item, TextSample } from '../../types.js';
import { TABLE_COLUMNS } from '../tables.js';
import type { SyntheticUser } from './generate-users.js';
import type { SyntheticWorld } from './generate-world.js';

export type WorldFileFormat = 'csv' | 'jsonl' | 'parquet';

export interface WriteWorldOptions {
  /** File format; default `csv`. */
  format?: WorldFileFormat;
}

/**
 * Files written: `items`, `interactions` and `texts` (the utterances) are canonical tables;
 * `queries` uses the texts columns; `users` (user_id, segment, interests as JSON) is extra.
 */
export interface WorldFiles {
  format: WorldFileFormat;
  items: string;
  interactions: string;
  texts: string;
  queries: string;
  users: string;
}

type Cell = string | number | null | string[];
interface TableRows {
  columns: readonly { name: string; type: string }[];
  rows: Cell[][];
}

/** The separator of category paths in CSV, e.g. `beauty > skin care > serum`. */
export const CATEGORY_SEPARATOR = ' > ';

const USER_COLUMNS = Object.freeze([
  { name: 'user_id', type: 'VARCHAR' },
  { name: 'segment', type: 'VARCHAR' },
  { name: 'interests', type: 'VARCHAR' },
]);

function itemRows(items: readonly Item[]): TableRows {
  return {
    columns: TABLE_COLUMNS.items,
    rows: items.map((item) => [item.itemId, item.title, item.category, canonicalJson(item.attributes), item.imagePath ?? null, item.price ?? null]),
  };
}

function interactionRows(interactions: readonly Interaction[]): TableRows {
  return {
    columns: TABLE_COLUMNS.interactions,
    rows: interactions.map((row) => [row.userId, row.itemId, row.event, row.value, row.timestamp, row.query ?? null, row.dwellMs ?? null, row.sessionId ?? null]),
  };
}

function textRows(texts: readonly TextSample[]): TableRows {
  return { columns: TABLE_COLUMNS.texts, rows: texts.map((text) => [text.id, text.text, text.label ?? null, text.language, null]) };
}

function userRows(users: readonly SyntheticUser[]): TableRows {
  return {
    columns: USER_COLUMNS,
    rows: users.map((user) => [user.userId, user.segment, JSON.stringify(user.interests.map(({ category, weight }) => ({ category, weight: Number(weight.toFixed(4)) })))]),
  };
}

function csvField(value: Cell): string {
  if (value === null) return '';
  const text = Array.isArray(value) ? value.join(CATEGORY_SEPARATOR) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV with a header row; nulls are empty fields, lists are joined with ` > `. */
export function toCsv(table: TableRows): string {
  const lines = [table.columns.map((column) => column.name).join(',')];
  for (const row of table.rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\n')}\n`;
}

/** One JSON object per line, keys in canonical column order, nulls kept so every line has every column. */
export function toJsonl(table: TableRows): string {
  const lines = table.rows.map((row) => {
    const record: Record<string, Cell> = {};
    table.columns.forEach((column, index) => {
      record[column.name] = row[index];
    });
    return JSON.stringify(record);
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

async function writeParquet(table: TableRows, path: string, staging: string): Promise<void> {
  await writeFileAtomic(staging, toJsonl(table));
  // JSON has no map type: attributes travel as a JSON string and become MAP(VARCHAR, VARCHAR) here.
  const readTypes = table.columns.map((column) => `${quoteKey(column.name)}: '${column.type.startsWith('MAP') ? 'VARCHAR' : column.type}'`).join(', ');
  const select = table.columns
    .map((column) => (column.type.startsWith('MAP') ? `CAST(json("${column.name}") AS ${column.type}) AS "${column.name}"` : `"${column.name}"`))
    .join(', ');
  await produceFileAtomic(path, (temporary) =>
    // One thread keeps row groups in order, so the same world gives byte-identical Parquet.
    withDatabase(':memory:', (db) => db.run(
      `COPY (SELECT ${select} FROM read_json($1, format = 'newline_delimited', columns = {${readTypes}})) TO $2 (FORMAT parquet, COMPRESSION zstd)`,
      [staging, temporary],
    ), { threads: 1 }),
  );
}

function quoteKey(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new SampleForgeError('E_INTERNAL', `column name ${JSON.stringify(name)} is not snake_case`);
  return name;
}

/**
 * Writes `world` into `directory` as `items`, `interactions`, `texts` (utterances), `queries` and
 * `users` files of `options.format` (default `csv`). Each file is replaced atomically.
 */
export async function writeWorld(world: SyntheticWorld, directory: string, options: WriteWorldOptions = {}): Promise<WorldFiles> {
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl' && format !== 'parquet') {
    throw new SampleForgeError('E_USAGE', `writeWorld: unknown format ${JSON.stringify(format)}; use csv, jsonl or parquet`, { details: { format } });
  }
  const tables: Record<Exclude<keyof WorldFiles, 'format'>, () => TableRows> = {
    items: () => itemRows(world.items),
    interactions: () => interactionRows(world.interactions),
    texts: () => textRows(world.utterances),
    queries: () => textRows(world.queries),
    users: () => userRows(world.users),
  };
  const files = { format } as WorldFiles;
  const scratch = format === 'parquet' ? await mkdtemp(join(tmpdir(), 'sampleforge-world-')) : '';
  try {
    for (const [name, build] of Object.entries(tables) as [Exclude<keyof WorldFiles, 'format'>, () => TableRows][]) {
      const path = join(directory, `${name}.${format}`);
      if (format === 'csv') await writeFileAtomic(path, toCsv(build()));
      else if (format === 'jsonl') await writeFileAtomic(path, toJsonl(build()));
      else await writeParquet(build(), path, join(scratch, `${name}.jsonl`));
      files[name] = path;
    }
  } finally {
    if (scratch !== '') await rm(scratch, { recursive: true, force: true });
  }
  return files;
}
