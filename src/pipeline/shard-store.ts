/**
 * Shard outputs in a folder that the coordinator and every worker see (the run's shard folder; with
 * workers on other machines, a shared mount at the same path). Whoever runs a shard writes it, once,
 * under its id: `<shardId>.jsonl` with one JSON record per line, then `<shardId>.json`, its manifest
 * (count, bytes and sha256 of the data file). Both writes are atomic and the manifest comes last, so
 * a manifest always describes a complete data file. A retried or duplicated job writes the same
 * bytes and is a no-op; different bytes for the same shard mean a non-deterministic task and are an
 * error.
 *
 * Collecting a shard costs the coordinator one small manifest read, never a pass over the records.
 * Finishing a stage has three forms: `merge` (records in memory, every shard checked), `mergeToFile`
 * (one JSONL file, streamed through sha256), and `commit`, which writes only a part list — the
 * shards in plan order with their counts, sizes and checksums — after checking that every planned
 * shard is present once with the size its manifest records; `readCommitted` then streams the parts
 * and checks each one's sha256 while the consumer reads it. `commit` is the one that scales: the
 * coordinator never copies or hashes the outputs, as a Hadoop/Spark output committer never does.
 *
 * Durability: a data file is renamed into place atomically but not fsynced (at hundreds of MB per
 * stage, the fsyncs serialised the workers on the disk). The manifest, which is fsynced, records the
 * data file's size and sha256, and every reader checks them, so a data file cut short by a power
 * loss is found, its manifest removed, and the shard redone by `--resume`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SampleForgeError } from '../errors.js';
import { produceFileAtomic, writeFileAtomic, writeJsonAtomic } from '../internal/atomic-write.js';
import { encodeJsonLines } from './encode-json-lines.js';
import type { ShardSpec } from './shards.js';

/** What a store holds about one finished shard, and what a worker reports back through Redis. */
export interface ShardManifest {
  shardId: string;
  /** Data file name inside the store folder. */
  file: string;
  /** Records in the data file, one JSON line each. */
  count: number;
  /** Size of the data file in bytes. */
  bytes: number;
  /** sha256 (hex) of the data file. */
  sha256: string;
}

/** A shard's records already encoded as JSONL (one JSON.stringify per record, each followed by a newline). */
export interface EncodedRecords {
  count: number;
  data: Buffer;
}

/** The result of {@link ShardStore.mergeToFile}. */
export interface MergedShards {
  path: string;
  count: number;
  bytes: number;
  /**
   * sha256 (hex) of the shards' sha256 values in plan order, one per line: equal digests mean
   * byte-identical merged files (every shard was checked against its sha256 while copied), at the
   * cost of hashing each byte once instead of twice.
   */
  digest: string;
  manifests: ShardManifest[];
}

/** What {@link ShardStore.commit} writes: the stage's output as an ordered list of parts. */
export interface CommittedShards {
  /** Format marker for readers. */
  format: 'sampleforge-shards/1';
  count: number;
  bytes: number;
  /** As {@link MergedShards.digest}: equal digests mean byte-identical outputs. */
  digest: string;
  /** Data files in plan order, relative to the store folder. */
  parts: ShardManifest[];
}

export interface ShardStore {
  /** Absolute path of the folder; job data carries it to the workers. */
  readonly directory: string;
  has(shardId: string): boolean;
  /**
   * Writes a shard's records, given as values or already encoded (`runShardTask`); `created` is
   * false when an identical output was already there.
   */
  write(shardId: string, records: readonly unknown[] | EncodedRecords): Promise<{ manifest: ShardManifest; created: boolean }>;
  readManifest(shardId: string): Promise<ShardManifest | undefined>;
  /**
   * Checks a shard another process reported done: its manifest is here, equals the report, and its
   * data file has the reported size. Throws E_IO when the folder does not hold it (the worker wrote
   * to a folder this process does not see) and E_INTERNAL when it differs.
   */
  confirm(reported: ShardManifest): Promise<ShardManifest>;
  /**
   * Reads every planned shard in order into records, checking each is present once with its count
   * and checksum. Throws naming the missing or corrupt shards; a corrupt shard's manifest is removed
   * so that a rerun with `--resume` redoes it.
   */
  merge(shards: readonly ShardSpec[]): Promise<{ records: unknown[]; manifests: ShardManifest[] }>;
  /**
   * Concatenates the planned shards' data files in plan order into one JSONL file at `path`
   * (atomically), checking every shard's size and sha256 on the way, without parsing a record.
   */
  mergeToFile(shards: readonly ShardSpec[], path: string): Promise<MergedShards>;
  /**
   * Checks that every planned shard is present once and its data file has the size its manifest
   * records, then writes the part list (JSON, atomically) to `path` without reading a record.
   */
  commit(shards: readonly ShardSpec[], path: string): Promise<MergedShards>;
  /**
   * Streams the records of a part list written by `commit`, in order, one part in memory at a time,
   * checking each part's size, sha256 and count before yielding its first record; a part that
   * differs fails the read (naming it) and its manifest is removed so that `--resume` redoes it.
   */
  readCommitted(path: string): AsyncGenerator<unknown>;
}

