/** A Lua script run atomically in Redis by its sha1 (EVALSHA), loaded with EVAL the first time a server lacks it. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export type RedisScript = (redis: Redis, keys: readonly string[], args: readonly (string | number)[]) => Promise<unknown>;

/** Wraps `source` so callers run it by sha1 and never resend the text to a server that has it. */
export function defineRedisScript(source: string): RedisScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!/NOSCRIPT/.test((error as Error).message)) throw error;
      return redis.eval(source, keys.length, ...keys, ...args);
    }
  };
}
