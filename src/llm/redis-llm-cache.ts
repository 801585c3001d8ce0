/**
 * The LLM response cache in Redis, for workers on several machines: one hash per cache name, field =
 * content-addressed key, value = the entry as JSON. HSETNX keeps the first answer, as the SQLite
 * cache does. Entries stay until the hash is deleted; give Redis persistence (appendonly) and memory
 * for them.
 */
import type { Redis } from 'ioredis';
import { SampleForgeError } from '../errors.js';
import type { CacheEntry, LlmCache } from './llm-cache.js';

export interface RedisLlmCacheOptions {
  /** A connected client; the cache does not close it. */
  redis: Redis;
  /** The hash holding the entries; default `sampleforge:llm-cache`. */
  key?: string;
  /** Where the cache is, for messages (a Redis URL with its password hidden). */
  location?: string;
}

interface StoredEntry extends CacheEntry {
  createdAt: number;
}

/** A cache every process that names the same Redis hash shares. */
export function createRedisLlmCache(options: RedisLlmCacheOptions): LlmCache {
  const key = options.key ?? 'sampleforge:llm-cache';
  const where = `${options.location ?? 'redis'} ${key}`;
  const failed = (action: string, cause: unknown) =>
    new SampleForgeError('E_IO', `cannot ${action} the LLM cache at ${where}: ${(cause as Error).message}`, { cause, details: { key } });
  return {
    path: where,
    async get(field) {
      let text: string | null;
      try {
        text = await options.redis.hget(key, field);
      } catch (cause) {
        throw failed('read', cause);
      }
      if (text === null) return undefined;
      const stored = JSON.parse(text) as StoredEntry;
      return { kind: stored.kind === 'embed' ? 'embed' : 'generate', provider: stored.provider, model: stored.model, response: stored.response, usage: stored.usage };
    },
    async set(field, entry) {
      const stored: StoredEntry = { kind: entry.kind, provider: entry.provider, model: entry.model, response: entry.response, usage: { tokensIn: entry.usage.tokensIn, tokensOut: entry.usage.tokensOut }, createdAt: Date.now() };
      try {
        await options.redis.hsetnx(key, field, JSON.stringify(stored));
      } catch (cause) {
        throw failed('write', cause);
      }
    },
    async size() {
      return options.redis.hlen(key);
    },
    close() {},
  };
}
