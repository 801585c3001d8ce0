import { describe, expect, it } from 'vitest';
import { trainTextClassifier, type TextClassifier } from './text-classifier.js';

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

  describe('sample weights', () => {
    const probes = ['where is my card', 'top up my account', '退款', 'an unseen text'];
    const fingerprint = (classifier: TextClassifier) => ({
      labels: classifier.labels,
      losses: classifier.epochLosses,
      probabilities: probes.map((text) => Array.from(classifier.predictProbabilities(text))),
    });

    it.each(['fasttext', 'mlp'] as const)('%s: weight 1 everywhere trains bit for bit as without weights', (model) => {
      const options = { model, epochs: 4, dim: 8, hiddenDim: 8, seed: 5 };
      const weighted = train.map((sample) => ({ ...sample, weight: 1 }));
      expect(fingerprint(trainTextClassifier(weighted, options))).toEqual(fingerprint(trainTextClassifier(train, options)));
    });

    it.each(['fasttext', 'mlp'] as const)('%s: weight 0 is the same as leaving the sample out', (model) => {
      const options = { model, epochs: 4, dim: 8, hiddenDim: 8, seed: 5 };
      // A new label and new words: neither may reach the model.
      const withZero = [...train.slice(0, 4), { text: 'spam spam offer', label: 'spam', weight: 0 }, ...train.slice(4)];
      expect(fingerprint(trainTextClassifier(withZero, options))).toEqual(fingerprint(trainTextClassifier(train, options)));
    });

    it.each(['fasttext', 'mlp'] as const)('%s: weight 2 on every sample is the step of a doubled learning rate', (model) => {
      // The weight scales the whole step (head and embeddings); the weighted mean loss is unchanged.
      const options = { model, epochs: 4, dim: 8, hiddenDim: 8, seed: 5 };
      const doubled = trainTextClassifier(train.map((sample) => ({ ...sample, weight: 2 })), { ...options, lr: 0.25 });
      expect(fingerprint(doubled)).toEqual(fingerprint(trainTextClassifier(train, { ...options, lr: 0.5 })));
    });

    it('reports the loss as a weighted mean and moves toward heavily weighted samples', () => {
      // Two identical texts with opposite labels: the heavier one wins, and the loss is its weighted mean.
      const conflict = [
        { text: 'lost my card', label: 'card', weight: 3 },
        { text: 'lost my card', label: 'top_up', weight: 1 },
      ];
      const classifier = trainTextClassifier(conflict, { epochs: 30, dim: 8, seed: 2 });
      expect(classifier.predict('lost my card').label).toBe('card');
      // The best a model can do is P(card) = 0.75: (3 * -ln 0.75 + 1 * -ln 0.25) / 4 = 0.5623 nats.
      expect(classifier.predictProbabilities('lost my card')[0]).toBeCloseTo(0.75, 1);
      expect(classifier.epochLosses[classifier.epochLosses.length - 1]).toBeGreaterThan(0.56);
      expect(classifier.epochLosses[classifier.epochLosses.length - 1]).toBeLessThan(0.6);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects weight %s with E_DATA naming the sample', (weight) => {
      const samples = train.map((sample, index) => (index === 5 ? { ...sample, weight } : sample));
      expect(() => trainTextClassifier(samples, { epochs: 1, dim: 4 })).toThrow(expect.objectContaining({ code: 'E_DATA', message: expect.stringMatching(/sample 5 has weight/) }));
    });

    it('rejects a set whose weights are all 0', () => {
      expect(() => trainTextClassifier(train.map((sample) => ({ ...sample, weight: 0 })), { epochs: 1, dim: 4 })).toThrow(expect.objectContaining({ code: 'E_DATA', message: expect.stringMatching(/all 8 samples have weight 0/) }));
    });
  });

  it('rejects an empty training set and bad options with the field named', () => {
    expect(() => trainTextClassifier([])).toThrow(/no training samples/);
    expect(() => trainTextClassifier(train, { dim: 0 })).toThrow(/dim/);
  });
});
