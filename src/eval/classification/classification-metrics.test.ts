import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics.js';

describe('classificationMetrics', () => {
  it('matches a hand-computed three-class case', () => {
    // gold      a a a b b c
    // predicted a a b b c c
    // accuracy 4/6. a: P 2/2, R 2/3, F1 0.8. b: P 1/2, R 1/2, F1 0.5. c: P 1/2, R 1/1, F1 2/3.
    // macro P (1 + .5 + .5)/3 = 2/3; macro R (2/3 + 1/2 + 1)/3 = 13/18; macro F1 (0.8 + 0.5 + 2/3)/3 = 59/90.
    const metrics = classificationMetrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.macroPrecision).toBeCloseTo(2 / 3, 12);
    expect(metrics.macroRecall).toBeCloseTo(13 / 18, 12);
    expect(metrics.macroF1).toBeCloseTo(59 / 90, 12);
    expect(metrics.labels).toEqual(['a', 'b', 'c']);
    expect(metrics.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(metrics.perLabel.b).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  });

  it('gives a never-predicted class precision 0 and keeps an explicit label order', () => {
    // gold a b, predicted a a: a P 1/2 R 1 F1 2/3; b P 0 (never predicted) R 0 F1 0.
    const metrics = classificationMetrics(['a', 'b'], ['a', 'a'], ['b', 'a']);
    expect(metrics.labels).toEqual(['b', 'a']);
    expect(metrics.confusion).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(metrics.macroPrecision).toBeCloseTo(0.25, 12);
    expect(metrics.macroF1).toBeCloseTo(1 / 3, 12);
  });

  it('rejects unpaired inputs', () => {
    expect(() => classificationMetrics(['a'], [])).toThrow(/1 gold labels but 0 predictions/);
  });
});
