import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import type { EmbeddingModel } from '../../llm/spec.js';
import { testItem } from '../test-support/test-items.js';
import { embeddingBlock } from './embedding-block.js';

/** A stand-in embedding model: vector (length of the text, number of spaces, 0); no network. */
function fakeModel(width = 3): EmbeddingModel & { requests: string[][] } {
  const requests: string[][] = [];
  return {
    provider: 'fake',
    modelId: 'length-v1',
    requests,
    async doEmbed({ texts }) {
      requests.push(texts);
      return { embeddings: texts.map((text, index) => [text.length, text.split(' ').length - 1, 0, 9].slice(0, index === 1 ? width : 3)), usage: { tokensIn: texts.length * 2, tokensOut: 0 } };
    },
  };
}

describe('embeddingBlock', () => {
  it('embeds titles through the embed verb in batches, skips items without a title, and l2-normalises rows', async () => {
    const model = fakeModel();
    const items = [testItem('a', { title: 'abcd' }), testItem('b'), testItem('c', { title: 'ab c' }), testItem('d', { title: 'xyz' })];
    const block = await embeddingBlock(items, { model, batchSize: 2 });
    expect(model.requests).toEqual([['abcd', 'ab c'], ['xyz']]);
    expect(block).toMatchObject({ name: 'embedding', rows: 4, dim: 3 });
    expect(block.info).toMatchObject({ provider: 'fake', model: 'length-v1', emptyRows: 1, tokensIn: 6, batches: 2 });
    expect(Array.from(block.values.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(block.values.subarray(3, 6))).toEqual([0, 0, 0]);
    // (4, 1, 0) / sqrt(17)
    expect(block.values[6]).toBeCloseTo(4 / Math.sqrt(17), 6);
    expect(block.values[7]).toBeCloseTo(1 / Math.sqrt(17), 6);
    const raw = await embeddingBlock(items, { model: fakeModel(), normalize: false });
    expect(Array.from(raw.values.subarray(0, 3))).toEqual([4, 0, 0]);
  });

  it('refuses vectors of two widths and a catalog without titles', async () => {
    const items = [testItem('a', { title: 'one' }), testItem('b', { title: 'two' })];
    await expect(embeddingBlock(items, { model: fakeModel(4) })).rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_PROVIDER_OUTPUT'));
    await expect(embeddingBlock([testItem('a')], { model: fakeModel() })).rejects.toThrow(/no item has a title/);
  });
});
