import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { trainBprMf } from './bpr-mf.js';
import { createItemKnnRecommender } from './item-knn.js';
import { computeCooccurrenceNeighbours } from './item-similarity.js';
import { createPopRecommender } from './pop.js';

const train = [Int32Array.of(1, 2, 3), Int32Array.of(1, 2), Int32Array.of(2, 4), Int32Array.of(1, 2, 4)];

describe('item similarity', () => {
  it('is cosine on co-occurrence with shrinkage', () => {
    // users per item: 1 -> {0,1,3} (3), 2 -> {0,1,2,3} (4), 3 -> {0} (1), 4 -> {2,3} (2)
    // c(1,2) = 3 -> 3 / sqrt(3 * 4) = .866025; c(1,3) = 1 -> 1 / sqrt(3) = .577350; c(1,4) = 1 -> 1 / sqrt(6) = .408248
    const neighbours = computeCooccurrenceNeighbours(train, 4);
    expect([...neighbours.items[1]]).toEqual([2, 3, 4]);
    expect(neighbours.weights[1][0]).toBeCloseTo(3 / Math.sqrt(12), 6);
    expect(neighbours.weights[1][2]).toBeCloseTo(1 / Math.sqrt(6), 6);
    // shrinkage 1: 3 / (sqrt(12) + 1) = .672; 1 / (sqrt(3) + 1) = .366; top-1 keeps item 2 only
    const shrunk = computeCooccurrenceNeighbours(train, 4, { shrinkage: 1, topK: 1 });
    expect([...shrunk.items[1]]).toEqual([2]);
    expect(shrunk.weights[1][0]).toBeCloseTo(3 / (Math.sqrt(12) + 1), 6);
  });
});

describe('baseline recommenders', () => {
  it('Pop scores by training count', () => {
    // counts: 1 -> 3, 2 -> 4, 3 -> 1, 4 -> 2
    const out = new Float32Array(2 * 5);
    createPopRecommender(train, 4).scoreBatch(Int32Array.of(0, 1), [Int32Array.of(), Int32Array.of()], out);
    expect([...out.subarray(0, 5)]).toEqual([0, 3, 4, 1, 2]);
  });

  it('ItemKNN sums similarities to the history, with recency decay', () => {
    // history [3, 4]: sim(3, .) from user 0 only: 3 -> {1: 1/sqrt(3), 2: 1/sqrt(4)}; 4 -> {1: 1/sqrt(6), 2: 2/sqrt(8)}
    // decay .5: item 4 (last) weight 1, item 3 weight .5
    // score(1) = .5/sqrt(3) + 1/sqrt(6) = .697; score(2) = .5 * .5 + 2/sqrt(8) = .957
    const out = new Float32Array(5);
    createItemKnnRecommender(train, 4, { recencyDecay: 0.5 }).scoreBatch(Int32Array.of(0), [Int32Array.of(3, 4)], out);
    expect(out[1]).toBeCloseTo(0.5 / Math.sqrt(3) + 1 / Math.sqrt(6), 6);
    expect(out[2]).toBeCloseTo(0.25 + 2 / Math.sqrt(8), 6);
  });

  it('BPR-MF is seeded and learns a two-cluster structure', () => {
    // users 0..19 like items 1..5, users 20..39 like 6..10; each user sees 3 of their 5
    const rng = createRng(1);
    const sequences = Array.from({ length: 40 }, (_, user) => Int32Array.from(rng.sample(5, 3), (index) => index + 1 + (user < 20 ? 0 : 5)));
    const first = trainBprMf(sequences, 10, { dim: 8, epochs: 30, seed: 3 });
    const again = trainBprMf(sequences, 10, { dim: 8, epochs: 30, seed: 3 });
    const users = Int32Array.of(0, 25);
    expect(first.embed?.(users, []).users).toEqual(again.embed?.(users, []).users);
    const scores = new Float32Array(2 * 11);
    first.scoreBatch(users, [], scores);
    const mean = (row: number, from: number) => (scores[row * 11 + from] + scores[row * 11 + from + 1] + scores[row * 11 + from + 2] + scores[row * 11 + from + 3] + scores[row * 11 + from + 4]) / 5;
    expect(mean(0, 1)).toBeGreaterThan(mean(0, 6));
    expect(mean(1, 6)).toBeGreaterThan(mean(1, 1));
  });
});
