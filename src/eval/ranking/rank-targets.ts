import { SampleForgeError } from '../../errors.js';
import type { Embeddings, Recommender } from '../../models/recommender.js';
import { countAboveThreshold } from './count-above-threshold.js';
import { scoreLikeKernel } from './score-count-wasm.js';

/**
 * How a target's rank treats items with exactly its score: `half` counts each tie as half an item
 * above it (the expected rank under random tie-breaking), `pessimistic` counts every tie above it.
 */
export type TieRule = 'half' | 'pessimistic';

/** What to rank: one row per user. */
export interface RankRequest {
  /** User indices passed to the model. */
  users: Int32Array;
  /** Items the model may see (the input sequence). */
  histories: readonly Int32Array[];
  /** Target item per row; a negative target gives rank NaN (user skipped). */
  targets: Int32Array;
  /** Items excluded from the ranking per row (known items); the target itself is never excluded. */
  masks: readonly Int32Array[];
  /** Default `half`. */
  ties?: TieRule;
  /** Threads for the embedding kernel; default available cores, at most 2. */
  threads?: number;
  /** Users per `scoreBatch` call on the generic path; default 256. */
  batchSize?: number;
  /** Use the model's `embed` fast path when it has one; default true. */
  useEmbeddings?: boolean;
}

function tieRank(greater: number, equal: number, ties: TieRule): number {
  return ties === 'half' ? greater + equal / 2 : greater + equal;
}

function nanTarget(model: Recommender, row: number, target: number): SampleForgeError {
  return new SampleForgeError('E_TRAIN', `model "${model.name}" scored the target item ${target} of row ${row} as NaN; the model diverged or was not trained`, { details: { model: model.name, row, target } });
}

function checkEmbeddings(model: Recommender, embeddings: Embeddings, rows: number): void {
  const { dim } = embeddings;
  if (embeddings.users.length !== rows * dim || embeddings.items.length !== (model.numItems + 1) * dim) {
    throw new SampleForgeError(
      'E_TRAIN',
      `model "${model.name}" embed() returned ${embeddings.users.length} user and ${embeddings.items.length} item floats; expected ${rows} x ${dim} and ${model.numItems + 1} x ${dim}`,
      { details: { model: model.name, dim, rows } },
    );
  }
}

/**
 * 0-based rank of each target among all items 1..numItems except the row's masked items: the number
 * of items scoring strictly higher, plus ties by `ties`; NaN item scores count as lower, a NaN target
 * score throws E_TRAIN. Uses the model's `embed` and the wasm SIMD
 * kernel over all rows at once when available, else `scoreBatch` in batches.
 */
export async function rankTargets(model: Recommender, request: RankRequest): Promise<Float64Array> {
  const rows = request.targets.length;
  if (request.users.length !== rows || request.histories.length !== rows || request.masks.length !== rows) {
    throw new SampleForgeError('E_USAGE', `rankTargets: users, histories, targets and masks must have one entry per row (${request.users.length}, ${request.histories.length}, ${rows}, ${request.masks.length})`);
  }
  for (let row = 0; row < rows; row++) {
    const target = request.targets[row];
    if (target > model.numItems || target === 0) {
      throw new SampleForgeError('E_DATA', `target item ${target} of row ${row} is outside 1..${model.numItems}; items are dense ids 1..numItems`, { details: { row, target } });
    }
  }
  const ties = request.ties ?? 'half';
  if (model.embed !== undefined && request.useEmbeddings !== false) return rankWithEmbeddings(model, model.embed(request.users, request.histories), request, ties);
  return rankWithScores(model, request, ties);
}

