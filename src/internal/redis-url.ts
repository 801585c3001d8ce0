/** Redis client options from a `redis://[user:password@]host:port/db` URL, for every part that talks to Redis. */
import type { RedisOptions } from 'ioredis';
import { SampleForgeError } from '../errors.js';

/**
 * ioredis options for `url`: commands wait through a Redis restart instead of failing
 * (`maxRetriesPerRequest: null`), with a capped reconnect backoff. `configPath` names the setting
 * in error messages.
 */
export function redisOptionsFromUrl(url: string, configPath = 'queue.redis'): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SampleForgeError('E_CONFIG', `${configPath}: expected a URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`, { details: { path: configPath } });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SampleForgeError('E_CONFIG', `${configPath}: expected a redis:// or rediss:// URL, got ${JSON.stringify(parsed.protocol)}`, { details: { path: configPath } });
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    db,
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 2000),
  };
}

/** The URL with its password hidden, for logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):([^@/]*)@/, '//$1:***@');
}
