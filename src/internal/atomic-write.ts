/**
 * Atomic file output: write to a temporary sibling, fsync, then rename over the target. A killed
 * process leaves either the old file or the new one, never a half-written file under the real name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary path used while `path` is being written; `.partial` marks it as incomplete. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.partial`);
}

/**
 * Writes `data` to `path` atomically, creating parent folders. `sync: false` skips the fsync: the
 * rename is still atomic for a killed process, but after a power loss the file may hold fewer
 * bytes than written. Use it only for files whose size and checksum are recorded elsewhere (durably)
 * and checked before use, such as shard data files.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { sync?: boolean } = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    if (options.sync !== false) await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

/** Writes pretty JSON atomically, with a trailing newline. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Runs `produce` with a temporary path, then renames the result to `path`. For writers that need a
 * path of their own (DuckDB `COPY ... TO`, Parquet writers). The temporary file keeps the extension.
 */
export async function produceFileAtomic<T>(path: string, produce: (temporaryPath: string) => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const temporary = join(dirname(path), `.${name}.${randomBytes(4).toString('hex')}.partial${extension}`);
  try {
    const result = await produce(temporary);
    await rename(temporary, path);
    return result;
  } catch (error) {
    await rm(temporary, { force: true, recursive: true });
    throw error;
  }
}
