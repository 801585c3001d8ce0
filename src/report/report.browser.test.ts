import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../internal/duckdb.js';
import { buildReport } from './build-report.js';
import { compareRuns } from './compare-runs.js';
import { formatNumber } from './format-number.js';
import { launchChromium, type PageGlobals } from './test-support/launch-chromium.js';
import { resolveMetricPath } from './test-support/resolve-metric-path.js';
import { writeFixtureRun } from './test-support/write-fixture-run.js';

const SAMPLES = 310;

describe('report.html in headless Chromium', () => {
  let root: string;
  let runDir: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  const countWhere = (where: string, params: Record<string, string> = {}): Promise<number> =>
    withDatabase(':memory:', async (db) =>
      Number(await db.scalar(`SELECT count(*) FROM read_parquet($path) WHERE ${where}`, { path: join(runDir, 'samples.parquet'), ...params })),
    );
  const pageText = (selector: string): Promise<string> => page.locator(selector).innerText();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sf-report-browser-'));
    runDir = join(root, 'run');
    await writeFixtureRun(runDir, { samples: SAMPLES, runId: 'browser-run', tables: true });
    await buildReport(runDir, { blockSize: 100 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(join(runDir, 'report.html')).href);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready !== undefined, null, { timeout: 20_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('opens offline without errors and draws the charts', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready)).toBe('true');
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !/^(file|data|blob):/.test(url))).toEqual([]);
    // echarts renders each chart into a canvas inside its container
    for (const id of ['chart-lift', 'chart-ablation', 'chart-slices', 'chart-shift', 'chart-loss', 'chart-valid', 'chart-throughput', 'chart-table-shapes-0', 'chart-table-pairs-0', 'chart-table-shapes-1', 'chart-table-pairs-1']) {
      expect(await page.locator(`#${id} canvas`).count(), id).toBeGreaterThan(0);
    }
  });

  it('shows every number exactly as metrics.json and run.json have it', async () => {
    const metrics = JSON.parse(await readFile(join(runDir, 'metrics.json'), 'utf8'));
    const run = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8'));
    const shown = await page.$$eval('[data-metric]', (elements) =>
      elements.map((element) => ({ path: element.getAttribute('data-metric') ?? '', value: element.getAttribute('data-value') ?? '', text: element.textContent ?? '' })),
    );
    expect(shown.length).toBeGreaterThan(150);
    for (const { path, value, text } of shown) {
      const expected = path.startsWith('run.') ? resolveMetricPath(run, path.slice(4)) : resolveMetricPath(metrics, path);
      expect(typeof expected, path).toBe('number');
      expect(Number(value), path).toBe(expected);
      expect(text, path).toBe(formatNumber(expected as number));
    }
    // the headline: the p-value of the full augmented variant is on screen
    const last = metrics.comparisons.length - 1;
    expect(await pageText(`#lift-table [data-metric="comparisons[${last}].pValue"]`)).toBe(formatNumber(metrics.comparisons[last].pValue));
  });

  it('shows each synthetic table\'s scores against the bars, its per-column shapes, weakest pairs and DCR as metrics.json has them', async () => {
    const metrics = JSON.parse(await readFile(join(runDir, 'metrics.json'), 'utf8')) as { tableQuality: Record<string, { passed: Record<string, boolean>; shapes: unknown[]; pairs: { score: number }[] }> };
    const names = Object.keys(metrics.tableQuality);
    expect(names).toEqual(['users/copula', 'users/smote']);
    expect(await page.locator('#tables-summary tbody tr').count()).toBe(2);
    for (const name of names) {
      const entry = metrics.tableQuality[name];
      const base = `tableQuality[${JSON.stringify(name)}]`;
      const block = page.locator(`.table-entry[data-entry="${name}"]`);
      const shown = async (path: string) => Number(await block.locator(`[data-metric='${path}']`).first().getAttribute('data-value'));
      for (const score of ['columnShapes', 'pairTrends', 'detectionAuc', 'copies']) {
        expect(await shown(`${base}.${score}`), `${name} ${score}`).toBe(resolveMetricPath(metrics, `${base}.${score}`));
        expect(await shown(`${base}.bars.${score}`), `${name} bar ${score}`).toBe(resolveMetricPath(metrics, `${base}.bars.${score}`));
      }
      for (const path of ['privacy.synthetic.min', 'privacy.synthetic.p05', 'privacy.synthetic.median', 'privacy.realToReal.median', 'bootstrap.pairTrends', 'refusedCopies', 'syntheticRows']) {
        expect(await shown(`${base}.${path}`), `${name} ${path}`).toBe(resolveMetricPath(metrics, `${base}.${path}`));
      }
      const verdicts = await block.locator('.table-scores tbody tr').evaluateAll((rows) => rows.map((row) => row.querySelector('.pill')?.textContent ?? ''));
      expect(verdicts).toEqual(['columnShapes', 'pairTrends', 'detectionAuc', 'copies'].map((score) => (entry.passed[score] ? 'meets bar' : 'below bar')));
      expect(await block.locator('.table-shapes tbody tr').count()).toBe(entry.shapes.length);
      // The weakest pairs, lowest first.
      const pairScores = await block.locator('.table-pairs tbody tr td:nth-child(3) [data-metric]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
      expect(pairScores).toEqual(entry.pairs.map((pair) => pair.score).sort((a, b) => a - b).slice(0, 10));
    }
  });

  it('paginates the sample browser', async () => {
    const pages = Math.ceil(SAMPLES / 25);
    expect(await pageText('#sample-page')).toBe(`Page 1 of ${pages}`);
    expect(await page.locator('#sample-rows tr').count()).toBe(25);
    expect(await page.locator('#sample-prev').isDisabled()).toBe(true);
    await page.click('#sample-next');
    expect(await pageText('#sample-page')).toBe(`Page 2 of ${pages}`);
    expect(await page.locator('#sample-rows tr').first().getAttribute('data-sample-id')).toBe('syn-0000025');
    for (let i = 2; i < pages; i++) await page.click('#sample-next');
    expect(await pageText('#sample-page')).toBe(`Page ${pages} of ${pages}`);
    expect(await page.locator('#sample-rows tr').count()).toBe(SAMPLES - 25 * (pages - 1));
    expect(await page.locator('#sample-next').isDisabled()).toBe(true);
  });

  it('searches and filters the sample browser', async () => {
    await page.fill('#sample-search', 'SYN-0000042');
    await expect.poll(() => page.locator('#sample-rows tr').count()).toBe(1);
    const row = page.locator('#sample-rows tr').first();
    expect(await row.getAttribute('data-sample-id')).toBe('syn-0000042');
    // original beside augmented, lineage and each filter's verdict
    const expected = await withDatabase(':memory:', (db) =>
      db.all<{ original: string; sample: string; parent: string }>(`SELECT original, sample, parent_ids[1] AS parent FROM read_parquet($path) WHERE id = 'syn-0000042'`, { path: join(runDir, 'samples.parquet') }),
    );
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[3]).toBe(expected[0].original);
    expect(cells[4]).toBe(expected[0].sample);
    expect(cells[5]).toContain(expected[0].parent);
    expect(cells[6]).toMatch(/near-duplicate/);

    // free text (plain and dictionary columns), a label, a filter reason: counts must equal DuckDB's
    for (const word of ['Lipstick', 'pin_blocked', 'different intent']) {
      const matching = await countWhere(
        `contains(lower(concat_ws(chr(10), id, sample, original, augmenter, label, array_to_string(parent_ids, chr(31)), verdicts)), lower($word))`,
        { word },
      );
      expect(matching, word).toBeGreaterThan(25);
      await page.fill('#sample-search', word);
      await expect.poll(() => pageText('#sample-count')).toBe(`${matching} matching of ${SAMPLES} samples`);
      expect(await pageText('#sample-page')).toBe(`Page 1 of ${Math.ceil(matching / 25)}`);
    }

    await page.fill('#sample-search', '');
    await page.selectOption('#sample-kept-filter', 'dropped');
    const dropped = await countWhere('NOT kept');
    await expect.poll(() => pageText('#sample-count')).toBe(`${dropped} matching of ${SAMPLES} samples`);
    expect(await page.locator('#sample-rows tr').first().innerText()).toMatch(/dropped/);
    await page.selectOption('#sample-kept-filter', 'all');
  });

  it('takes a screenshot', async () => {
    const path = join(process.env.SAMPLEFORGE_SCREENSHOT_DIR ?? root, 'report.png');
    await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
    await page.screenshot({ path });
    expect((await readFile(path)).byteLength).toBeGreaterThan(50_000);
  });

  it('opens the comparison of two runs', async () => {
    const other = join(root, 'other');
    await writeFixtureRun(other, { samples: 4, runId: 'other-run', liftOffset: 0.01 });
    const { path } = await compareRuns(runDir, other, { outPath: join(root, 'compare.html') });
    const comparePage = await browser.context.newPage();
    await comparePage.goto(pathToFileURL(path as string).href);
    await comparePage.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready === 'true');
    expect(await comparePage.locator('#chart-compare canvas').count()).toBeGreaterThan(0);
    expect(await comparePage.locator('#compare-variants tbody tr').count()).toBe(6);
    await comparePage.close();
  });
});
