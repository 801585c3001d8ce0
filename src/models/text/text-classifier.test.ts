import { describe, expect, it } from 'vitest';
import { trainTextClassifier } from './text-classifier.js';

const train = [
  { text: 'where is my card', label: 'card' },
  { text: 'my card has not arrived', label: 'card' },
  { text: 'card still not here', label: 'card' },
  { text: 'how do I top up', label: 'top_up' },
  { text: 'add money to my account', label: 'top_up' },
  { text: 'top up with bank transfer', label: 'top_up' },
  { text: '退货怎么办理', label: 'refund' },
  { text: '我要退款', label: 'refund' },
];

describe('trainTextClassifier', () => {
  it.each(['fasttext', 'mlp'] as const)('%s learns a tiny separable set', (model) => {
    const classifier = trainTextClassifier(train, { model, epochs: 60, lr: model === 'mlp' ? 0.2 : 0.5, seed: 3, dim: 16 });
    for (const sample of train) expect(classifier.predict(sample.text).label).toBe(sample.label);
    expect(classifier.predict('has my card arrived').label).toBe('card');
    expect(classifier.predict('退款').label).toBe('refund');
    expect(classifier.labels).toEqual(['card', 'refund', 'top_up']);
    const probabilities = classifier.predictProbabilities('top up my account');
    expect(probabilities.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 5);
    expect(classifier.epochLosses[classifier.epochLosses.length - 1]).toBeLessThan(classifier.epochLosses[0]);
  });

  it('is deterministic for a seed and uses character n-grams when asked', () => {
    const a = trainTextClassifier(train, { seed: 9, epochs: 5, dim: 8, charNgramMin: 3, charNgramMax: 5 });
    const b = trainTextClassifier(train, { seed: 9, epochs: 5, dim: 8, charNgramMin: 3, charNgramMax: 5 });
    expect(Array.from(a.predictProbabilities('cards arriving'))).toEqual(Array.from(b.predictProbabilities('cards arriving')));
    const c = trainTextClassifier(train, { seed: 10, epochs: 5, dim: 8 });
    expect(Array.from(c.predictProbabilities('cards arriving'))).not.toEqual(Array.from(a.predictProbabilities('cards arriving')));
  });

  it('rejects an empty training set and bad options with the field named', () => {
    expect(() => trainTextClassifier([])).toThrow(/no training samples/);
    expect(() => trainTextClassifier(train, { dim: 0 })).toThrow(/dim/);
  });
});
