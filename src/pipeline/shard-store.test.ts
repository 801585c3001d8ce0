import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { encodeJsonLines } from './encode-json-lines.js';
import { createShardStore } from './shard-store.js';
import { planShards } from './shards.js';

const records = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, text: `é ${i}`, lineage: { parentIds: [`p${i}`] } }));
const shards = planShards({ task: 'test/copy', records, shardSize: 3, seed: 1 });
const inputOf = (index: number) => (shards[index].input as { records: unknown[] }).records;

async function filledStore() {
  const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-store-')));
  for (const [index, shard] of shards.entries()) await store.write(shard.shardId, inputOf(index));
  return store;
}

describe('createShardStore', () => {
  it('writes a shard once as JSONL with a manifest; an identical rewrite is a no-op, a different one an error', async () => {
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-store-')));
    const first = await store.write(shards[0].shardId, inputOf(0));
    expect(first.created).toBe(true);
    expect(first.manifest).toMatchObject({ shardId: shards[0].shardId, file: `${shards[0].shardId}.jsonl`, count: 3 });
    const body = await readFile(join(store.directory, first.manifest.file), 'utf8');
    expect(body).toBe(inputOf(0).map((record) => `${JSON.stringify(record)}\n`).join(''));
    expect(first.manifest.bytes).toBe(Buffer.byteLength(body));
    expect(store.has(shards[0].shardId)).toBe(true);
    expect(await store.write(shards[0].shardId, inputOf(0))).toEqual({ manifest: first.manifest, created: false });
    await expect(store.write(shards[0].shardId, inputOf(1))).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_INTERNAL') && /not deterministic/.test((error as Error).message));
    expect(await readdir(store.directory)).toHaveLength(2);
    // Records given already encoded are the same output.
    expect(await store.write(shards[0].shardId, { count: 3, data: encodeJsonLines(inputOf(0)) })).toEqual({ manifest: first.manifest, created: false });
  });

  it('merges into records and into one file whose bytes are the shards concatenated in plan order', async () => {
    const store = await filledStore();
    expect((await store.merge(shards)).records).toEqual(records);
    const merged = await store.mergeToFile(shards, join(store.directory, 'out', 'merged.jsonl'));
    const text = await readFile(merged.path, 'utf8');
    expect(text).toBe(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    expect(merged).toMatchObject({ count: 7, bytes: Buffer.byteLength(text) });
    expect(merged.manifests.map((manifest) => manifest.shardId)).toEqual(shards.map((shard) => shard.shardId));
  });

  it('names missing and corrupt shards, and drops a corrupt shard so a rerun redoes it', async () => {
    const store = await filledStore();
    await rm(join(store.directory, `${shards[2].shardId}.json`));
    await expect(store.merge(shards)).rejects.toThrow(new RegExp(`1 shard\\(s\\) missing \\(${shards[2].shardId}\\), 0 corrupt`));
    await store.write(shards[2].shardId, inputOf(2));
    await appendFile(join(store.directory, `${shards[1].shardId}.jsonl`), '{"extra":1}\n');
    const target = join(store.directory, 'merged.jsonl');
    await expect(store.mergeToFile(shards, target)).rejects.toThrow(new RegExp(`0 shard\\(s\\) missing, 1 corrupt \\(${shards[1].shardId}\\)`));
    // No merged file under the real name, no leftover temporary file.
    expect((await readdir(store.directory)).filter((name) => name.includes('merged'))).toEqual([]);
    expect(store.has(shards[1].shardId)).toBe(false);
  });

  it('commits a part list without reading the records, and reads it back in plan order with every part checked', async () => {
    const store = await filledStore();
    const merged = await store.mergeToFile(shards, join(store.directory, 'merged.jsonl'));
    const committed = await store.commit(shards, join(store.directory, 'out', 'committed.json'));
    expect(committed).toMatchObject({ count: 7, bytes: merged.bytes, digest: merged.digest });
    const list = JSON.parse(await readFile(committed.path, 'utf8')) as { format: string; parts: { shardId: string }[] };
    expect(list.format).toBe('sampleforge-shards/1');
    expect(list.parts.map((part) => part.shardId)).toEqual(shards.map((shard) => shard.shardId));
    const read: unknown[] = [];
    for await (const record of store.readCommitted(committed.path)) read.push(record);
    expect(read).toEqual(records);
  });

  it('refuses to commit a missing or truncated shard, and fails a read of a part changed after the commit', async () => {
    const store = await filledStore();
    await rm(join(store.directory, `${shards[0].shardId}.json`));
    await expect(store.commit(shards, join(store.directory, 'c.json'))).rejects.toThrow(new RegExp(`1 shard\\(s\\) missing \\(${shards[0].shardId}\\)`));
    await store.write(shards[0].shardId, inputOf(0));
    // A data file cut short (as by a power loss before the kernel wrote it out) is found by its size.
    const second = join(store.directory, `${shards[1].shardId}.jsonl`);
    await writeFile(second, (await readFile(second)).subarray(0, 10));
    await expect(store.commit(shards, join(store.directory, 'c.json'))).rejects.toThrow(new RegExp(`1 corrupt \\(${shards[1].shardId}\\)`));
    expect(store.has(shards[1].shardId)).toBe(false);
    await store.write(shards[1].shardId, inputOf(1));
    const committed = await store.commit(shards, join(store.directory, 'c.json'));
    // Same size, different bytes: only the checksum can tell, and the reader checks it.
    const third = join(store.directory, `${shards[2].shardId}.jsonl`);
    const bytes = await readFile(third);
    bytes[bytes.indexOf('r'.charCodeAt(0))] = 'q'.charCodeAt(0);
    await writeFile(third, bytes);
    const read: unknown[] = [];
    await expect((async () => {
      for await (const record of store.readCommitted(committed.path)) read.push(record);
    })()).rejects.toThrow(new RegExp(`1 corrupt \\(${shards[2].shardId}\\)`));
    // The good parts before it were read whole; nothing of the corrupt part was handed out.
    expect(read).toEqual(records.slice(0, 6));
    expect(store.has(shards[2].shardId)).toBe(false);
  });

  it('confirms a reported shard only when the folder holds exactly that output', async () => {
    const store = await filledStore();
    const manifest = (await store.readManifest(shards[0].shardId))!;
    expect(await store.confirm(manifest)).toEqual(manifest);
    await expect(store.confirm({ ...manifest, sha256: '0'.repeat(64) })).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_INTERNAL'));
    const elsewhere = createShardStore(await mkdtemp(join(tmpdir(), 'sf-store-other-')));
    await expect(elsewhere.confirm(manifest)).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_IO') && /shared filesystem/.test((error as Error).message));
    await writeFile(join(store.directory, manifest.file), 'truncated\n');
    await expect(store.confirm(manifest)).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_INTERNAL'));
  });

  it('refuses shard ids that are not plain file names', async () => {
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-store-')));
    await expect(store.write('../escape', [])).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_INTERNAL'));
  });
});
