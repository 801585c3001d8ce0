import { describe, expect, it } from 'vitest';
import { appendNgramFeatures } from './hashed-ngrams.js';
import { tokenizeText } from './tokenize-text.js';

describe('tokenizeText', () => {
  it.each([
    ['Where is my card?', ['where', 'is', 'my', 'card', '?']],
    ["I can't top-up", ['i', "can't", 'top', '-', 'up']],
    ['手机很好 iPhone13', ['手', '机', '很', '好', 'iphone13']],
  ])('%s', (text, expected) => {
    expect(tokenizeText(text)).toEqual(expected);
  });
});

describe('appendNgramFeatures', () => {
  it('gives vocabulary ids, then hashed bigrams and char n-grams in the buckets after the vocabulary', () => {
    const vocabulary = new Map([
      ['my', 0],
      ['card', 1],
    ]);
    const features = appendNgramFeatures(['my', 'card', 'lost'], vocabulary, { wordNgrams: 2, charNgramMin: 0, charNgramMax: 0, buckets: 100 }, []);
    // 2 known unigrams + 2 bigrams; "lost" is unknown so it only takes part in a bigram.
    expect(features).toHaveLength(4);
    expect(features.slice(0, 2)).toEqual([0, 1]);
    for (const id of features.slice(2)) expect(id).toBeGreaterThanOrEqual(2);
    const withChars = appendNgramFeatures(['ab'], new Map(), { wordNgrams: 1, charNgramMin: 2, charNgramMax: 3, buckets: 100 }, []);
    // "<ab>": 2-grams <a ab b> and 3-grams <ab ab> = 5 (the whole "<ab>" is skipped)
    expect(withChars).toHaveLength(5);
  });
});
