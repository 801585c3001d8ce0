import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { evaluateRanking } from '../../eval/ranking/evaluate-ranking.js';
import { createPopRecommender } from '../../models/baselines/pop.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { evaluateExternal } from './evaluate-external.js';
import { runExternalTrainer } from './run-external-trainer.js';

const script = fileURLToPath(new URL('./test-support/popularity-trainer.mjs', import.meta.url));
const node = process.execPath;

// Training counts: item 1 x6, 2 x5, 3 x4, 4 x3, 5 x2, 6 x1, so popularity has no ties.
const data: LeaveOneOutData = {
  numItems: 6,
  train: [Int32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(1, 2, 3, 4, 5), Int32Array.of(1, 2, 3, 4), Int32Array.of(1, 2, 3), Int32Array.of(1, 2), Int32Array.of(1)],
  validTarget: Int32Array.of(2, 6, 5, 4, 3, 6),
  testTarget: Int32Array.of(3, 1, 6, 5, 2, 4),
};

async function expectError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(SampleForgeError.is(error, code as never), String(error)).toBe(true);
  expect((error as Error).message).toMatch(pattern);
}

describe('external trainer', () => {
  it('evaluates top-K lists like the built-in Pop, with a miss past K', async () => {
    const result = await runExternalTrainer(data, { command: [node, script, '{manifest}'], topK: 3, seed: 1 });
    expect(result.warnings).toEqual([]);
    const external = await evaluateExternal(result, data);
    const internal = await evaluateRanking(createPopRecommender(data.train, 6), data, { split: 'test' });
    // test, masks = train + valid: u0 target 3, masked {1,2,4,5,6} -> rank 0; u1 target 1, masked {2..6} -> 0;
    // u2 target 6, masked {1,2,3,4,5} -> 0; u3 target 5, masked {1,2,3,4} -> 0 (6 is less popular);
    // u4 target 2, masked {1,3} -> 0; u5 target 4, masked {1,6}: 2 and 3 are above -> 2
    expect([...internal.ranks]).toEqual([0, 0, 0, 0, 0, 2]);
    expect([...external.ranks]).toEqual([...internal.ranks]);
    expect(external.metrics).toEqual(internal.metrics);
    // K = 2: user 5's target at rank 2 is outside the list, a miss (Infinity)
    const short = await evaluateExternal(await runExternalTrainer(data, { command: [node, script], topK: 2 }), data);
    expect(short.ranks[5]).toBe(Number.POSITIVE_INFINITY);
    expect(short.metrics.mrr).toBeCloseTo(5 / 6, 12);
  });

  it('evaluates written scores with the full-ranking protocol', async () => {
    const result = await runExternalTrainer(data, { command: [node, script], output: 'scores', split: 'valid' });
    const external = await evaluateExternal(result, data);
    const internal = await evaluateRanking(createPopRecommender(data.train, 6), data, { split: 'valid' });
    expect([...external.ranks]).toEqual([...internal.ranks]);
  });

  it('reports a failing command, malformed output and a timeout clearly', async () => {
    await expectError(runExternalTrainer(data, { command: [node, script, '--fail'] }), 'E_TRAIN', /exited with code 3; stderr: popularity-trainer: failing on purpose/);
    await expectError(runExternalTrainer(data, { command: [node, script, '--malformed'] }), 'E_DATA', /predictions\.jsonl:2: not valid JSON/);
    await expectError(runExternalTrainer(data, { command: [node, script, '--sleep'], timeoutMs: 300 }), 'E_TRAIN', /timed out after 300 ms/);
    await expectError(runExternalTrainer(data, { command: ['/nonexistent/trainer'] }), 'E_TRAIN', /could not start/);
  });
});
