/**
 * Agreement of LLM relevance labels with human ESCI judgments: accuracy and Cohen's kappa of
 * `llmRelevanceLabeler` on a seeded sample of query-product pairs, next to two baselines measured
 * on the same pairs (always the most frequent gold label; a seeded random labeller drawing labels
 * with the gold frequencies).
 *
 *   npx vite-node bench/llm/relevance-agreement.ts
 *
 * Model: an OpenAI-compatible server when SF_LLM_BASE_URL is set (SF_LLM_MODEL names the model,
 * SF_LLM_API_KEY_ENV the variable holding a key, SF_LLM_CONCURRENCY the requests in flight),
 * else embedded llama.cpp on SF_LLM_MODEL_PATH (default the tiny random Llama in ../shared/models,
 * whose labels are noise: expect chance-level figures).
 * Data: SF_ESCI_DIR (default ../shared/data/esci-us-judgments-subset, read in place). That subset
 * has no product text, so the model sees only the ASIN and the figure measures the query alone; a
 * folder with the full ESCI Parquet files (examples and products) gives it product titles.
 * SF_BENCH_PAIRS pairs (default 200), drawn with SF_BENCH_SEED (default 1). Answers are cached in
 * bench/.out/llm-cache.sqlite, so a rerun makes no provider calls.
 */
import { resolve } from 'node:path';
import { ESCI_LABELS, llmRelevanceLabeler, type QueryProductPair } from '../../src/augment/llm/llm-relevance-labeler.js';
import { measureLabelAgreement } from '../../src/augment/llm/label-agreement.js';
import { llmConfigSchema } from '../../src/config/llm.js';
import { ensureCanonicalTable } from '../../src/data/ingest/ensure-table.js';
import { loadEsci } from '../../src/data/loaders/load-esci.js';
import { loadEsciJudgmentsSubset } from '../../src/data/loaders/load-esci-judgments-subset.js';
import { hasDatasetFile } from '../../src/data/loaders/loader-support.js';
import { fingerprintFile } from '../../src/internal/fingerprint.js';
import { withDatabase } from '../../src/internal/duckdb.js';
import { createRng } from '../../src/internal/rng.js';
import { createLlmFromConfig } from '../../src/llm/create-llm-from-config.js';

const GOLD: Record<string, (typeof ESCI_LABELS)[number]> = { E: 'exact', S: 'substitute', C: 'complement', I: 'irrelevant' };
const NO_LABEL = 'no-label';
const env = process.env;
const pairCount = Number(env.SF_BENCH_PAIRS ?? 200);
const seed = Number(env.SF_BENCH_SEED ?? 1);
const dataDirectory = resolve(env.SF_ESCI_DIR ?? '../shared/data/esci-us-judgments-subset');

type Row = {
  query_id: string;
  query: string;
  item_id: string;
  label: string;
  title: string | null;
};

const full = await hasDatasetFile(dataDirectory, 'shopping_queries_dataset_examples.parquet');
const dataFile = resolve(dataDirectory, full ? 'shopping_queries_dataset_examples.parquet' : 'esci_us_judgments.json');
const rows = await withDatabase(':memory:', async (db) => {
  if (full) await loadEsci(db, dataDirectory);
  else await loadEsciJudgmentsSubset(db, dataDirectory);
  await ensureCanonicalTable(db, 'items');
  return db.all<Row>(`SELECT j.query_id, j.query, j.item_id, j.label, i.title FROM judgments j LEFT JOIN items i USING (item_id) ORDER BY j.query_id, j.item_id`);
});
const picked = createRng(seed).sample(rows.length, Math.min(pairCount, rows.length)).sort((a, b) => a - b).map((index) => rows[index]);
const withTitles = picked.filter((row) => row.title !== null && row.title !== '').length;
const pairs: QueryProductPair[] = picked.map((row) => ({
  id: `${row.query_id}/${row.item_id}`,
  query: row.query,
  item: { itemId: row.item_id, title: row.title ?? `(no product text available; Amazon ASIN ${row.item_id})`, category: [], attributes: {} },
}));
const gold = picked.map((row) => GOLD[row.label]);

