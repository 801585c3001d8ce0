import { describe, expect, it } from 'vitest';
import { missingProtectedTokens } from './protected-tokens.js';

describe('missingProtectedTokens', () => {
  it.each<[string, string, string, string[]]>([
    ['kept as written', 'iphone 13 128gb case', 'case for iphone 13 128gb', []],
    ['unit spacing and case may change', 'iphone 13 128gb case', 'IPHONE 13 128 GB case', []],
    ['a lost size', 'iphone 13 128gb case', 'iphone 13 case', ['128gb']],
    ['a number inside a longer number does not count', 'nike air max 90', 'nike air max 900', ['90']],
    ['a model number changed', 'samsung galaxy s23 ultra', 'samsung galaxy s24 ultra', ['s23']],
    ['clothing sizes are whole words', 'red dress size M', 'red dress for me', ['m']],
    ['Chinese brand and measure words', '华为手机壳 两个装', '华为 手机壳 2个装', ['两个']],
    ['no protected tokens', 'red running shoes', 'crimson jogging trainers', []],
  ])('%s', (_name, source, text, missing) => {
    expect(missingProtectedTokens(source, text)).toEqual(missing);
  });

  it('checks the catalog terms it is given', () => {
    expect(missingProtectedTokens('acme trail runner shoes', 'trail shoes', { protectedTerms: ['acme', 'trail runner'] })).toEqual(['acme', 'runner']);
  });
});