const SHARD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const READ_CHUNK = 1 << 20;

function checkShardId(shardId: string): void {
  if (!SHARD_ID.test(shardId)) {
    throw new SampleForgeError('E_INTERNAL', `shard id ${JSON.stringify(shardId)} is not a safe file name (letters, digits, ".", "_", "-")`, { details: { shardId } });
  }
}

/** The lines of a JSONL buffer that ends with a newline. */
function splitLines(data: Buffer): string[] {
  const body = data.toString('utf8');
  return body === '' ? [] : body.slice(0, -1).split('\n');
}

const isEncoded = (records: readonly unknown[] | EncodedRecords): records is EncodedRecords => !Array.isArray(records);

const digestOf = (manifests: readonly ShardManifest[]) => createHash('sha256').update(manifests.map((manifest) => `${manifest.sha256}\n`).join('')).digest('hex');

function isManifest(value: unknown): value is ShardManifest {
  const manifest = value as Partial<ShardManifest> | null;
  return typeof manifest === 'object' && manifest !== null && typeof manifest.shardId === 'string' && typeof manifest.file === 'string'
    && Number.isInteger(manifest.count) && Number.isInteger(manifest.bytes) && typeof manifest.sha256 === 'string';
}

const sameOutput = (a: ShardManifest, b: ShardManifest) => a.sha256 === b.sha256 && a.count === b.count && a.bytes === b.bytes && a.file === b.file;

