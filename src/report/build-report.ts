/** Builds report.html in a run directory: one self-contained file that opens offline. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../internal/atomic-write.js';
import { fileExists, readEchartsSource, readRunFiles } from './read-run.js';
import { DEFAULT_BLOCK_SIZE, readPackedSampleBlocks } from './read-samples.js';
import { renderReportHtml } from './render-report-html.js';

/** Where {@link buildReport} wrote the report, its size and sample count. */
export interface BuildReportResult {
  /** Path of the written report.html. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** Rows of samples.parquet shown in the sample browser (0 when there is none). */
  samples: number;
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** Samples per independently decoded block. Default 50,000. */
  blockSize?: number;
}

/**
 * Reads `metrics.json`, `run.json` and `samples.parquet` of `runDir` and writes `report.html` beside
 * them (atomically): lift with spread and significance, ablation, slices, shift before/after
 * alignment, training curves, cost and throughput (echarts inlined), and a paginated, searchable
 * sample browser whose rows are stored in blocks of 50,000, column-oriented, dictionary-encoded,
 * gzipped and base64ed, so the first page shows after decoding one block.
 */
export async function buildReport(runDir: string, options: BuildReportOptions = {}): Promise<BuildReportResult> {
  const { metrics, run } = await readRunFiles(runDir);
  const samplesPath = join(runDir, 'samples.parquet');
  const samples = (await fileExists(samplesPath)) ? await readPackedSampleBlocks(samplesPath, options.blockSize ?? DEFAULT_BLOCK_SIZE) : { count: 0, blocks: [] };
  const html = renderReportHtml({
    metrics,
    run,
    sampleBlocks: samples.blocks,
    sampleCount: samples.count,
    echartsSource: await readEchartsSource(),
  });
  const path = join(runDir, 'report.html');
  await writeFileAtomic(path, html);
  return { path, bytes: (await stat(path)).size, samples: samples.count };
}
