import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { itemFeaturesConfigSchema } from '../config/item-features.js';
import { parseConfig } from '../config/load.js';
import type { EmbeddingModel } from '../llm/spec.js';
import { buildItemFeatures } from './build-item-features.js';
import { pooledConvolutionModel } from './test-support/onnx-model.js';
import { testItem } from './test-support/test-items.js';

const fakeEmbeddings: EmbeddingModel = {
  provider: 'fake',
  modelId: 'two-d',
  async doEmbed({ texts }) {
    return { embeddings: texts.map((text) => [text.length, 1]), usage: { tokensIn: 0, tokensOut: 0 } };
  },
};

describe('buildItemFeatures', () => {
  it('computes every configured block in order and fuses them with their weights', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-build-features-'));
    await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 0, g: 255, b: 0 } } }).png().toFile(join(folder, 'green.png'));
    const items = [
      testItem('a', { title: 'Green tea soap', attributes: { brand: 'acme' }, imagePath: 'green.png' }),
      testItem('b', { title: 'Lemon soap', attributes: { brand: 'zest' } }),
      testItem('c', { title: 'Green tea', category: ['Food'] }),
    ];
    const config = parseConfig(itemFeaturesConfigSchema, {
      blocks: [
        { block: 'tfidf', dim: 8 },
        { block: 'ngrams', dim: 32 },
        { block: 'embedding' },
        { block: 'color-histogram', imageDirectory: folder, space: 'rgb', bins: [2, 2, 2] },
        { block: 'attributes', weight: 2 },
        { block: 'behaviour' },
      ],
    });
    const interactions = [{ userId: 'u', itemId: 'a', timestamp: 1 }, { userId: 'u', itemId: 'b', timestamp: 2 }];
    const built = await buildItemFeatures(items, interactions, config, { embeddingModel: fakeEmbeddings });
    expect(built.parts.map((part) => [part.name, part.dim])).toEqual([['tfidf', 8], ['ngrams', 32], ['embedding', 2], ['color-histogram', 8], ['attributes', 3], ['behaviour', 3]]);
    expect(built).toMatchObject({ rows: 3, dim: 56, fusion: 'concatenate' });
    expect(built.blocks.map((block) => block.weight)).toEqual([1, 1, 1, 1, 2, 1]);
    expect(built.parts[3].info).toMatchObject({ missingImages: 2 });
    // Green (0, 1, 0) lands in RGB bin 2.
    expect(built.parts[3].values[2]).toBe(1);
  });

  it('runs the onnx-image block from its config (model path, ImageNet defaults, image folder)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-build-onnx-'));
    await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toFile(join(folder, 'white.png'));
    await writeFile(join(folder, 'model.onnx'), pooledConvolutionModel([[1, 0, 0], [0, 0, 1]]));
    const config = parseConfig(itemFeaturesConfigSchema, { blocks: [{ block: 'onnx-image', model: join(folder, 'model.onnx'), imageDirectory: folder, size: 4 }] });
    const built = await buildItemFeatures([testItem('w', { imagePath: 'white.png' }), testItem('x')], [], config);
    expect(built.parts[0]).toMatchObject({ name: 'onnx-image', dim: 2, info: { size: 4, missingImages: 1 } });
    // White through ImageNet normalisation: (1 - mean) / std per channel.
    expect(built.parts[0].values[0]).toBeCloseTo((1 - 0.485) / 0.229, 4);
    expect(built.parts[0].values[1]).toBeCloseTo((1 - 0.406) / 0.225, 4);
  });
});
