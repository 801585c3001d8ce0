import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { configSchema } from '../../config/schema.js';
import { runPipeline } from '../run-pipeline.js';

const script = fileURLToPath(new URL('../../train/external/test-support/popularity-trainer.mjs', import.meta.url));

function config(dir: string, name: string, train: Record<string, unknown>) {
  return parseConfig(configSchema, {
    name,
    task: 'recommendation',
    seed: 3,
    data: { synthetic: { users: 80, items: 50, interactions: 2000, utterances: 20, queries: 20 } },
    augment: { steps: [{ augmenter: 'crop', mode: 'samples' }], ablation: false },
    train: { seeds: [1, 2], ...train },
    output: { dir },
  });
}

describe('train.model: external in a run', () => {
  it('evaluates the command\'s top-K lists with the built-in metrics, baseline and augmented alike', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-external-'));
    const external = await runPipeline(config(dir, 'external', { model: 'external', external: { command: [process.execPath, script, '{manifest}'], topK: 50 } }));
    const pop = await runPipeline(config(dir, 'pop', { model: 'pop' }));
    expect(external.metrics.variants.map((variant) => variant.name)).toEqual(['baseline', 'augmented']);
    for (const [index, variant] of external.metrics.variants.entries()) {
      // The script ranks by training popularity (augmented sequences included), as Pop does; it breaks
      // ties by item id where the evaluator counts tied items against the target, hence the margin.
      expect(Math.abs(variant.metrics.test['hr@10'].mean - pop.metrics.variants[index].metrics.test['hr@10'].mean)).toBeLessThan(0.05);
      expect(variant.metrics.valid['hr@10'].mean).toBeGreaterThan(0);
    }
  });

  it('needs a command', () => {
    expect(() => config('/tmp', 'x', { model: 'external' })).toThrow(/train\.external.*needs train\.external\.command/);
  });
});
