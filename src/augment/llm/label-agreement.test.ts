import { describe, expect, it } from 'vitest';
import { measureLabelAgreement } from './label-agreement.js';

describe('measureLabelAgreement', () => {
  it('matches a hand-computed case', () => {
    // gold:      E E E S I I ; predicted: E E S S I E
    // p_o = 4/6. Gold shares E 3/6, S 1/6, I 2/6; predicted E 3/6, S 2/6, I 1/6.
    // p_e = (3*3 + 1*2 + 2*1) / 36 = 13/36; kappa = (24/36 - 13/36) / (23/36) = 11/23.
    const result = measureLabelAgreement(['E', 'E', 'E', 'S', 'I', 'I'], ['E', 'E', 'S', 'S', 'I', 'E']);
    expect(result.accuracy).toBeCloseTo(4 / 6, 12);
    expect(result.kappa).toBeCloseTo(11 / 23, 12);
    expect(result.confusion).toEqual({ E: { E: 2, S: 1 }, S: { S: 1 }, I: { I: 1, E: 1 } });
  });

  it.each<[string, string[], string[], number]>([
    ['perfect', ['a', 'b'], ['a', 'b'], 1],
    ['one constant label on both sides', ['a', 'a'], ['a', 'a'], 1],
    ['chance-level', ['a', 'b', 'a', 'b'], ['a', 'a', 'b', 'b'], 0],
  ])('%s -> kappa %s', (_name, gold, predicted, kappa) => {
    expect(measureLabelAgreement(gold, predicted).kappa).toBeCloseTo(kappa, 12);
  });

  it('rejects arrays of different length', () => {
    expect(() => measureLabelAgreement(['a'], [])).toThrow(/1 gold and 0 predicted/);
  });
});
