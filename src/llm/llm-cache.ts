/**
 * Persistent content-addressed cache of provider responses in SQLite (better-sqlite3 12). WAL mode
 * and a busy timeout let several processes share one file; each write is its own transaction, so a
 * crash loses at most the write in progress. Rows hold responses and token usage, never API keys.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SampleForgeError } from '../errors.js';
import { sha256 } from '../internal/fingerprint.js';
import type { TokenUsage } from './spec.js';

/** One cached provider response. `response` is the provider's JSON-able answer. */
export interface CacheEntry {
  kind: 'generate' | 'embed';
  provider: string;
  model: string;
  response: unknown;
  usage: TokenUsage;
}

/** A value, or a promise of it: the SQLite cache answers at once, the Redis cache does not. */
export type Awaitable<T> = T | Promise<T>;

/** A response cache shared by every caller that opens the same store (a SQLite file or a Redis key). */
export interface LlmCache {
  /** Where the entries live: a file path, or a Redis URL (password hidden) and key. */
  readonly path: string;
  get(key: string): Awaitable<CacheEntry | undefined>;
  /** Stores `entry` unless the key exists already (the first answer wins, identical by construction). */
  set(key: string, entry: CacheEntry): Awaitable<void>;
  /** Number of stored entries. */
  size(): Awaitable<number>;
  close(): Awaitable<void>;
}

/** The SQLite cache, whose calls return at once. */
export interface SqliteLlmCache extends LlmCache {
  get(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry): void;
  size(): number;
  close(): void;
}

/**
 * The cache key: sha256 of the canonical JSON of everything that determines the answer (provider,
 * model, sampling parameters, messages, schema). Key order in objects does not matter.
 */
export function createCacheKey(parts: Record<string, unknown>): string {
  return sha256(parts);
}

/** Opens (creating when needed) the SQLite cache at `path`; `:memory:` gives a private cache. */
export function openLlmCache(options: { path: string; busyTimeoutMs?: number }): SqliteLlmCache {
  let database: Database.Database;
  try {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    database = new Database(options.path);
    database.pragma('journal_mode = WAL');
    // Writers from other processes hold the lock for microseconds; waiting beats failing.
    database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 10_000)}`);
    database.pragma('synchronous = NORMAL');
    database.exec(`CREATE TABLE IF NOT EXISTS llm_cache (
      key TEXT PRIMARY KEY,
      kind TEXT NOT NULL,
      provider TEXT NOT NULL,
      model TEXT NOT NULL,
      response TEXT NOT NULL,
      tokens_in INTEGER NOT NULL,
      tokens_out INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    ) WITHOUT ROWID`);
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot open LLM cache ${options.path}: ${(cause as Error).message}; check llm.cache.path`, {
      details: { path: 'llm.cache.path', value: options.path }, cause,
    });
  }
  const select = database.prepare<[string], { kind: string; provider: string; model: string; response: string; tokens_in: number; tokens_out: number }>(
    'SELECT kind, provider, model, response, tokens_in, tokens_out FROM llm_cache WHERE key = ?');
  const insert = database.prepare('INSERT OR IGNORE INTO llm_cache (key, kind, provider, model, response, tokens_in, tokens_out, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const count = database.prepare<[], { n: number }>('SELECT count(*) AS n FROM llm_cache');
  const write = database.transaction((key: string, entry: CacheEntry) => {
    insert.run(key, entry.kind, entry.provider, entry.model, JSON.stringify(entry.response), entry.usage.tokensIn, entry.usage.tokensOut, Date.now());
  });
  return {
    path: options.path,
    get(key) {
      const row = select.get(key);
      if (row === undefined) return undefined;
      return {
        kind: row.kind === 'embed' ? 'embed' : 'generate',
        provider: row.provider,
        model: row.model,
        response: JSON.parse(row.response) as unknown,
        usage: { tokensIn: row.tokens_in, tokensOut: row.tokens_out },
      };
    },
    set(key, entry) {
      write(key, entry);
    },
    size() {
      return count.get()?.n ?? 0;
    },
    close() {
      database.close();
    },
  };
}
