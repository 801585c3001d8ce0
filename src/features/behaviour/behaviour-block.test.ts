import { describe, expect, it } from 'vitest';
import { testItem } from '../test-support/test-items.js';
import { behaviourBlock, type TrainingInteraction } from './behaviour-block.js';

const items = ['A', 'B', 'C', 'D'].map((id) => testItem(id));
// In time order: u1 sees A, B, C at times 1, 2, 3; u2 sees B, A at 4, 5. Given out of order on purpose.
const interactions: TrainingInteraction[] = [
  { userId: 'u2', itemId: 'A', timestamp: 5 },
  { userId: 'u1', itemId: 'C', timestamp: 3 },
  { userId: 'u1', itemId: 'A', timestamp: 1 },
  { userId: 'u2', itemId: 'B', timestamp: 4 },
  { userId: 'u1', itemId: 'B', timestamp: 2 },
];

function rows(values: Float32Array): number[][] {
  return Array.from({ length: values.length / 3 }, (_, row) => Array.from(values.subarray(row * 3, row * 3 + 3)));
}

describe('behaviourBlock', () => {
  it('gives log popularity, last-seen recency and co-occurrence degree, computed by hand', () => {
    const block = behaviourBlock(items, interactions, { window: 1 });
    expect(block.columns).toEqual(['log-popularity', 'recency', 'log-co-occurrence']);
    // Counts A 2, B 2, C 1, D 0. Last seen A 5, B 4, C 3 over the span 1..5: (t - 1) / 4.
    // Neighbours within 1 position: A {B}, B {A, C}, C {B}.
    const expected = [
      [Math.log(3), 1, Math.log(2)],
      [Math.log(3), 0.75, Math.log(3)],
      [Math.log(2), 0.5, Math.log(2)],
      [0, 0, 0],
    ];
    rows(block.values).forEach((row, index) => row.forEach((value, column) => expect(value).toBeCloseTo(expected[index][column], 6)));
    expect(block.info).toMatchObject({ interactions: 5, users: 2, recency: 'time', window: 1, itemsWithout: 1 });
  });

  it('uses mean relative positions for recency when asked or when timestamps are missing (with a warning)', () => {
    // A: first of u1 (0) and last of u2 (1) -> 0.5; B: middle of u1 (0.5) and first of u2 (0) -> 0.25; C: 1.
    const byPosition = behaviourBlock(items, interactions, { recency: 'position' });
    expect(rows(byPosition.values).map((row) => row[1])).toEqual([0.5, 0.25, 1, 0]);
    expect(byPosition.warnings).toEqual([]);
    const untimed = behaviourBlock(items, [{ userId: 'u', itemId: 'A' }, { userId: 'u', itemId: 'B' }]);
    expect(rows(untimed.values).map((row) => row[1])).toEqual([0, 1, 0, 0]);
    expect(untimed.warnings[0].code).toBe('W_FEATURE_RECENCY');
  });

  it('depends only on the interactions it is given: a wider window sees more neighbours, other items change nothing else', () => {
    const wide = behaviourBlock(items, interactions, { window: 3 });
    // Window 3: u1's A and C now co-occur too.
    expect(rows(wide.values)[0][2]).toBeCloseTo(Math.log(3), 6);
    const withOther = behaviourBlock(items, [...interactions, { userId: 'u3', itemId: 'Z', timestamp: 3 }]);
    expect(rows(withOther.values).slice(0, 3).map((row) => row[0])).toEqual(rows(behaviourBlock(items, interactions).values).slice(0, 3).map((row) => row[0]));
  });
});
