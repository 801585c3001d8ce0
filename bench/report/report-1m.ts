/**
 * A report of 1 million samples: build time, file size (bar: < 50 MB) and time to open in headless
 * Chromium until the first page of samples is on screen (bar: < 5 s), next to the same figures for
 * a 1,000-sample report measured in the same run. The large report is built twice: texts from a
 * small vocabulary (compresses well) and real Banking77 utterances (closer to a real run). Also
 * times a full-text search over all samples.
 *
 *   npx vite-node bench/report/report-1m.ts [samples=1000000]
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withDatabase } from '../../src/internal/duckdb.js';
import { buildReport } from '../../src/report/build-report.js';
import { fileExists } from '../../src/report/read-run.js';
import { launchChromium, type PageGlobals } from '../../src/report/test-support/launch-chromium.js';
import { writeFixtureRun } from '../../src/report/test-support/write-fixture-run.js';

const LARGE = Number(process.argv[2] ?? 1_000_000);
const SMALL = 1000;
const OPENS = 3;
const outDir = resolve('bench/.out/report');
/** Real customer-service utterances (read in place, never copied): sizes closer to a real run than the fixed vocabulary. */
const BANKING77 = resolve('../shared/data/banking77/train.csv');

async function prepare(name: string, samples: number, textsCsv?: string): Promise<{ dir: string; fixtureSeconds: number }> {
  const dir = join(outDir, name);
  const parquet = join(dir, 'samples.parquet');
  if (await fileExists(parquet)) {
    const rows = await withDatabase(':memory:', (db) => db.scalar<number>('SELECT count(*) FROM read_parquet($path)', { path: parquet }));
    if (Number(rows) === samples) return { dir, fixtureSeconds: 0 };
  }
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  await writeFixtureRun(dir, { samples, runId: name, textsCsv });
  return { dir, fixtureSeconds: (performance.now() - started) / 1000 };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launchChromium();
try {
  const runs: [string, number, string | undefined][] = [
    ['report-small', SMALL, undefined],
    ['report-large', LARGE, undefined],
    ['report-large-banking77', LARGE, BANKING77],
  ];
  for (const [name, samples, textsCsv] of runs) {
    const { dir, fixtureSeconds } = await prepare(name, samples, textsCsv);
    const buildStarted = performance.now();
    const built = await buildReport(dir);
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const opens: number[] = [];
    const allLoaded: number[] = [];
    let searchSeconds = 0;
    for (let i = 0; i < OPENS; i++) {
      const page = await browser.context.newPage();
      const started = performance.now();
      await page.goto(pathToFileURL(built.path).href, { timeout: 120_000 });
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready !== undefined, null, { timeout: 120_000 });
      opens.push((performance.now() - started) / 1000);
      if ((await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.dataset.ready)) !== 'true') throw new Error(`${name}: the report did not open cleanly`);
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.body.dataset.samplesLoaded === 'true', null, { timeout: 120_000 });
      allLoaded.push((performance.now() - started) / 1000);
      if (i === 0) {
        const previous = await page.locator('#sample-count').innerText();
        const searchStarted = performance.now();
        await page.fill('#sample-search', 'lipstick serum');
        await page.waitForFunction((text) => (globalThis as unknown as PageGlobals).document.getElementById('sample-count')?.textContent !== text, previous, { timeout: 120_000 });
        searchSeconds = (performance.now() - searchStarted) / 1000;
      }
      await page.close();
    }
    console.log(
      `${name}${textsCsv ? ' (texts from Banking77 train.csv)' : ' (texts from a 65-word vocabulary)'}: ${samples.toLocaleString('en-US')} samples | fixture ${fixtureSeconds.toFixed(1)} s (0 = reused) | build ${buildSeconds.toFixed(1)} s | ` +
        `report.html ${(built.bytes / 1e6).toFixed(1)} MB | open to first page: median ${median(opens).toFixed(2)} s, max ${Math.max(...opens).toFixed(2)} s over ${OPENS} ` +
        `| all samples decoded (search ready) median ${median(allLoaded).toFixed(2)} s | first search over all samples incl. 150 ms debounce ${searchSeconds.toFixed(2)} s`,
    );
    if (samples === LARGE) console.log(`  bars for ${name}: size < 50 MB ${built.bytes < 50e6 ? 'PASS' : 'FAIL'}; open < 5 s ${Math.max(...opens) < 5 ? 'PASS' : 'FAIL'}`);
  }
} finally {
  await browser.close();
}
