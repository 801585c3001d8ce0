/** Redis connection options for BullMQ from a `redis://host:port/db` URL. */
import type { ConnectionOptions } from 'bullmq';
import { SampleForgeError } from '../errors.js';

/**
 * Options for ioredis as BullMQ needs them: `maxRetriesPerRequest: null` so commands wait through a
 * Redis restart instead of failing, and a capped reconnect backoff.
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SampleForgeError('E_CONFIG', `queue.redis: expected a URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SampleForgeError('E_CONFIG', `queue.redis: expected a redis:// or rediss:// URL, got ${JSON.stringify(parsed.protocol)}`);
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
