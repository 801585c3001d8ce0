/**
 * Shard outputs on disk, written once under their shard id: `<shardId>.jsonl` with the records and
 * `<shardId>.json` with the count and sha256. A retried or duplicated job writes the same bytes and
 * is a no-op; different bytes for the same shard mean a non-deterministic task and are an error.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SampleForgeError } from '../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../internal/atomic-write.js';
import { sha256 } from '../internal/fingerprint.js';
import type { ShardSpec } from './shards.js';

export interface ShardManifest {
  shardId: string;
  count: number;
  sha256: string;
}

export interface ShardStore {
  readonly directory: string;
  has(shardId: string): boolean;
  /** Writes a shard's records; returns false when an identical output was already there. */
  write(shardId: string, records: readonly unknown[]): Promise<boolean>;
  /**
   * Reads every planned shard in order, checking each is present once with its count and checksum.
   * Throws naming the missing or corrupt shards.
   */
  merge(shards: readonly ShardSpec[]): Promise<{ records: unknown[]; manifests: ShardManifest[] }>;
}

function encode(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + (records.length > 0 ? '\n' : '');
}

/** A store rooted at `directory` (created on first write). */
export function createShardStore(directory: string): ShardStore {
  const dataPath = (shardId: string) => join(directory, `${shardId}.jsonl`);
  const manifestPath = (shardId: string) => join(directory, `${shardId}.json`);
  return {
    directory,
    has: (shardId) => existsSync(manifestPath(shardId)),
    async write(shardId, records) {
      const body = encode(records);
      const manifest: ShardManifest = { shardId, count: records.length, sha256: sha256(body) };
      if (existsSync(manifestPath(shardId))) {
        const existing = JSON.parse(await readFile(manifestPath(shardId), 'utf8')) as ShardManifest;
        if (existing.sha256 === manifest.sha256) return false;
        throw new SampleForgeError('E_INTERNAL', `shard ${shardId} was produced twice with different outputs (${existing.sha256.slice(0, 12)} vs ${manifest.sha256.slice(0, 12)}): the task is not deterministic for its seed`, {
          details: { shardId },
        });
      }
      await mkdir(directory, { recursive: true });
      // Data first, manifest last: a manifest always describes a complete data file.
      await writeFileAtomic(dataPath(shardId), body);
      await writeJsonAtomic(manifestPath(shardId), manifest);
      return true;
    },
    async merge(shards) {
      const seen = new Set<string>();
      const missing: string[] = [];
      const corrupt: string[] = [];
      const records: unknown[] = [];
      const manifests: ShardManifest[] = [];
      for (const shard of shards) {
        if (seen.has(shard.shardId)) throw new SampleForgeError('E_INTERNAL', `shard ${shard.shardId} is planned twice`);
        seen.add(shard.shardId);
        if (!existsSync(manifestPath(shard.shardId))) {
          missing.push(shard.shardId);
          continue;
        }
        const manifest = JSON.parse(await readFile(manifestPath(shard.shardId), 'utf8')) as ShardManifest;
        const body = await readFile(dataPath(shard.shardId), 'utf8');
        const lines = body === '' ? [] : body.slice(0, -1).split('\n');
        if (sha256(body) !== manifest.sha256 || lines.length !== manifest.count) {
          corrupt.push(shard.shardId);
          continue;
        }
        for (const line of lines) records.push(JSON.parse(line));
        manifests.push(manifest);
      }
      if (missing.length > 0 || corrupt.length > 0) {
        throw new SampleForgeError('E_INTERNAL', `merge of ${directory} failed: ${missing.length} shard(s) missing${missing.length ? ` (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})` : ''}, ${corrupt.length} corrupt${corrupt.length ? ` (${corrupt.slice(0, 5).join(', ')})` : ''}; rerun with --resume to redo them`, {
          details: { missing, corrupt },
        });
      }
      return { records, manifests };
    },
  };
}
