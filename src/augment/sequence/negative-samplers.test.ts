import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { createPopRecommender } from '../../models/baselines/pop.js';
import { createAliasTable } from './alias-table.js';
import { countItems, createHardNegativeSampler, scoresFromRecommender, createPopularityNegativeSampler, createUniformNegativeSampler } from './negative-samplers.js';

describe('alias table', () => {
  it('draws in proportion to the weights', () => {
    // weights 1, 2, 3, 4 -> probabilities .1, .2, .3, .4
    const table = createAliasTable([1, 2, 3, 4]);
    const rng = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[table.sample(rng)]++;
    counts.forEach((count, index) => expect(count / 100_000).toBeCloseTo((index + 1) / 10, 2));
    expect(() => createAliasTable([0, 0])).toThrow(/sum to 0/);
  });
});

describe('negative samplers', () => {
  it('uniform: distinct, never a positive, seeded', () => {
    const sampler = createUniformNegativeSampler(10);
    const first = sampler.sample([1, 2, 3], 7, createRng(2));
    expect([...first].sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect([...sampler.sample([1], 3, createRng(5))]).toEqual([...sampler.sample([1], 3, createRng(5))]);
    expect(() => sampler.sample([1, 2, 3], 8, createRng(2))).toThrow(/cannot draw 8/);
  });

  it('popularity: follows training counts and never draws unseen items', () => {
    // counts: item 1 x3, item 2 x1, item 3 x0
    const counts = countItems([Int32Array.of(1, 2), Int32Array.of(1), Int32Array.of(1)], 3);
    expect([...counts]).toEqual([0, 3, 1, 0]);
    const sampler = createPopularityNegativeSampler(counts);
    const rng = createRng(3);
    let ones = 0;
    for (let i = 0; i < 4000; i++) if (sampler.sample([], 1, rng)[0] === 1) ones++;
    // P(item 1) = 3 / 4
    expect(ones / 4000).toBeCloseTo(0.75, 1);
  });

  it('hard: the top-scored non-positives', () => {
    // scores of items 1..5: .1 .9 .8 .3 .7; positives {2} -> top 2 are items 3 (.8) and 5 (.7)
    const scores = Float32Array.of(0, 0.1, 0.9, 0.8, 0.3, 0.7);
    const sampler = createHardNegativeSampler(5, () => scores);
    expect([...sampler.sample([2], 2, createRng(1))]).toEqual([3, 5]);
    // pool of 3 (3, 5, 4), two drawn from it
    const pooled = createHardNegativeSampler(5, () => scores, { poolSize: 3 }).sample([2], 2, createRng(1));
    for (const item of pooled) expect([3, 4, 5]).toContain(item);
    // from a recommender: Pop with counts 1 -> 2, 2 -> 1, 3 -> 3; positives {3} -> hardest is item 1
    const pop = createPopRecommender([Int32Array.of(1, 1, 2, 3, 3, 3)], 3);
    expect([...createHardNegativeSampler(3, scoresFromRecommender(pop)).sample([3], 1, createRng(1), undefined, 0)]).toEqual([1]);
  });
});
