/**
 * A test file's Redis: one server started before its tests and stopped after them, with
 * connections handed out on demand (each a separate client, as a separate worker would have) and
 * closed at the end.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startTestRedis, type TestRedis } from './redis-server.js';

export interface TestRedisHandle {
  /** The server's URL; valid once the file's tests run. */
  url(): string;
  /** A new connection, closed after the file's tests. */
  connect(): Redis;
}

/** Registers the server's start and stop with vitest; call at the top level of a test file. */
export function useTestRedis(): TestRedisHandle {
  let server: TestRedis | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server?.stop();
  });
  const url = (): string => {
    if (server === undefined) throw new Error('useTestRedis: the server starts in beforeAll; call url() and connect() inside tests');
    return server.url;
  };
  return {
    url,
    connect() {
      const client = new Redis(url());
      clients.push(client);
      return client;
    },
  };
}
