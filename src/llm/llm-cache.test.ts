import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCacheKey, openLlmCache } from './llm-cache.js';

const run = promisify(execFile);
const viteNode = resolve('node_modules/.bin/vite-node');
const writerScript = resolve('src/llm/fixtures/cache-writer.ts');
let directory: string;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sf-llm-cache-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('openLlmCache', () => {
  it('keys on canonical JSON, so key order does not matter and any field changes the key', () => {
    const base = { provider: 'p', model: 'm', parameters: { temperature: 0, seed: 1 }, messages: [{ role: 'user', content: 'x' }] };
    expect(createCacheKey(base)).toBe(createCacheKey({ messages: base.messages, parameters: { seed: 1, temperature: 0 }, model: 'm', provider: 'p' }));
    expect(createCacheKey(base)).not.toBe(createCacheKey({ ...base, parameters: { temperature: 0, seed: 2 } }));
    expect(createCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('persists entries across reopen, first write wins, and uses WAL', async () => {
    const path = join(directory, 'cache.sqlite');
    const first = openLlmCache({ path });
    first.set('k', { kind: 'generate', provider: 'p', model: 'm', response: { text: 'one' }, usage: { tokensIn: 3, tokensOut: 2 } });
    first.set('k', { kind: 'generate', provider: 'p', model: 'm', response: { text: 'two' }, usage: { tokensIn: 9, tokensOut: 9 } });
    first.close();
    const second = openLlmCache({ path });
    expect(second.get('k')).toEqual({ kind: 'generate', provider: 'p', model: 'm', response: { text: 'one' }, usage: { tokensIn: 3, tokensOut: 2 } });
    expect(second.get('missing')).toBeUndefined();
    expect(second.size()).toBe(1);
    second.close();
    const database = new Database(path, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });

  it('is safe for two processes writing the same keys at once, and survives a killed writer', async () => {
    const path = join(directory, 'shared.sqlite');
    const spawnWriter = (writer: string, extra: Record<string, string> = {}) =>
      run(viteNode, [writerScript], { env: { ...process.env, CACHE_PATH: path, CACHE_WRITES: '300', CACHE_WRITER: writer, ...extra } });
    const [a, b, crashed] = await Promise.all([
      spawnWriter('a'),
      spawnWriter('b'),
      spawnWriter('c', { CACHE_WRITES: '400', CACHE_CRASH_AFTER: '350' }).catch((error: { signal?: string }) => error),
    ]);
    expect(JSON.parse(a.stdout)).toEqual({ writer: 'a', mismatches: 0 });
    expect(JSON.parse(b.stdout)).toEqual({ writer: 'b', mismatches: 0 });
    expect((crashed as { signal?: string }).signal).toBe('SIGKILL');
    const cache = openLlmCache({ path });
    try {
      expect(cache.size()).toBe(350);
      expect(cache.get(createCacheKey({ test: 'concurrency', index: 349 }))?.usage).toEqual({ tokensIn: 349, tokensOut: 1 });
    } finally {
      cache.close();
    }
  });
});