async function rankWithEmbeddings(model: Recommender, embeddings: Embeddings, request: RankRequest, ties: TieRule): Promise<Float64Array> {
  const rows = request.targets.length;
  checkEmbeddings(model, embeddings, rows);
  const { dim, users, items } = embeddings;
  const thresholds = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    const target = request.targets[row];
    thresholds[row] = target > 0 ? scoreLikeKernel(users, row * dim, items, target * dim, dim) : Number.POSITIVE_INFINITY;
    if (Number.isNaN(thresholds[row])) throw nanTarget(model, row, target);
  }
  const { greater, equal } = await countAboveThreshold({ dim, users, items, thresholds, threads: request.threads });
  const ranks = new Float64Array(rows);
  const stamp = new Int32Array(model.numItems + 1);
  for (let row = 0; row < rows; row++) {
    const target = request.targets[row];
    if (target < 0) {
      ranks[row] = Number.NaN;
      continue;
    }
    let above = greater[row];
    // The target ties with itself.
    let same = equal[row] - 1;
    const threshold = thresholds[row];
    for (const item of request.masks[row]) {
      if (item <= 0 || item > model.numItems || item === target || stamp[item] === row + 1) continue;
      stamp[item] = row + 1;
      const score = scoreLikeKernel(users, row * dim, items, item * dim, dim);
      if (score > threshold) above--;
      else if (score === threshold) same--;
    }
    ranks[row] = tieRank(above, same, ties);
  }
  return ranks;
}

function rankWithScores(model: Recommender, request: RankRequest, ties: TieRule): Float64Array {
  const rows = request.targets.length;
  const width = model.numItems + 1;
  const batchSize = Math.max(1, request.batchSize ?? 256);
  const scores = new Float32Array(Math.min(batchSize, Math.max(rows, 1)) * width);
  const ranks = new Float64Array(rows);
  const stamp = new Int32Array(width);
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(rows, start + batchSize);
    const out = end - start === batchSize ? scores : scores.subarray(0, (end - start) * width);
    model.scoreBatch(request.users.subarray(start, end), request.histories.slice(start, end), out);
    for (let row = start; row < end; row++) {
      const target = request.targets[row];
      if (target < 0) {
        ranks[row] = Number.NaN;
        continue;
      }
      for (const item of request.masks[row]) if (item > 0 && item < width) stamp[item] = row + 1;
      stamp[target] = 0;
      const base = (row - start) * width;
      const threshold = out[base + target];
      if (Number.isNaN(threshold)) throw nanTarget(model, row, target);
      let above = 0;
      let same = 0;
      for (let item = 1; item < width; item++) {
        const score = out[base + item];
        // NaN scores fail this test too: they never rank above the target, as in the kernel.
        if (!(score >= threshold) || stamp[item] === row + 1) continue;
        if (score > threshold) above++;
        else same++;
      }
      ranks[row] = tieRank(above, same - 1, ties);
    }
  }
  return ranks;
}

/**
 * 0-based rank of each target among its own candidate items (the sampled-negatives protocol):
 * the number of candidates scoring higher, plus ties by `ties`.
 */
export function rankAmongCandidates(model: Recommender, request: Omit<RankRequest, 'masks'> & { candidates: readonly Int32Array[] }): Float64Array {
  const rows = request.targets.length;
  const ties = request.ties ?? 'half';
  const ranks = new Float64Array(rows);
  const count = (row: number, scoreOf: (item: number) => number): void => {
    const target = request.targets[row];
    if (target < 0) {
      ranks[row] = Number.NaN;
      return;
    }
    const threshold = scoreOf(target);
    if (Number.isNaN(threshold)) throw nanTarget(model, row, target);
    let above = 0;
    let same = 0;
    for (const item of request.candidates[row]) {
      if (item === target) continue;
      const score = scoreOf(item);
      if (score > threshold) above++;
      else if (score === threshold) same++;
    }
    ranks[row] = tieRank(above, same, ties);
  };
  if (model.embed !== undefined && request.useEmbeddings !== false) {
    const embeddings = model.embed(request.users, request.histories);
    checkEmbeddings(model, embeddings, rows);
    const { dim, users, items } = embeddings;
    for (let row = 0; row < rows; row++) count(row, (item) => scoreLikeKernel(users, row * dim, items, item * dim, dim));
    return ranks;
  }
  const width = model.numItems + 1;
  const batchSize = Math.max(1, request.batchSize ?? 256);
  const scores = new Float32Array(Math.min(batchSize, Math.max(rows, 1)) * width);
  for (let start = 0; start < rows; start += batchSize) {
    const end = Math.min(rows, start + batchSize);
    const out = end - start === batchSize ? scores : scores.subarray(0, (end - start) * width);
    model.scoreBatch(request.users.subarray(start, end), request.histories.slice(start, end), out);
    for (let row = start; row < end; row++) count(row, (item) => out[(row - start) * width + item]);
  }
  return ranks;
}
