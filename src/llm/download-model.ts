/**
 * Downloads a GGUF model the user asked for (never implicitly): `https://...` URLs or
 * `hf:owner/repo/path/file.gguf` Hugging Face hub URIs, streamed to a `.partial` file, checked
 * against an optional sha256, then renamed, so a killed download never looks complete.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SampleForgeError } from '../errors.js';
import { fingerprintFile } from '../internal/fingerprint.js';
import { temporaryPathFor } from '../internal/atomic-write.js';

export interface DownloadModelOptions {
  /** `http(s)://...` URL or `hf:owner/repo/file.gguf` (optionally `hf:owner/repo/file.gguf@revision`). */
  uri: string;
  /** Folder to save into; created when missing. */
  directory: string;
  /** Expected sha256 (hex); the file is rejected and removed when it differs. */
  sha256?: string;
  /** Hub base URL for `hf:` URIs; default `https://huggingface.co`. */
  hubUrl?: string;
  /** Injectable fetch (tests); defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

export interface DownloadedModel {
  path: string;
  bytes: number;
  sha256: string;
  /** False when a file with the expected checksum was already there. */
  downloaded: boolean;
}

/** Resolves a model URI to the HTTP URL it is fetched from. */
export function resolveModelUrl(uri: string, hubUrl = 'https://huggingface.co'): string {
  if (/^https?:\/\//.test(uri)) return uri;
  const match = /^hf:([^/]+)\/([^/]+)\/(.+?)(?:@([^@/]+))?$/.exec(uri);
  if (match === null) {
    throw new SampleForgeError('E_CONFIG', `model URI ${JSON.stringify(uri)} is neither an http(s) URL nor hf:owner/repo/file.gguf`, { details: { value: uri } });
  }
  const [, owner, repo, file, revision] = match;
  return `${hubUrl.replace(/\/$/, '')}/${owner}/${repo}/resolve/${revision ?? 'main'}/${file}`;
}

/** Downloads `uri` into `directory` and returns the local path; reuses a file whose sha256 matches. */
export async function downloadModel(options: DownloadModelOptions): Promise<DownloadedModel> {
  const url = resolveModelUrl(options.uri, options.hubUrl);
  const fileName = basename(new URL(url).pathname);
  const path = join(options.directory, fileName);
  await mkdir(options.directory, { recursive: true });
  if (options.sha256 !== undefined && (await stat(path).catch(() => undefined)) !== undefined) {
    const existing = await fingerprintFile(path);
    if (existing.sha256 === options.sha256.toLowerCase()) return { path, bytes: existing.bytes, sha256: existing.sha256, downloaded: false };
  }
  const response = await (options.fetch ?? fetch)(url, { signal: options.signal, redirect: 'follow' }).catch((cause: unknown) => {
    throw new SampleForgeError('E_IO', `cannot download ${url}: ${(cause as Error).message}`, { details: { url }, isRetryable: true, cause });
  });
  if (!response.ok || response.body === null) {
    throw new SampleForgeError('E_IO', `download of ${url} failed with HTTP ${response.status}; check the URI`, { details: { url, statusCode: response.status } });
  }
  const temporary = temporaryPathFor(path);
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    const body = Readable.fromWeb(response.body as never);
    body.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      bytes += chunk.length;
    });
    await pipeline(body, createWriteStream(temporary), { signal: options.signal });
    const expectedLength = Number(response.headers.get('content-length'));
    if (Number.isFinite(expectedLength) && expectedLength > 0 && expectedLength !== bytes) {
      throw new SampleForgeError('E_IO', `download of ${url} was truncated: ${bytes} of ${expectedLength} bytes; try again`, { details: { url, bytes, expectedLength }, isRetryable: true });
    }
    const sha256 = hash.digest('hex');
    if (options.sha256 !== undefined && sha256 !== options.sha256.toLowerCase()) {
      throw new SampleForgeError('E_IO', `download of ${url} has sha256 ${sha256}, expected ${options.sha256}; the file was removed`, { details: { url, sha256, expected: options.sha256 } });
    }
    await rename(temporary, path);
    return { path, bytes, sha256, downloaded: true };
  } catch (error) {
    await rm(temporary, { force: true });
    if (SampleForgeError.is(error)) throw error;
    throw new SampleForgeError('E_IO', `download of ${url} failed: ${(error as Error).message}`, { details: { url }, isRetryable: true, cause: error });
  }
}
