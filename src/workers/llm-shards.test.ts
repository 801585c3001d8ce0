import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { llmConfigSchema } from '../config/llm.js';
import { parseConfig } from '../config/load.js';
import { requestDataText, startReplayServer, type ReplayServer } from '../llm/fixtures/replay-server.js';
import { createLlmFromConfig } from '../llm/create-llm-from-config.js';
import { BUILTIN_SHARD_TASKS } from '../pipeline/builtin-tasks.js';
import { LLM_TEXT_TASK, readLlmTextOutcome } from '../pipeline/llm-text-task.js';
import { createLocalExecutor } from '../pipeline/local-executor.js';
import { createShardStore } from '../pipeline/shard-store.js';
import { planShards } from '../pipeline/shards.js';
import { createDistributedExecutor } from './distributed-executor.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { spawnWorker, type WorkerProcess } from './test-support/worker-process.js';

// augment/llm-text shards in real worker processes, against a local OpenAI-compatible server.
let redis: TestRedis;
let server: ReplayServer;
let directory: string;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
  directory = await mkdtemp(join(tmpdir(), 'sf-llm-shards-'));
  // A new paraphrase, a copy of the source (dropped by the augmenter) and another new one.
  server = await startReplayServer({
    respond: (request) => {
      const text = requestDataText(request);
      return { kind: 'ok', content: JSON.stringify({ paraphrases: [`${text} please`, text, `hey, ${text}`] }), usage: { prompt_tokens: 100, completion_tokens: 20 } };
    },
  });
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await server?.close();
  await redis?.stop();
  await rm(directory, { recursive: true, force: true });
});

const llmSection = () => ({ provider: { type: 'openai-compatible', baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct' }, cache: { path: join(directory, 'local-cache.sqlite') } });

function plan(runId: string, settings?: Record<string, unknown>) {
  const records = Array.from({ length: 10 }, (_, index) => ({ id: `t${index}`, text: `where is my order number ${index}`, label: index % 2 === 0 ? 'track' : 'cancel', language: 'en' }));
  return planShards({ task: LLM_TEXT_TASK, records, shardSize: 4, seed: 5, options: { step: { augmenter: 'llm/paraphrase', outputsPerInput: 2 }, seed: 77, run: { runId, ...(settings === undefined ? {} : { settings }) } } });
}

async function startWorkers(queueName: string, args: readonly string[], count: number): Promise<WorkerProcess[]> {
  const started = Array.from({ length: count }, () => spawnWorker(redis.url, queueName, 5000, [], args));
  workers.push(...started);
  await Promise.all(started.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
  return started;
}

async function stopWorkers(started: readonly WorkerProcess[]): Promise<void> {
  for (const worker of started) worker.child.kill('SIGTERM');
  await Promise.all(started.map((worker) => worker.exited));
}

describe('augment/llm-text shards on workers started with --llm-config', () => {
  it('gives the records of a local run, with the cache and budget shared through Redis across workers', async () => {
    const shards = plan('run-a');
    expect(shards).toHaveLength(3);
    // Local: the coordinator's own (unshared) stack.
    const local = createLlmFromConfig(parseConfig(llmConfigSchema, llmSection()));
    const localStore = createShardStore(join(directory, 'local'));
    try {
      await createLocalExecutor(BUILTIN_SHARD_TASKS).execute(shards, localStore, { context: { llm: async () => local.gateway.model } });
    } finally {
      await local.dispose();
    }
    const localRecords = (await localStore.merge(shards)).records;
    const outcome = readLlmTextOutcome(localRecords);
    expect(outcome.kept).toHaveLength(20);
    expect(outcome.dropped).toHaveLength(10);
    expect(server.requests).toHaveLength(10);

    const configPath = join(directory, 'worker.yaml');
    await writeFile(configPath, stringify({ llm: llmSection() }));
    const pair = await startWorkers('llm-text', ['--llm-config', configPath], 2);
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName: 'llm-text', pollMs: 50 });
    const coordinator = createLlmFromConfig(parseConfig(llmConfigSchema, llmSection()), { redisUrl: redis.url, budgetScope: 'run-a' });
    try {
      const store = createShardStore(join(directory, 'distributed'));
      await executor.execute(shards, store);
      expect((await store.merge(shards)).records).toEqual(localRecords);
      // The workers' cache starts empty (it is Redis, not the local file): one call per text again.
      expect(server.requests).toHaveLength(20);
      expect(await coordinator.readTotals()).toMatchObject({ requests: 10, cacheHits: 0, tokensOut: 200 });

      // A second store, same shards: every answer comes from the shared cache, whichever worker asks.
      const again = createShardStore(join(directory, 'distributed-again'));
      await executor.execute(shards, again);
      expect(server.requests).toHaveLength(20);
      expect(await coordinator.readTotals()).toMatchObject({ requests: 10, cacheHits: 10 });
      const rerun = readLlmTextOutcome((await again.merge(shards)).records);
      expect(rerun.kept.map((sample) => sample.sample.text)).toEqual(outcome.kept.map((sample) => sample.sample.text));
      expect(rerun.kept.every((sample) => sample.lineage.llm?.cacheHit === true)).toBe(true);
      expect(pair.every((worker) => worker.events.some((event) => event.type === 'shard-end'))).toBe(true);
    } finally {
      await coordinator.dispose();
      await executor.close();
      await stopWorkers(pair);
    }
  });

  it('fails an LLM shard for good on a worker started without --llm-config, saying to pass it', async () => {
    const shards = plan('run-b').slice(0, 1);
    const [worker] = await startWorkers('llm-none', [], 1);
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName: 'llm-none', pollMs: 50, attempts: 3 });
    try {
      await expect(executor.execute(shards, createShardStore(join(directory, 'none')))).rejects.toMatchObject({ code: 'E_QUEUE', message: expect.stringMatching(/after 1 attempt\(s\).*--llm-config/) });
      expect(worker.events.filter((event) => event.type === 'shard-start')).toHaveLength(1);
    } finally {
      await executor.close();
      await stopWorkers([worker]);
    }
  });

  it('refuses for good a shard of a run whose model is not the one the worker serves', async () => {
    const shards = plan('run-c', { model: 'openai-compatible/another-model', maxOutputTokens: 512, privacy: { enabled: true, userIdPatterns: [] }, budget: { prices: {} } }).slice(0, 1);
    const configPath = join(directory, 'worker-c.yaml');
    await writeFile(configPath, stringify({ llm: llmSection() }));
    const [worker] = await startWorkers('llm-model', ['--llm-config', configPath], 1);
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName: 'llm-model', pollMs: 50, attempts: 3 });
    const calls = server.requests.length;
    try {
      await expect(executor.execute(shards, createShardStore(join(directory, 'model')))).rejects.toMatchObject({ code: 'E_QUEUE', message: expect.stringMatching(/after 1 attempt\(s\).*serves \S+\/qwen2\.5-7b-instruct, but run run-c uses openai-compatible\/another-model/) });
      expect(server.requests).toHaveLength(calls);
    } finally {
      await executor.close();
      await stopWorkers([worker]);
    }
  });
});
