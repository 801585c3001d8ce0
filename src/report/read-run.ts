/** Reads the files of a run directory that the report shows. */
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SampleForgeError } from '../errors.js';
import type { RunMetrics } from '../types.js';
import type { RunInfo } from './report-sections.js';

async function readJson(path: string, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if (!required && (cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SampleForgeError('E_IO', `cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}; is this a run directory?`, { details: { file: path }, cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new SampleForgeError('E_DATA', `${path} is not valid JSON: ${(cause as Error).message}`, { details: { file: path }, cause });
  }
}

/** metrics.json (required, checked for the fields the report needs) and run.json (optional) of a run directory. */
export async function readRunFiles(runDir: string): Promise<{ metrics: RunMetrics; run?: RunInfo }> {
  const metricsPath = join(runDir, 'metrics.json');
  const metrics = (await readJson(metricsPath, true)) as RunMetrics;
  for (const [field, check] of [
    ['runId', typeof metrics?.runId === 'string'],
    ['primaryMetric', typeof metrics?.primaryMetric === 'string'],
    ['variants', Array.isArray(metrics?.variants)],
    ['comparisons', Array.isArray(metrics?.comparisons)],
  ] as const) {
    if (!check) throw new SampleForgeError('E_DATA', `${metricsPath}: field "${field}" is missing or has the wrong type; metrics.json must follow RunMetrics in src/types.ts`, { details: { file: metricsPath, field } });
  }
  const run = (await readJson(join(runDir, 'run.json'), false)) as RunInfo | undefined;
  return { metrics, run };
}

/** Whether a file exists. */
export async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The minified echarts build from node_modules, inlined so the report opens offline. */
export async function readEchartsSource(): Promise<string> {
  const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  return readFile(path, 'utf8');
}