const provider = env.SF_LLM_BASE_URL === undefined
  ? { type: 'llama-cpp' as const, modelPath: resolve(env.SF_LLM_MODEL_PATH ?? '../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf'), contextSize: 2048, sequences: 2 }
  : { type: 'openai-compatible' as const, baseUrl: env.SF_LLM_BASE_URL, model: env.SF_LLM_MODEL ?? 'default', ...(env.SF_LLM_API_KEY_ENV === undefined ? {} : { apiKeyEnv: env.SF_LLM_API_KEY_ENV }) };
const config = llmConfigSchema.parse({
  provider,
  cache: { path: 'bench/.out/llm-cache.sqlite' },
  limits: { concurrency: Number(env.SF_LLM_CONCURRENCY ?? (provider.type === 'llama-cpp' ? 2 : 8)) },
  shared: 'local',
});
const stack = createLlmFromConfig(config);
const labeler = llmRelevanceLabeler({ model: stack.gateway.model, maxTokens: 160 });

const { availableParallelism, loadavg } = await import('node:os');
console.log(`cores: ${availableParallelism()}, load average: ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
const fingerprint = await fingerprintFile(dataFile);
console.log(`data: ${dataFile} (sha256 ${fingerprint.sha256}); ${rows.length} judged pairs, ${picked.length} drawn with seed ${seed}; product titles for ${withTitles} of them`);
if (withTitles === 0) console.log('note: no product text in this data; the model judges from the query and the ASIN alone, so agreement can only reflect the query');
console.log(`model: ${provider.type === 'llama-cpp' ? `llama-cpp ${provider.modelPath}` : `${provider.baseUrl} ${provider.model}`}`);

const started = performance.now();
let failures = 0;
let firstFailure = '';
const predicted: string[] = [];
let totals;
try {
  const labels = await Promise.all(pairs.map(async (pair) => {
    try {
      const [labelled] = await labeler.augment([pair], { rng: createRng(seed), seed });
      return labelled.sample.label ?? NO_LABEL;
    } catch (error) {
      failures++;
      firstFailure ||= (error as Error).message;
      return NO_LABEL;
    }
  }));
  predicted.push(...labels);
} finally {
  totals = await stack.readTotals();
  await stack.dispose();
}
const seconds = (performance.now() - started) / 1000;

const distribution = (labels: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([label, count]) => `${label} ${count}`).join(', ');
};
const majority = [...ESCI_LABELS].sort((a, b) => gold.filter((label) => label === b).length - gold.filter((label) => label === a).length)[0];
const randomRng = createRng(seed).fork('random-baseline');
const randomLabels = gold.map(() => gold[randomRng.int(gold.length)]);
const model = measureLabelAgreement(gold, predicted);
const always = measureLabelAgreement(gold, gold.map(() => majority));
const random = measureLabelAgreement(gold, randomLabels);

console.log(`gold labels:      ${distribution(gold)}`);
console.log(`model labels:     ${distribution(predicted)}${failures > 0 ? ` (${failures} pairs without a valid answer, counted as wrong; first: ${firstFailure.slice(0, 160)})` : ''}`);
console.log(`LLM labeller:     accuracy ${model.accuracy.toFixed(3)}, Cohen's kappa ${model.kappa.toFixed(3)} over ${model.count} pairs`);
console.log(`baseline, always "${majority}": accuracy ${always.accuracy.toFixed(3)}, kappa ${always.kappa.toFixed(3)}`);
console.log(`baseline, random with gold frequencies (seed ${seed}): accuracy ${random.accuracy.toFixed(3)}, kappa ${random.kappa.toFixed(3)}`);
console.log(`confusion (gold -> predicted): ${JSON.stringify(model.confusion)}`);
console.log(`time ${seconds.toFixed(1)} s; billed requests ${totals.requests}, cache hits ${totals.cacheHits}, tokens in ${totals.tokensIn}, out ${totals.tokensOut}`);