/** A store rooted at `directory` (resolved to an absolute path; created on first write). */
export function createShardStore(directory: string): ShardStore {
  const root = resolve(directory);
  const manifestPath = (shardId: string) => join(root, `${shardId}.json`);

  const readManifest = async (shardId: string): Promise<ShardManifest | undefined> => {
    checkShardId(shardId);
    let text: string;
    try {
      text = await readFile(manifestPath(shardId), 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SampleForgeError('E_IO', `cannot read the manifest of shard ${shardId} in ${root}: ${(cause as Error).message}`, { cause, details: { shardId } });
    }
    const manifest = JSON.parse(text) as unknown;
    if (!isManifest(manifest) || manifest.shardId !== shardId || manifest.file.includes('/')) {
      throw new SampleForgeError('E_INTERNAL', `manifest of shard ${shardId} in ${root} is not one this version writes; delete the folder and rerun the stage`, { details: { shardId } });
    }
    return manifest;
  };

  /** Manifests of the planned shards in order, or the error listing missing ones. */
  const plannedManifests = async (shards: readonly ShardSpec[]): Promise<ShardManifest[]> => {
    const seen = new Set<string>();
    const missing: string[] = [];
    const manifests: ShardManifest[] = [];
    for (const shard of shards) {
      if (seen.has(shard.shardId)) throw new SampleForgeError('E_INTERNAL', `shard ${shard.shardId} is planned twice`);
      seen.add(shard.shardId);
      const manifest = await readManifest(shard.shardId);
      if (manifest === undefined) missing.push(shard.shardId);
      else manifests.push(manifest);
    }
    if (missing.length > 0) throw mergeError(root, missing, []);
    return manifests;
  };

  /** Drops the manifests of corrupt shards, so that `--resume` redoes them, and returns the error. */
  const corruptError = async (corrupt: readonly string[]): Promise<SampleForgeError> => {
    await Promise.all(corrupt.map((shardId) => rm(manifestPath(shardId), { force: true })));
    return mergeError(root, [], corrupt);
  };

  return {
    directory: root,
    has: (shardId) => existsSync(manifestPath(shardId)),
    readManifest,
    async write(shardId, records) {
      checkShardId(shardId);
      const { data, count } = isEncoded(records) ? records : { data: encodeJsonLines(records), count: records.length };
      const manifest: ShardManifest = { shardId, file: `${shardId}.jsonl`, count, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
      const existing = await readManifest(shardId);
      if (existing !== undefined) {
        if (sameOutput(existing, manifest)) return { manifest: existing, created: false };
        throw new SampleForgeError('E_INTERNAL', `shard ${shardId} was produced twice with different outputs (${existing.sha256.slice(0, 12)} vs ${manifest.sha256.slice(0, 12)}): the task is not deterministic for its seed`, {
          details: { shardId },
        });
      }
      await mkdir(root, { recursive: true });
      // Not fsynced: see "Durability" above; the manifest is, and it is written last.
      await writeFileAtomic(join(root, manifest.file), data, { sync: false });
      await writeJsonAtomic(manifestPath(shardId), manifest);
      return { manifest, created: true };
    },
    async confirm(reported) {
      const manifest = await readManifest(reported.shardId);
      if (manifest === undefined) {
        throw new SampleForgeError('E_IO', `shard ${reported.shardId} was reported done, but ${root} holds no output for it: workers must write to the folder this process reads (on several machines, a shared filesystem mounted at the same path)`, {
          details: { shardId: reported.shardId, directory: root },
        });
      }
      const size = await stat(join(root, manifest.file)).then((info) => info.size, () => -1);
      if (!sameOutput(manifest, reported) || size !== manifest.bytes) {
        throw new SampleForgeError('E_INTERNAL', `shard ${reported.shardId} was reported as ${reported.count} records / ${reported.sha256.slice(0, 12)}, but ${root} holds ${manifest.count} / ${manifest.sha256.slice(0, 12)} in a file of ${size} bytes`, {
          details: { shardId: reported.shardId },
        });
      }
      return manifest;
    },
    async merge(shards) {
      const manifests = await plannedManifests(shards);
      const corrupt: string[] = [];
      const records: unknown[] = [];
      for (const manifest of manifests) {
        const data = await readFile(join(root, manifest.file)).catch(() => undefined);
        if (data === undefined || data.length !== manifest.bytes || createHash('sha256').update(data).digest('hex') !== manifest.sha256) {
          corrupt.push(manifest.shardId);
          continue;
        }
        const lines = splitLines(data);
        if (lines.length !== manifest.count) {
          corrupt.push(manifest.shardId);
          continue;
        }
        for (const line of lines) records.push(JSON.parse(line));
      }
      if (corrupt.length > 0) throw await corruptError(corrupt);
      return { records, manifests };
    },
    async mergeToFile(shards, path) {
      const manifests = await plannedManifests(shards);
      return produceFileAtomic(path, async (temporary) => {
        const corrupt: string[] = [];
        let count = 0;
        let bytes = 0;
        const output = await open(temporary, 'w');
        try {
          for (const manifest of manifests) {
            const part = createHash('sha256');
            let size = 0;
            try {
              for await (const chunk of createReadStream(join(root, manifest.file), { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
                part.update(chunk);
                size += chunk.length;
                await output.write(chunk);
              }
            } catch {
              size = -1;
            }
            if (size !== manifest.bytes || part.digest('hex') !== manifest.sha256) corrupt.push(manifest.shardId);
            count += manifest.count;
            bytes += size;
          }
          if (corrupt.length > 0) throw await corruptError(corrupt);
          await output.sync();
        } finally {
          await output.close();
        }
        return { path: resolve(path), count, bytes, digest: digestOf(manifests), manifests };
      });
    },
    async commit(shards, path) {
      const manifests = await plannedManifests(shards);
      const sizes = await Promise.all(manifests.map((manifest) => stat(join(root, manifest.file)).then((info) => info.size, () => -1)));
      const corrupt = manifests.filter((manifest, index) => sizes[index] !== manifest.bytes).map((manifest) => manifest.shardId);
      if (corrupt.length > 0) throw await corruptError(corrupt);
      const committed: CommittedShards = {
        format: 'sampleforge-shards/1',
        count: manifests.reduce((sum, manifest) => sum + manifest.count, 0),
        bytes: manifests.reduce((sum, manifest) => sum + manifest.bytes, 0),
        digest: digestOf(manifests),
        parts: manifests,
      };
      await writeJsonAtomic(path, committed);
      return { path: resolve(path), count: committed.count, bytes: committed.bytes, digest: committed.digest, manifests };
    },
    async *readCommitted(path) {
      const committed = JSON.parse(await readFile(path, 'utf8')) as Partial<CommittedShards>;
      if (committed.format !== 'sampleforge-shards/1' || !Array.isArray(committed.parts) || !committed.parts.every(isManifest)) {
        throw new SampleForgeError('E_INTERNAL', `${path} is not a part list this version writes (format sampleforge-shards/1); rerun the stage`);
      }
      for (const part of committed.parts) {
        if (part.file.includes('/')) throw new SampleForgeError('E_INTERNAL', `${path}: part ${part.shardId} names a file outside ${root}`);
        // One part at a time, checked before its first record is handed out; memory is bounded by
        // the shard size.
        const data = await readFile(join(root, part.file)).catch(() => undefined);
        const lines = data === undefined || data.length !== part.bytes || createHash('sha256').update(data).digest('hex') !== part.sha256 ? undefined : splitLines(data);
        if (lines === undefined || lines.length !== part.count) throw await corruptError([part.shardId]);
        for (const line of lines) yield JSON.parse(line) as unknown;
      }
    },
  };
}

function mergeError(root: string, missing: readonly string[], corrupt: readonly string[]): SampleForgeError {
  const list = (ids: readonly string[]) => (ids.length ? ` (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''})` : '');
  return new SampleForgeError('E_INTERNAL', `merge of ${root} failed: ${missing.length} shard(s) missing${list(missing)}, ${corrupt.length} corrupt${list(corrupt)}; rerun with --resume to redo them`, {
    details: { missing, corrupt },
  });
}
