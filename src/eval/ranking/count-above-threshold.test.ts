import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { countAboveThreshold } from './count-above-threshold.js';
import { scoreLikeKernel } from './score-count-wasm.js';

describe('countAboveThreshold', () => {
  it('matches a brute-force count on the calling thread and in workers only', async () => {
    // 53 users (not a multiple of the tile), 101 items (not a multiple of 8), dim 7; quantised values give exact ties
    const dim = 7;
    const rng = createRng(21);
    const users = Float32Array.from({ length: 53 * dim }, () => Math.round(rng.normal() * 2) / 2);
    const items = Float32Array.from({ length: 102 * dim }, () => Math.round(rng.normal() * 2) / 2);
    const thresholds = Float32Array.from({ length: 53 }, (_, user) => scoreLikeKernel(users, user * dim, items, (1 + (user % 101)) * dim, dim));
    thresholds[5] = -1000;
    const greater = new Int32Array(53);
    const equal = new Int32Array(53);
    for (let user = 0; user < 53; user++) {
      for (let item = 1; item <= 101; item++) {
        const score = scoreLikeKernel(users, user * dim, items, item * dim, dim);
        if (score > thresholds[user]) greater[user]++;
        else if (score === thresholds[user]) equal[user]++;
      }
    }
    expect(greater[5]).toBe(101);
    const inline = await countAboveThreshold({ dim, users, items, thresholds, threads: 1 });
    const workers = await countAboveThreshold({ dim, users, items, thresholds, threads: 2, useCallingThread: false });
    for (const result of [inline, workers]) {
      expect([...result.greater]).toEqual([...greater]);
      expect([...result.equal]).toEqual([...equal]);
    }
  });
});
