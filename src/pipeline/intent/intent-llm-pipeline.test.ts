import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../cli/main.js';
import { parseConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { sha256 } from '../../internal/fingerprint.js';
import { withDatabase } from '../../internal/duckdb.js';
import { requestDataText, startReplayServer, type ReplayServer } from '../../llm/fixtures/replay-server.js';
import type { RunMetrics } from '../../types.js';
import { runPipeline } from '../run-pipeline.js';
import type { StepBudget } from './text-budget.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/shop-intents.csv', import.meta.url));
// stories260K answers the paraphrase grammar within 64 tokens; llama-2-tiny-random rambles past any small cap.
const TINY_MODEL = resolve(process.cwd(), '../shared/models/stories260K/stories260K.gguf');

let server: ReplayServer;
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sf-intent-llm-'));
  // Paraphrases made from the text in the request's data block: a new one, a copy of the source, a
  // repeat and another new one, so the augmenter's own filter drops two with their reasons.
  server = await startReplayServer({
    respond: (request) => {
      const text = requestDataText(request);
      return { kind: 'ok', content: JSON.stringify({ paraphrases: [`${text} please`, text, `${text} please`, `hello, ${text}`] }), usage: { prompt_tokens: 150 + text.length, completion_tokens: 30 } };
    },
  });
});
afterEach(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

/** A small intent run: 4 intents, k = 2, one seed, a few epochs, one llm/paraphrase step. */
function intentConfig(llm: Record<string, unknown>, steps: unknown[] = [{ augmenter: 'llm/paraphrase', outputsPerInput: 2 }]) {
  return {
    name: 'shop-llm',
    task: 'intent',
    seed: 3,
    data: { files: { texts: { path: FIXTURE } } },
    split: { method: 'stratified', validation: 0 },
    sizes: [2],
    seeds: [1],
    augment: { steps, ablation: false },
    classifier: { epochs: 5, dim: 16 },
    output: { dir: join(directory, 'runs') },
    llm,
  };
}

function httpLlm(extra: Record<string, unknown> = {}) {
  return { provider: { type: 'openai-compatible', baseUrl: server.baseUrl, model: 'qwen2.5-7b-instruct' }, cache: { path: join(directory, 'llm-cache.sqlite') }, ...extra };
}

async function writeConfig(config: unknown): Promise<string> {
  const path = join(directory, 'config.yaml');
  await writeFile(path, stringify(config));
  return path;
}

/** Runs the CLI; returns its exit code and its JSON output. */
async function cli(argv: string[]): Promise<{ code: number; output: { runDir: string; metrics: RunMetrics; error?: { code: string; message: string } } & Record<string, unknown> }> {
  let stdout = '';
  const code = await main([...argv, '--json', '--quiet'], { stdout: (text) => { stdout += text; }, stderr: () => {}, isTty: false });
  return { code, output: JSON.parse(stdout) };
}

type SampleRow = {
  id: string;
  augmenter: string;
  sample: string;
  label: string;
  kept: boolean;
  verdicts: string;
  params: string;
  llm: string | null;
};

function readSamples(runDir: string): Promise<SampleRow[]> {
  return withDatabase(':memory:', (db) => db.all<SampleRow>('SELECT id, augmenter, sample, label, kept, verdicts, params, llm FROM read_parquet($path)', { path: join(runDir, 'samples.parquet') }));
}

/** What must be identical between a run and its rerun: everything but the cache-hit flag. */
function canonical(rows: readonly SampleRow[]): string {
  return sha256(rows.map((row) => ({ ...row, llm: row.llm === null ? null : { ...JSON.parse(row.llm), cacheHit: undefined } })));
}

describe('intent runs with LLM steps (sampleforge run against a local OpenAI-compatible server)', () => {
  it('makes N > 0 provider calls, and a rerun into a new run directory with the same config and cache makes 0 and writes identical samples', async () => {
    const configPath = await writeConfig(intentConfig(httpLlm()));
    const first = await cli(['run', configPath]);
    expect(first.code).toBe(0);
    // One request per training text: 4 intents x k = 2.
    const calls = server.requests.length;
    expect(calls).toBe(8);
    expect(first.output.metrics.cost).toMatchObject({ requests: calls, cacheHits: 0, tokensOut: 30 * calls });
    expect(first.output.metrics.variants.map((variant) => variant.name)).toEqual(['k2/baseline', 'k2/augmented']);

    const rows = await readSamples(first.output.runDir);
    expect(rows.filter((row) => row.kept).length).toBeGreaterThan(0);
    // Every LLM sample carries the prompt version and hash and its tokens, kept or dropped.
    for (const row of rows) {
      expect(row.augmenter).toBe('llm/paraphrase');
      expect(JSON.parse(row.llm ?? 'null')).toMatchObject({ provider: 'openai-compatible', model: 'qwen2.5-7b-instruct', promptId: 'paraphrase', promptVersion: '1', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/), tokensIn: expect.any(Number), tokensOut: 30, cacheHit: false });
    }
    // The augmenter's own rejects (the copy of the source, the repeat) are rows too, with their reasons.
    const reasons = rows.flatMap((row) => (JSON.parse(row.verdicts) as { filter: string; reason?: string }[]).filter((verdict) => verdict.filter === 'llm/novel-text' && verdict.reason !== undefined).map((verdict) => verdict.reason));
    expect(reasons.filter((reason) => reason?.startsWith('copy of the source'))).toHaveLength(8);
    expect(reasons.filter((reason) => /^copy of [a-z]\d\d~paraphrase~0$/.test(reason ?? ''))).toHaveLength(8);
    expect(first.output.metrics.counts?.filter).toMatchObject({ 'llm/novel-text': 16 });

    const second = await cli(['run', configPath, '--output', join(directory, 'rerun')]);
    expect(second.code).toBe(0);
    expect(second.output.runDir).not.toBe(first.output.runDir);
    expect(server.requests).toHaveLength(calls);
    expect(second.output.metrics.cost).toMatchObject({ requests: 0, cacheHits: calls });
    const again = await readSamples(second.output.runDir);
    expect(again.map((row) => [row.id, row.sample])).toEqual(rows.map((row) => [row.id, row.sample]));
    expect(canonical(again)).toBe(canonical(rows));
    expect(again.every((row) => JSON.parse(row.llm ?? '{}').cacheHit === true)).toBe(true);
    const sets = (runDir: string) => readFile(join(runDir, 'stages', 'augment', 'training-sets.jsonl'), 'utf8');
    expect(await sets(second.output.runDir)).toBe(await sets(first.output.runDir));
    const accuracy = (metrics: RunMetrics) => metrics.variants.map((variant) => variant.metrics.test.accuracy.values);
    expect(accuracy(second.output.metrics)).toEqual(accuracy(first.output.metrics));
  });

  it('stops at the budget with E_BUDGET and a resumable run; --resume pays only for answers it has not got, counting what the run paid before', async () => {
    const config = intentConfig(httpLlm({ budget: { maxRequests: 3 } }));
    const configPath = await writeConfig(config);
    const stopped = await cli(['run', configPath]);
    expect(stopped.code).toBe(1);
    expect(stopped.output.error).toMatchObject({ code: 'E_BUDGET', message: expect.stringMatching(/augment\.steps\[0\] \(llm\/paraphrase\), size k2, seed 1: LLM budget reached: 3 of llm\.budget\.maxRequests 3.*--resume/) });
    expect(server.requests).toHaveLength(3);
    const runDir = join(directory, 'runs', 'shop-llm');
    const record = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as { status: string; stages: { name: string; status: string; error?: { code: string } }[] };
    expect(record.status).toBe('failed');
    expect(record.stages.map((stage) => `${stage.name}:${stage.status}`)).toEqual(['ingest:completed', 'clean:completed', 'label:completed', 'split:completed', 'augment:failed']);
    expect(record.stages.at(-1)?.error?.code).toBe('E_BUDGET');
    expect(JSON.parse(await readFile(join(runDir, 'llm-usage.json'), 'utf8')).totals).toMatchObject({ requests: 3 });

    // The cap is the run's: resuming with the same cap stops again before any new call.
    expect((await cli(['run', configPath, '--resume'])).output.error?.code).toBe('E_BUDGET');
    expect(server.requests).toHaveLength(3);

    await writeConfig({ ...config, llm: httpLlm({ budget: { maxRequests: 20 } }) });
    const resumed = await cli(['run', configPath, '--resume']);
    expect(resumed.code).toBe(0);
    // 8 answers in all: the 3 paid before came from the cache.
    expect(server.requests).toHaveLength(8);
    expect(new Set(server.requests.map((request) => request.rawBody)).size).toBe(8);
    expect(resumed.output.metrics.cost).toMatchObject({ requests: 8, cacheHits: 6 });
    expect(existsSync(join(runDir, 'samples.parquet'))).toBe(true);
  });

  it('runs paraphrase, back-translation and intent utterances side by side, one variant per step, each sample with its lineage', async () => {
    await server.close();
    server = await startReplayServer({
      respond: (request) => {
        const messages = request.body.messages as { role: string; content: string }[];
        const system = messages[0].content;
        const data = (name: string) => requestDataText(request, name);
        if (system.includes('paraphrases')) return { kind: 'ok', content: JSON.stringify({ paraphrases: [`${data('text')} please`] }) };
        if (system.includes('translator')) {
          const text = data('text');
          return { kind: 'ok', content: JSON.stringify({ translation: system.includes('into Chinese') ? `中文 ${text}` : `${text.replace('中文 ', '')} now` }) };
        }
        const intent = data('intent');
        return { kind: 'ok', content: JSON.stringify({ utterances: [`i have a question about ${intent}`, `help me with ${intent} today`] }) };
      },
    });
    const steps = [
      { augmenter: 'llm/paraphrase', outputsPerInput: 1 },
      { augmenter: 'llm/back-translation' },
      { augmenter: 'llm/intent-utterances', utterancesPerIntent: 2, examplesPerIntent: 2, intents: { refund: { name: 'refund request' } } },
    ];
    // Utterances are not rewordings of the examples shown, so no lower similarity bound.
    const config = parseConfig(configSchema, { ...intentConfig(httpLlm()), augment: { steps, ablation: true }, filter: { minSimilarity: 0 } });
    const result = await runPipeline(config);
    expect(result.metrics.variants.map((variant) => variant.name)).toEqual(['k2/baseline', 'k2/augmented', 'k2/only-paraphrase', 'k2/only-back-translation', 'k2/only-intent-utterances']);
    // 8 paraphrase requests, 2 x 8 translation legs, 4 intents.
    expect(server.requests).toHaveLength(8 + 16 + 4);
    expect(result.metrics.cost).toMatchObject({ requests: 28, cacheHits: 0 });
    const rows = await readSamples(result.runDir);
    const byAugmenter = (name: string) => rows.filter((row) => row.augmenter === name);
    expect(byAugmenter('llm/paraphrase')).toHaveLength(8);
    expect(byAugmenter('llm/back-translation').map((row) => JSON.parse(row.params).pivot)).toEqual(Array(8).fill('zh'));
    const utterances = byAugmenter('llm/intent-utterances');
    expect(utterances).toHaveLength(8);
    expect(new Set(utterances.map((row) => row.label))).toEqual(new Set(['track_order', 'cancel_order', 'refund', 'change_address']));
    expect(utterances.some((row) => row.sample === 'i have a question about refund request')).toBe(true);
    for (const row of rows) expect(JSON.parse(row.llm ?? '{}')).toMatchObject({ promptVersion: '1', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/), tokensIn: expect.any(Number) });
  });

  it('asks the LLM steps for the generation budget: counts per text for paraphrase and back-translation, the label\'s quota for intent utterances', async () => {
    await server.close();
    server = await startReplayServer({
      respond: (request) => {
        const messages = request.body.messages as { role: string; content: string }[];
        const system = messages[0].content;
        const data = (name: string) => requestDataText(request, name);
        const count = Number(/(?:Return|Write) (\d+)/.exec(system)?.[1] ?? 0);
        if (system.includes('paraphrases')) return { kind: 'ok', content: JSON.stringify({ paraphrases: Array.from({ length: count }, (_, index) => `${data('text')} please ${index}`) }) };
        if (system.includes('translator')) return { kind: 'ok', content: JSON.stringify({ translation: system.includes('into Chinese') ? `中文 ${data('text')}` : `${data('text').replace('中文 ', '')} now` }) };
        return { kind: 'ok', content: JSON.stringify({ utterances: Array.from({ length: count }, (_, index) => `question ${index} about ${data('intent')}`) }) };
      },
    });
    const steps = [{ augmenter: 'llm/paraphrase', outputsPerInput: 1 }, { augmenter: 'llm/back-translation' }, { augmenter: 'llm/intent-utterances', utterancesPerIntent: 1 }];
    // 4 intents with 2 texts each (k = 2): 16 in all is 4 per intent and 2 per text.
    const config = parseConfig(configSchema, { ...intentConfig(httpLlm(), steps), align: { budget: { enabled: true, total: 16 } } });
    const result = await runPipeline(config);
    const asked = (kind: string) => server.requests.map((request) => (request.body.messages as { content: string }[])[0].content).filter((system) => system.includes(kind));
    expect(asked('paraphrases').map((system) => /Return (\d+)/.exec(system)?.[1])).toEqual(Array(8).fill('2'));
    // Two round trips per text, of two legs each.
    expect(asked('translator')).toHaveLength(8 * 2 * 2);
    expect(asked('support chat').map((system) => /Write (\d+)/.exec(system)?.[1])).toEqual(Array(4).fill('4'));
    const budget = (result.stages.augment as { budget: StepBudget[] }).budget;
    expect(budget.map((entry) => entry.augmenter)).toEqual(['llm/paraphrase', 'llm/back-translation', 'llm/intent-utterances']);
    for (const entry of budget) {
      expect(Object.values(entry.labels).map((label) => [label.real, label.requested, label.produced])).toEqual(Array(4).fill([2, 4, 4]));
    }
    // A text's second round trip gives the same text as its first here: the augmenter drops it as a repeat.
    const rows = await readSamples(result.runDir);
    const repeats = rows.filter((row) => row.augmenter === 'llm/back-translation' && /"reason":"copy of [a-z]\d\d~back-translation-zh"/.test(row.verdicts));
    expect(repeats).toHaveLength(8);
  });

  it('runs on embedded llama.cpp (stories260K, threads 1) from the config, and the rerun is answered from the cache', async () => {
    const llm = { provider: { type: 'llama-cpp', modelPath: TINY_MODEL, threads: 1, contextSize: 1024, sequences: 2 }, cache: { path: join(directory, 'llama-cache.sqlite') } };
    const config = intentConfig(llm, [{ augmenter: 'llm/paraphrase', outputsPerInput: 1, maxTokens: 64, temperature: 0 }]);
    const configPath = await writeConfig({ ...config, sizes: [1] });
    const first = await cli(['run', configPath]);
    expect(first.code).toBe(0);
    expect(first.output.metrics.cost?.requests).toBeGreaterThanOrEqual(4);
    const second = await cli(['run', configPath, '--output', join(directory, 'rerun')]);
    expect(second.code).toBe(0);
    expect(second.output.metrics.cost).toMatchObject({ requests: 0, cacheHits: first.output.metrics.cost?.requests });
    const rows = await readSamples(first.output.runDir);
    expect(rows.length).toBeGreaterThan(0);
    expect(canonical(await readSamples(second.output.runDir))).toBe(canonical(rows));
    for (const row of rows) expect(JSON.parse(row.llm ?? '{}')).toMatchObject({ provider: 'llama-cpp', model: 'stories260K.gguf', promptId: 'paraphrase', tokensOut: expect.any(Number) });
  }, 60_000);
});
