/**
 * Tables travel between stages as Parquet files in the stages' folders: each stage opens a fresh
 * in-memory DuckDB, loads what it needs, and writes what it made. A stage's folder is complete or
 * absent (see run-stages.ts), so `--resume` can start any stage from its predecessor's files.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { quoteIdent, type Database } from '../internal/duckdb.js';

/** Loads every `<name>.parquet` of `folder` (or only `names`) as tables of the same name. */
export async function loadStageTables(db: Database, folder: string, names?: readonly string[]): Promise<string[]> {
  const files = names ? names.map((name) => `${name}.parquet`) : (await readdir(folder)).filter((file) => file.endsWith('.parquet'));
  const loaded: string[] = [];
  for (const file of files) {
    const path = join(folder, file);
    if (!existsSync(path)) continue;
    const table = file.slice(0, -'.parquet'.length);
    await db.run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS SELECT * FROM read_parquet($path)`, { path });
    loaded.push(table);
  }
  return loaded;
}

/** Writes the given tables (those that exist) of `db` as `<table>.parquet` into `folder`. */
export async function saveStageTables(db: Database, folder: string, tables: readonly string[]): Promise<Record<string, number>> {
  const existing = new Set((await db.all<{ name: string }>('SELECT table_name AS name FROM duckdb_tables()')).map((row) => row.name));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    if (!existing.has(table)) continue;
    // The stage folder is temporary until the stage commits, so a plain COPY is already atomic.
    await db.run(`COPY ${quoteIdent(table)} TO $path (FORMAT parquet, COMPRESSION zstd)`, { path: join(folder, `${table}.parquet`) });
    counts[table] = (await db.scalar<number>(`SELECT count(*) FROM ${quoteIdent(table)}`)) ?? 0;
  }
  return counts;
}

/**
 * Carries tables a stage did not change into its folder without re-encoding them: each
 * `<name>.parquet` of `from` (except `except`) is hard-linked into `to` (copied when the two
 * folders are on different file systems). Returns the row counts, read from the Parquet footers.
 */
export async function linkStageTables(db: Database, from: string, to: string, except: readonly string[] = []): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const file of (await readdir(from)).filter((name) => name.endsWith('.parquet')).sort()) {
    const table = file.slice(0, -'.parquet'.length);
    if (except.includes(table)) continue;
    const source = join(from, file);
    const target = join(to, file);
    try {
      await link(source, target);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EXDEV') throw cause;
      await copyFile(source, target);
    }
    counts[table] = Number((await db.scalar<number>('SELECT count(*) FROM read_parquet($path)', { path: target })) ?? 0);
  }
  return counts;
}

/** Names of all tables in `db`. */
export async function listTables(db: Database): Promise<string[]> {
  return (await db.all<{ name: string }>('SELECT table_name AS name FROM duckdb_tables() ORDER BY table_name')).map((row) => row.name);
}
