import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { withDatabase } from '../internal/duckdb.js';
import { buildReport } from './build-report.js';
import { compareRuns } from './compare-runs.js';
import { formatNumber } from './format-number.js';
import { readSampleBlocks } from './read-samples.js';
import { resolveMetricPath } from './test-support/resolve-metric-path.js';
import { writeFixtureRun } from './test-support/write-fixture-run.js';

describe('buildReport', () => {
  let root: string;
  let runDir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sf-report-'));
    runDir = join(root, 'run-a');
    await writeFixtureRun(runDir, { samples: 120, runId: 'run-a', tables: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('encodes every sample row losslessly in the compact payload', async () => {
    const blocks = await readSampleBlocks(join(runDir, 'samples.parquet'), 50);
    expect(blocks.map((block) => block.count)).toEqual([50, 50, 20]);
    const rows = await withDatabase(':memory:', (db) =>
      db.all<{ id: string; augmenter: string; original: string; sample: string; verdicts: string; kept: boolean; parents: string; llm: string | null; seed: string }>(
        `SELECT id, augmenter, original, sample, verdicts, kept, array_to_string(parent_ids, chr(31)) AS parents, llm, CAST(seed AS VARCHAR) AS seed FROM read_parquet($path)`,
        { path: join(runDir, 'samples.parquet') },
      ),
    );
    // 4 augmenters, 4 samples per parent: originals are stored once per parent (and block)
    expect(blocks[0].dict.augmenter).toHaveLength(4);
    expect(blocks[0].dict.original.length).toBeLessThanOrEqual(13);
    rows.forEach((row, rowIndex) => {
      const payload = blocks[Math.floor(rowIndex / 50)];
      const index = rowIndex % 50;
      expect(payload.plain.id[index]).toBe(row.id);
      expect(payload.plain.sample[index]).toBe(row.sample);
      expect(payload.plain.parents[index]).toBe(row.parents);
      expect(payload.dict.original[payload.codes.original[index]]).toBe(row.original);
      expect(payload.dict.verdicts[payload.codes.verdicts[index]]).toBe(row.verdicts);
      expect(payload.dict.llm[payload.codes.llm[index]]).toBe(row.llm);
      expect(payload.dict.seed[payload.codes.seed[index]]).toBe(row.seed);
      expect(payload.kept[index]).toBe(row.kept ? '1' : '0');
    });
  });

  it('writes one self-contained report.html whose numbers come from metrics.json', async () => {
    const result = await buildReport(runDir);
    expect(result.samples).toBe(120);
    const html = await readFile(result.path, 'utf8');
    expect(Buffer.byteLength(html)).toBe(result.bytes);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import/i);
    const metrics = JSON.parse(await readFile(join(runDir, 'metrics.json'), 'utf8'));
    const shown = [...html.matchAll(/data-metric="([^"]+)" data-value="([^"]+)"[^>]*>([^<]+)</g)];
    expect(shown.length).toBeGreaterThan(100);
    // Every score of every synthetic table is among the shown numbers.
    const paths = new Set(shown.map(([, escapedPath]) => escapedPath.replaceAll('&quot;', '"')));
    for (const name of Object.keys(metrics.tableQuality)) {
      for (const score of ['columnShapes', 'pairTrends', 'detectionAuc', 'copies', 'privacy.synthetic.median']) expect(paths.has(`tableQuality[${JSON.stringify(name)}].${score}`), `${name} ${score}`).toBe(true);
    }
    for (const [, escapedPath, value, text] of shown) {
      const path = escapedPath.replaceAll('&quot;', '"');
      if (path.startsWith('run.')) continue;
      const expected = resolveMetricPath(metrics, path) as number;
      expect(Number(value), path).toBe(expected);
      expect(text, path).toBe(formatNumber(expected));
    }
  });

  it('compares two runs side by side', async () => {
    const runB = join(root, 'run-b');
    await writeFixtureRun(runB, { samples: 8, runId: 'run-b', liftOffset: 0.01, seed: 9 });
    const outPath = join(root, 'compare.html');
    const { html, path } = await compareRuns(runDir, runB, { outPath });
    expect(path).toBe(outPath);
    expect(html).toContain('run-a');
    expect(html).toContain('run-b');
    expect(html).toMatch(/data-metric="b\.comparisons\[4\]\.pValue"/);
  });

  it('names the missing file when the directory is not a run', async () => {
    const error = await buildReport(join(root, 'nope')).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_IO')).toBe(true);
    expect((error as Error).message).toMatch(/nope\/metrics\.json: ENOENT; is this a run directory\?/);
  });
});
