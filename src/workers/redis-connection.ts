/** Redis connection options for BullMQ from a `redis://host:port/db` URL. */
import type { ConnectionOptions } from 'bullmq';
import { redisOptionsFromUrl } from '../internal/redis-url.js';

export { redactRedisUrl } from '../internal/redis-url.js';

/**
 * Options for ioredis as BullMQ needs them: `maxRetriesPerRequest: null` so commands wait through a
 * Redis restart instead of failing, and a capped reconnect backoff.
 */
export function redisConnection(url: string): ConnectionOptions {
  return redisOptionsFromUrl(url) as ConnectionOptions;
}
