/** What every dataset loader shares: its signature, option parsing, file lookup, and report checksums. */
import { access, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseConfig } from '../../config/load.js';
import { SampleForgeError } from '../../errors.js';
import type { Database } from '../../internal/duckdb.js';
import { fingerprintFile } from '../../internal/fingerprint.js';
import type { IngestReport } from '../ingest/ingest-report.js';

export interface LoaderContext {
  /** Record each file's sha256 in its report; default false. */
  checksum?: boolean;
}

/**
 * Loads one dataset from `path` (its folder, as published) into the canonical tables and returns
 * one report per file read. `options` are the loader's own, validated by it.
 */
export type DatasetLoader = (db: Database, path: string, options?: Record<string, unknown>, context?: LoaderContext) => Promise<IngestReport[]>;

/** Validates a loader's options; errors name `data.dataset.options.<key>` and the value. */
export function parseLoaderOptions<S extends z.ZodType>(schema: S, options: Record<string, unknown> | undefined, dataset: string): z.output<S> {
  return parseConfig(schema, options ?? {}, `data.dataset.options of ${dataset}`);
}

/** `folder/relative`, or an `E_IO` error naming the dataset, the file and where to get it. */
export async function requireDatasetFile(folder: string, relative: string, dataset: string): Promise<string> {
  const path = join(folder, relative);
  try {
    await access(path);
  } catch {
    throw new SampleForgeError('E_IO', `${dataset}: missing file ${path}; point data.dataset.path at the folder holding ${relative} (sampleforge datasets lists where to download it)`, {
      details: { dataset, file: path },
    });
  }
  return path;
}

/** Whether `folder/relative` exists (for optional files of a dataset). */
export async function hasDatasetFile(folder: string, relative: string): Promise<boolean> {
  try {
    return (await stat(join(folder, relative))).isFile();
  } catch {
    return false;
  }
}

/** Adds the file's sha256 to a report when the context asks for it. */
export async function withChecksum(report: IngestReport, context: LoaderContext | undefined): Promise<IngestReport> {
  if (context?.checksum !== true || report.sha256 !== undefined) return report;
  return { ...report, sha256: (await fingerprintFile(report.file)).sha256 };
}
