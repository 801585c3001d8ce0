import { describe, expect, it } from 'vitest';
import { testItem } from '../test-support/test-items.js';
import { attributeBlock } from './attribute-block.js';

const items = [
  testItem('a', { attributes: { brand: 'acme', colour: 'red' }, category: ['beauty', 'skin'] }),
  testItem('b', { attributes: { brand: 'acme' }, category: ['beauty', 'hair'] }),
  testItem('c', { attributes: { brand: 'zest', colour: 'red' }, category: ['beauty'] }),
  testItem('d'),
];

describe('attributeBlock', () => {
  it('gives one column per attribute and category token of the catalog, in token order', () => {
    const block = attributeBlock(items);
    expect(block.columns).toEqual(['brand=acme', 'brand=zest', 'category=beauty', 'category=hair', 'category=skin', 'colour=red']);
    expect(Array.from(block.values.subarray(0, 6))).toEqual([1, 0, 1, 0, 1, 1]);
    expect(Array.from(block.values.subarray(12, 18))).toEqual([0, 1, 1, 0, 0, 1]);
    expect(block.info).toMatchObject({ attributes: 6, droppedTokens: 0, itemsWithout: 1 });
  });

  it.each([
    [{ minCount: 2 }, ['brand=acme', 'category=beauty', 'colour=red']],
    // The 2 most frequent: beauty (3 items), then acme and red (2 each), ties by token order.
    [{ maxAttributes: 2 }, ['brand=acme', 'category=beauty']],
    [{ category: false }, ['brand=acme', 'brand=zest', 'colour=red']],
  ])('%j keeps %j', (options, columns) => {
    expect(attributeBlock(items, options).columns).toEqual(columns);
  });

  it('warns and gives one zero column when no item has a token', () => {
    const block = attributeBlock([testItem('x')]);
    expect(block.dim).toBe(1);
    expect(block.warnings[0].code).toBe('W_FEATURE_EMPTY');
  });
});
