/**
 * Downloads a registered dataset's files: only when the user asks, over an injectable `fetch`,
 * into `<file>.partial` first (resumed with an HTTP Range request after an interruption), sha256
 * verified when the registry knows it, then renamed into place so no half file has the real name.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { SampleForgeError } from '../../errors.js';
import { DATASETS, findDataset, type DatasetFile } from './datasets.js';

export interface DownloadDatasetOptions {
  /** Folder to write into; files keep their registry paths below it. */
  destination: string;
  /** Fetch from `<baseUrl>/<file path>` instead of the official URLs (a mirror, or a test server). */
  baseUrl?: string;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** Also fetch files the loader can do without; default true. */
  includeOptional?: boolean;
  /** Research-only datasets download only with this set to true (the user accepts their terms). */
  acceptResearchOnly?: boolean;
  /** Download again even when a file is already present and verified; default false. */
  force?: boolean;
  signal?: AbortSignal;
}

export interface DownloadedFile {
  path: string;
  url: string;
  bytes: number;
  sha256: string;
  /** Whether a registry sha256 was checked (false when none is known). */
  verified: boolean;
  status: 'downloaded' | 'resumed' | 'present';
}

/** Downloads the files of dataset `name` into `options.destination`; see the module comment. */
export async function downloadDataset(name: string, options: DownloadDatasetOptions): Promise<DownloadedFile[]> {
  const dataset = findDataset(name);
  if (dataset === undefined) {
    throw new SampleForgeError('E_USAGE', `unknown dataset ${JSON.stringify(name)}; choose one of: ${Object.keys(DATASETS).join(', ')}`, { details: { name } });
  }
  if (dataset.researchOnly && options.acceptResearchOnly !== true) {
    throw new SampleForgeError('E_USAGE', `${name} is for research use only (${dataset.license}); pass acceptResearchOnly (--accept-research-only) to download it`, {
      details: { name, license: dataset.license },
    });
  }
  const files = dataset.files.filter((file) => options.includeOptional !== false || file.optional !== true);
  const missing = files.filter((file) => file.url === undefined && options.baseUrl === undefined);
  if (missing.length > 0) {
    throw new SampleForgeError('E_USAGE', `${name}: no public URL for ${missing.map((file) => file.path).join(', ')}; get them from ${dataset.homepage}`, { details: { name } });
  }
  const results: DownloadedFile[] = [];
  for (const file of files) results.push(await downloadFile(file, options));
  return results;
}

async function downloadFile(file: DatasetFile, options: DownloadDatasetOptions): Promise<DownloadedFile> {
  const url = options.baseUrl !== undefined ? `${options.baseUrl.replace(/\/+$/, '')}/${file.path}` : (file.url as string);
  const target = join(options.destination, file.path);
  const partial = `${target}.partial`;
  await mkdir(dirname(target), { recursive: true });

  if (options.force !== true && (await sizeOf(target)) !== undefined) {
    const sha256 = await hashFile(target, createHash('sha256'));
    if (file.sha256 === undefined || sha256 === file.sha256) {
      return { path: target, url, bytes: (await sizeOf(target)) ?? 0, sha256, verified: file.sha256 !== undefined, status: 'present' };
    }
  }

  const have = options.force === true ? 0 : ((await sizeOf(partial)) ?? 0);
  const fetcher = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetcher(url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, signal: options.signal, redirect: 'follow' });
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot download ${url}: ${(cause as Error).message}; run the download again to resume`, { details: { url }, isRetryable: true, cause });
  }
  const hash = createHash('sha256');
  let resumed = false;
  if (response.status === 416 && have > 0) {
    // The partial file already holds every byte: the server has nothing past its end.
    await response.body?.cancel();
    await hashFile(partial, hash);
  } else if (!response.ok) {
    await response.body?.cancel();
    throw new SampleForgeError('E_IO', `cannot download ${url}: HTTP ${response.status} ${response.statusText}`, {
      details: { url, status: response.status },
      isRetryable: response.status === 429 || response.status >= 500,
    });
  } else {
    resumed = response.status === 206 && have > 0;
    if (resumed) await hashFile(partial, hash);
    await writeBody(response, partial, resumed ? 'a' : 'w', hash, url);
  }

  const sha256 = hash.digest('hex');
  if (file.sha256 !== undefined && sha256 !== file.sha256) {
    await rm(partial, { force: true });
    throw new SampleForgeError('E_IO', `checksum mismatch for ${url}: expected sha256 ${file.sha256}, got ${sha256}; the download was deleted, try again or check the mirror`, {
      details: { url, expected: file.sha256, actual: sha256 },
    });
  }
  await rename(partial, target);
  return { path: target, url, bytes: (await sizeOf(target)) ?? 0, sha256, verified: file.sha256 !== undefined, status: resumed ? 'resumed' : 'downloaded' };
}

async function writeBody(response: Response, partial: string, flags: 'a' | 'w', hash: Hash, url: string): Promise<void> {
  const handle = await open(partial, flags);
  try {
    if (response.body !== null) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        await handle.write(chunk);
      }
    }
    await handle.sync();
  } catch (cause) {
    throw new SampleForgeError('E_IO', `download of ${url} was interrupted: ${(cause as Error).message}; run it again to resume from ${partial}`, {
      details: { url, partial },
      isRetryable: true,
      cause,
    });
  } finally {
    await handle.close();
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

async function hashFile(path: string, hash: Hash): Promise<string> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.copy().digest('hex');
}
