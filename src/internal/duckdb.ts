/**
 * The one door to DuckDB (`@duckdb/node-api`). SQL values are always bound as parameters; only
 * identifiers, which cannot be bound, go through {@link quoteIdent}. Connections and instances are
 * closed in `finally` by {@link withDatabase}.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { SampleForgeError } from '../errors.js';

export type SqlParams = DuckDBValue[] | Record<string, DuckDBValue>;

/** A plain JS row: BIGINT columns become numbers when they fit, strings stay strings. */
export type Row = Record<string, unknown>;

export interface Database {
  /** Path of the database file, or `:memory:`. */
  readonly path: string;
  /** The underlying connection, for appenders and streaming. Do not close it yourself. */
  readonly connection: DuckDBConnection;
  /** Runs a statement, discarding rows. */
  run(sql: string, params?: SqlParams): Promise<void>;
  /** Runs a query and returns every row as a plain object. */
  all<T extends Row = Row>(sql: string, params?: SqlParams): Promise<T[]>;
  /** The first column of the first row, or `undefined` when there are no rows. */
  scalar<T = unknown>(sql: string, params?: SqlParams): Promise<T | undefined>;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** DuckDB threads; defaults to DuckDB's own choice (the core count). */
  threads?: number;
  /** DuckDB memory limit, e.g. `'1GB'`; defaults to DuckDB's (80 percent of RAM). */
  memoryLimit?: string;
  /** Folder for spilling to disk when memory is tight. */
  tempDirectory?: string;
}

/** Converts DuckDB's JS values into plain ones: safe BIGINTs to numbers, nested values recursively. */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = toPlain(inner);
  return out;
}

/** Opens (or creates) a DuckDB database. Close it, or use {@link withDatabase}. */
export async function openDatabase(path = ':memory:', options: OpenDatabaseOptions = {}): Promise<Database> {
  const settings: Record<string, string> = {};
  if (options.threads !== undefined) settings.threads = String(options.threads);
  if (options.memoryLimit !== undefined) settings.memory_limit = options.memoryLimit;
  if (options.tempDirectory !== undefined) settings.temp_directory = options.tempDirectory;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, settings);
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot open DuckDB database ${path}: ${(cause as Error).message}`, { details: { path }, cause });
  }
  const connection = await instance.connect();
  let closed = false;
  const wrap = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (cause) {
      if (cause instanceof SampleForgeError) throw cause;
      const message = (cause as Error).message ?? String(cause);
      throw new SampleForgeError('E_DATA', `${message.split('\n')[0]} (in SQL: ${sql.replace(/\s+/g, ' ').slice(0, 160)})`, {
        details: { sql, duckdb: message },
        cause,
      });
    }
  };
  return {
    path,
    connection,
    run: (sql, params) => wrap(sql, async () => {
      await connection.run(sql, params);
    }),
    all: <T extends Row>(sql: string, params?: SqlParams) => wrap(sql, async () => {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS().map((row) => toPlain(row) as T);
    }),
    scalar: <T>(sql: string, params?: SqlParams) => wrap(sql, async () => {
      const reader = await connection.runAndReadAll(sql, params);
      const rows = reader.getRows();
      return rows.length === 0 ? undefined : (toPlain(rows[0][0]) as T);
    }),
    close() {
      if (closed) return;
      closed = true;
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Opens a database, runs `work`, and closes the database whatever happens. */
export async function withDatabase<T>(path: string, work: (db: Database) => Promise<T>, options?: OpenDatabaseOptions): Promise<T> {
  const db = await openDatabase(path, options);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** Quotes an identifier (table or column name) for DuckDB. Values must be bound, never quoted. */
export function quoteIdent(name: string): string {
  if (name.includes('\u0000')) throw new SampleForgeError('E_DATA', `identifier contains a NUL character: ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}
