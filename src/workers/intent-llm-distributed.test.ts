import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../cli/main.js';
import { withDatabase } from '../internal/duckdb.js';
import { requestDataText, startReplayServer, type ReplayServer } from '../llm/fixtures/replay-server.js';
import type { RunMetrics } from '../types.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { spawnWorker, type WorkerProcess } from './test-support/worker-process.js';

// An intent run with an llm/paraphrase step, once in one process and once with queue.redis and two
// real `sampleforge worker --llm-config` processes making the calls.
const FIXTURE = fileURLToPath(new URL('../pipeline/intent/fixtures/shop-intents.csv', import.meta.url));

let redis: TestRedis;
let server: ReplayServer;
let directory: string;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
  directory = await mkdtemp(join(tmpdir(), 'sf-intent-llm-dist-'));
  server = await startReplayServer({
    respond: (request) => {
      const text = requestDataText(request);
      return { kind: 'ok', content: JSON.stringify({ paraphrases: [`${text} please`, text, `hello, ${text}`] }), usage: { prompt_tokens: 150, completion_tokens: 30 } };
    },
  });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await server?.close();
  await redis?.stop();
  await rm(directory, { recursive: true, force: true });
});

/** 4 intents, k = 2 and k = 3, one seed, an llm/paraphrase and a text/typo step; shards of 3 texts. */
function intentConfig(queue: Record<string, unknown>, budget: Record<string, unknown> = {}) {
  return {
    name: 'shop-llm',
    task: 'intent',
    seed: 3,
    data: { files: { texts: { path: FIXTURE } } },
    split: { method: 'stratified', validation: 0 },
    sizes: [2, 3],
    seeds: [1],
    augment: { steps: [{ augmenter: 'llm/paraphrase', outputsPerInput: 2 }, { augmenter: 'text/typo', outputsPerInput: 1 }], ablation: false },
    classifier: { epochs: 5, dim: 16 },
    output: { dir: join(directory, 'runs') },
    llm: { provider: { type: 'openai-compatible', baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct' }, cache: { path: join(directory, 'llm-cache.sqlite') }, budget },
    queue: { shardSize: 3, ...queue },
  };
}

async function cli(argv: string[]): Promise<{ code: number; output: { runDir: string; metrics: RunMetrics; error?: { code: string; message: string } } }> {
  let stdout = '';
  const code = await main([...argv, '--json', '--quiet'], { stdout: (text) => { stdout += text; }, stderr: () => {}, isTty: false });
  return { code, output: JSON.parse(stdout) };
}

async function writeConfig(file: string, config: unknown): Promise<string> {
  const path = join(directory, file);
  await writeFile(path, stringify(config));
  return path;
}

const readSamples = (runDir: string) => withDatabase(':memory:', (db) => db.all<Record<string, unknown>>('SELECT id, augmenter, sample, label, kept, verdicts, params, llm FROM read_parquet($path)', { path: join(runDir, 'samples.parquet') }));
const readSets = (runDir: string) => readFile(join(runDir, 'stages', 'augment', 'training-sets.jsonl'), 'utf8');

describe('intent LLM steps on workers (queue.redis)', () => {
  it('writes the samples and training sets of an in-process run, with as many provider calls, and a rerun makes none', async () => {
    const localConfig = await writeConfig('local.yaml', intentConfig({}));
    const local = await cli(['run', localConfig, '--output', join(directory, 'local')]);
    expect(local.code).toBe(0);
    // 8 + 12 training texts, one request each.
    const localCalls = server.requests.length;
    expect(localCalls).toBe(20);
    expect(local.output.metrics.cost).toMatchObject({ requests: 20, cacheHits: 0, tokensOut: 600 });

    const distributedConfig = await writeConfig('distributed.yaml', intentConfig({ redis: redis.url, name: 'intent-llm' }));
    const pair = Array.from({ length: 2 }, () => spawnWorker(redis.url, 'intent-llm', 5000, [], ['--llm-config', distributedConfig]));
    workers.push(...pair);
    await Promise.all(pair.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
    try {
      const distributed = await cli(['run', distributedConfig, '--output', join(directory, 'distributed')]);
      expect(distributed.output.error).toBeUndefined();
      expect(distributed.code).toBe(0);
      // The workers made the calls (the coordinator has no shard to run), as many as the local run.
      expect(server.requests.length - localCalls).toBe(localCalls);
      // Shards of 3 texts per step: 3 for k = 2 (8 texts) and 4 for k = 3 (12 texts), all on the workers.
      const ended = pair.flatMap((worker) => worker.events.filter((event) => event.type === 'shard-end').map((event) => event.shardId ?? ''));
      expect(ended.filter((id) => id.startsWith('augment-llm-text-'))).toHaveLength(7);
      expect(ended.filter((id) => id.startsWith('augment-text-'))).toHaveLength(7);
      expect(distributed.output.metrics.cost).toMatchObject({ requests: 20, cacheHits: 0, tokensOut: 600 });
      const samples = await readSamples(local.output.runDir);
      expect(new Set(samples.map((row) => row.augmenter))).toEqual(new Set(['llm/paraphrase', 'text/typo']));
      expect(await readSamples(distributed.output.runDir)).toEqual(samples);
      expect(await readSets(distributed.output.runDir)).toBe(await readSets(local.output.runDir));
      const accuracy = (metrics: RunMetrics) => metrics.variants.map((variant) => variant.metrics.test.accuracy.values);
      expect(accuracy(distributed.output.metrics)).toEqual(accuracy(local.output.metrics));

      // A new run (new run id, so a fresh budget): every answer from the cache shared in Redis.
      const rerun = await cli(['run', distributedConfig, '--output', join(directory, 'rerun')]);
      expect(rerun.code).toBe(0);
      expect(server.requests).toHaveLength(2 * localCalls);
      expect(rerun.output.metrics.cost).toMatchObject({ requests: 0, cacheHits: 20 });
      expect(await readSets(rerun.output.runDir)).toBe(await readSets(local.output.runDir));
    } finally {
      for (const worker of pair) worker.child.kill('SIGTERM');
      await Promise.all(pair.map((worker) => worker.exited));
    }
  });

  it('stops at a budget shared by the workers with a resumable E_BUDGET', async () => {
    // Another training seed: requests the cache has not seen.
    const config = { ...intentConfig({ redis: redis.url, name: 'intent-budget' }, { maxRequests: 3 }), sizes: [2], seeds: [2], output: { dir: join(directory, 'budget') } };
    const configPath = await writeConfig('budget.yaml', config);
    const pair = Array.from({ length: 2 }, () => spawnWorker(redis.url, 'intent-budget', 5000, [], ['--llm-config', configPath]));
    workers.push(...pair);
    await Promise.all(pair.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
    const before = server.requests.length;
    try {
      const stopped = await cli(['run', configPath]);
      expect(stopped.code).toBe(1);
      expect(stopped.output.error).toMatchObject({ code: 'E_BUDGET', message: expect.stringMatching(/augment\.steps\[0\] \(llm\/paraphrase\), size k2, seed 2: on a worker: LLM budget reached .*: 3 of llm\.budget\.maxRequests 3.*--resume/) });
      // Three calls at most across both workers, and no shard retried after the stop.
      expect(server.requests.length - before).toBeLessThanOrEqual(3);
      const starts = pair.flatMap((worker) => worker.events.filter((event) => event.type === 'shard-start').map((event) => event.shardId));
      expect(new Set(starts).size).toBe(starts.length);

      // The cap comes with the jobs from the run's config: raising it needs no worker restart, and
      // the resumed run pays only for the answers it has not got.
      await writeConfig('budget.yaml', { ...config, llm: { ...config.llm, budget: { maxRequests: 50 } } });
      const resumed = await cli(['run', configPath, '--resume']);
      expect(resumed.output.error).toBeUndefined();
      expect(server.requests.length - before).toBe(8);
      expect(resumed.output.metrics.cost).toMatchObject({ requests: 8 });
    } finally {
      for (const worker of pair) worker.child.kill('SIGTERM');
      await Promise.all(pair.map((worker) => worker.exited));
    }
  });
});
