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
    expect(config.itemFeatures).toBeUndefined();
  });

  it('fills the defaults of item feature blocks', () => {
    const { itemFeatures } = parseConfig(trainSchema, { itemFeatures: { blocks: [{ block: 'tfidf' }, { block: 'attributes', weight: 0.5 }, { block: 'behaviour' }, { block: 'color-histogram' }] } });
    expect(itemFeatures).toEqual({
      fusion: 'concatenate',
      standardize: true,
      blocks: [
        { block: 'tfidf', dim: 64, minDocumentFrequency: 2, sublinearTf: true, hashes: 1, seed: 0, weight: 1 },
        { block: 'attributes', minCount: 1, maxAttributes: 1000, category: true, weight: 0.5 },
        { block: 'behaviour', recency: 'time', window: 3, weight: 1 },
        { block: 'color-histogram', space: 'hsv', size: 64, weight: 1 },
      ],
    });
  });

  it.each([
    [{ dropout: 1.5 }, 'dropout'],
    [{ loss: 'hinge' }, 'loss'],
    [{ contrastive: { temperature: 0 } }, 'contrastive.temperature'],
    [{ heads: 2.5 }, 'heads'],
    [{ model: 'item-knn', itemAttributes: true }, 'itemAttributes'],
    [{ itemFeatures: { blocks: [] } }, 'itemFeatures.blocks'],
    [{ itemFeatures: { blocks: [{ block: 'tfidf', dimension: 8 }] } }, 'itemFeatures.blocks[0]'],
    [{ itemFeatures: { blocks: [{ block: 'tfidf' }, { block: 'tfidf', dim: 8 }] } }, 'itemFeatures.blocks'],
    [{ itemFeatures: { blocks: [{ block: 'pixels' }] } }, 'itemFeatures.blocks[0].block'],
    [{ itemFeatures: { blocks: [{ block: 'behaviour' }], fusion: 'attention' } }, 'itemFeatures.fusion'],
    [{ model: 'pop', itemFeatures: { blocks: [{ block: 'behaviour' }] } }, 'itemFeatures'],
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
