import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { trainSchema } from './train.js';

describe('train config', () => {
  it('fills every default', () => {
    const config = parseConfig(trainSchema, {});
    expect(config).toMatchObject({ model: 'sasrec', hidden: 64, blocks: 2, heads: 2, maxLength: 50, dropout: 0.5, lr: 0.001, batchSize: 128, loss: 'bce', negatives: 1, seeds: [1, 2, 3], threads: 1 });
    expect(config.contrastive).toBeUndefined();
    expect(config.itemAttributes).toBe(false);
    expect(parseConfig(trainSchema, { itemAttributes: true }).itemAttributes).toBe(true);
    expect(parseConfig(trainSchema, { contrastive: {} }).contrastive).toEqual({ weight: 0.1, temperature: 1 });
  });

  it.each([
    [{ dropout: 1.5 }, 'dropout'],
    [{ loss: 'hinge' }, 'loss'],
    [{ contrastive: { temperature: 0 } }, 'contrastive.temperature'],
    [{ heads: 2.5 }, 'heads'],
    [{ model: 'item-knn', itemAttributes: true }, 'itemAttributes'],
  ])('names the path and value of %j', (input, path) => {
    try {
      parseConfig(trainSchema, input, 'train');
      expect.unreachable();
    } catch (error) {
      expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
      expect((error as Error).message).toContain(path);
    }
  });
});
