import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { Augmenter, TextSample } from '../../types.js';
import { createChineseCharNoiseAugmenter } from './chinese-char-noise.js';
import { loadCilinThesaurus } from './cilin-thesaurus.js';
import { createEdaAugmenter } from './eda.js';
import { EDA_OPERATIONS } from './eda-operations.js';
import { createChineseRules, createEnglishRules } from './language-rules.js';
import { findProtectedSpans } from './protected-spans.js';
import { createTypoAugmenter } from './typo.js';
import { loadWordNetThesaurus } from './wordnet-thesaurus.js';

const CILIN = path.resolve(process.cwd(), '../shared/data/hanlp-core-synonym/CoreSynonym.txt');
const USER_TERMS = ['Acme Rocket'];

const english: TextSample[] = [
  { id: 'e1', text: 'does the iphone 13 128gb come in blue or red', label: 'color', language: 'en' },
  { id: 'e2', text: 'cheap shampoo 500ml for dry damaged hair', label: 'search', language: 'en' },
  { id: 'e3', text: 'I want to return the socks I bought for $19.99, 2 pack size XL', label: 'return', language: 'en' },
  { id: 'e4', text: 'my Acme Rocket blender stopped working after two weeks', label: 'broken', language: 'en' },
  { id: 'e5', text: 'how do I cancel my order and get a refund quickly', label: 'cancel', language: 'en' },
];
const chinese: TextSample[] = [
  { id: 'z1', text: '这个手机很便宜，iphone 13 128gb 质量不错', label: '手机', language: 'zh' },
  { id: 'z2', text: '洗发水500ml只要¥39.9，买了两个，味道很好闻', label: '洗发水', language: 'zh' },
  { id: 'z3', text: '华为平板电脑屏幕清晰，运行速度快，性价比高', label: '平板', language: 'zh' },
];

let englishAugmenters: Augmenter<TextSample>[];
let chineseAugmenters: Augmenter<TextSample>[];

beforeAll(async () => {
  const wordnet = await loadWordNetThesaurus();
  const cilin = await loadCilinThesaurus({ path: CILIN });
  const en = createEnglishRules({ thesaurus: wordnet, protectedTerms: USER_TERMS });
  const zh = createChineseRules({ thesaurus: cilin });
  englishAugmenters = [
    createEdaAugmenter({ rules: en, alpha: 0.3 }),
    ...EDA_OPERATIONS.map((operation) => createEdaAugmenter({ rules: en, operations: [operation], name: `text/${operation}`, alpha: 0.5, outputsPerInput: 3 })),
    createTypoAugmenter({ rules: en, alpha: 0.5, dropSpaceRate: 1, outputsPerInput: 3 }),
  ];
  chineseAugmenters = [
    createEdaAugmenter({ rules: zh, alpha: 0.3 }),
    ...EDA_OPERATIONS.map((operation) => createEdaAugmenter({ rules: zh, operations: [operation], name: `text/${operation}`, alpha: 0.5, outputsPerInput: 3 })),
    createChineseCharNoiseAugmenter({ rules: zh, alpha: 0.5, outputsPerInput: 3 }),
  ];
});

describe('protected spans survive every augmenter', () => {
  const cases: [string, () => Augmenter<TextSample>[], TextSample[], string[]][] = [
    ['English', () => englishAugmenters, english, USER_TERMS],
    ['Chinese', () => chineseAugmenters, chinese, []],
  ];
  it.each(cases)('%s, 20 seeds', async (_language, augmenters, samples, terms) => {
    const expected = new Map(samples.map((sample) => [sample.id, findProtectedSpans(sample.text, { protectedTerms: terms }).map((span) => sample.text.slice(span.start, span.end))]));
    expect(expected.get('e1') ?? expected.get('z1')).toContain('iphone 13 128gb');
    let checked = 0;
    for (const augmenter of augmenters()) {
      for (let seed = 0; seed < 20; seed++) {
        const outputs = await augmenter.augment(samples, { rng: createRng(seed), seed });
        for (const output of outputs) {
          for (const span of expected.get(output.lineage.parentIds[0]) ?? []) {
            expect(output.sample.text, `${augmenter.name} seed ${seed}`).toContain(span);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('determinism and lineage', () => {
  it('gives the same outputs for the same seed, batch order aside, and others for another seed', async () => {
    for (const augmenter of [...englishAugmenters, ...chineseAugmenters]) {
      const samples = augmenter === englishAugmenters[0] || englishAugmenters.includes(augmenter) ? english : chinese;
      const first = await augmenter.augment(samples, { rng: createRng(5), seed: 5 });
      const again = await augmenter.augment([...samples].reverse(), { rng: createRng(5), seed: 5 });
      const byId = new Map(again.map((output) => [output.id, output.sample.text]));
      for (const output of first) expect(byId.get(output.id)).toBe(output.sample.text);
      const other = await augmenter.augment(samples, { rng: createRng(6), seed: 6 });
      expect(other.map((output) => output.sample.text)).not.toEqual(first.map((output) => output.sample.text));
    }
  });

  it('records parent, augmenter, params and seed on every output', async () => {
    const outputs = await englishAugmenters[0].augment(english.slice(0, 1), { rng: createRng(3), seed: 3 });
    expect(outputs).toHaveLength(9);
    for (const output of outputs) {
      expect(output.lineage).toMatchObject({ parentIds: ['e1'], augmenter: 'text/eda', seed: 3, verdicts: [] });
      expect(EDA_OPERATIONS).toContain(output.lineage.params.operation);
      expect(output.sample.label).toBe('color');
    }
  });
});

describe('outputsPerInput (targeted generation)', () => {
  it('makes the given count per input instead of its own, 0 and above its own count included; an input\'s first outputs do not depend on its count', async () => {
    for (const [augmenters, samples] of [[englishAugmenters, english], [chineseAugmenters, chinese]] as const) {
      for (const augmenter of augmenters) {
        const own = await augmenter.augment(samples, { rng: createRng(5), seed: 5 });
        const counts = samples.map((_, index) => [0, 12, 1, 2, 5][index]);
        const budgeted = await augmenter.augment(samples, { rng: createRng(5), seed: 5, outputsPerInput: counts });
        samples.forEach((sample, index) => {
          const mine = budgeted.filter((output) => output.lineage.parentIds[0] === sample.id);
          expect(mine.map((output) => output.id), augmenter.name).toEqual(Array.from({ length: counts[index] }, (_, copy) => `${sample.id}~${augmenter.name}~${copy}`));
          for (const output of mine) expect(output.lineage.params.outputsPerInput).toBe(counts[index]);
          const ownTexts = own.filter((output) => output.lineage.parentIds[0] === sample.id).map((output) => output.sample.text);
          const shared = Math.min(ownTexts.length, mine.length);
          expect(mine.slice(0, shared).map((output) => output.sample.text), `${augmenter.name} ${sample.id}`).toEqual(ownTexts.slice(0, shared));
        });
        expect(budgeted.length).toBe(counts.reduce((a, b) => a + b, 0));
      }
    }
  });

  it('gives the same outputs whatever the count per input', async () => {
    const augmenter = englishAugmenters[0];
    const few = await augmenter.augment(english, { rng: createRng(8), seed: 8, outputsPerInput: [1, 1, 1, 1, 1] });
    const many = await augmenter.augment(english, { rng: createRng(8), seed: 8, outputsPerInput: [20, 20, 20, 20, 20] });
    const byId = new Map(many.map((output) => [output.id, output.sample.text]));
    for (const output of few) expect(byId.get(output.id)).toBe(output.sample.text);
  });

  it('refuses counts that do not match the batch', async () => {
    await expect(englishAugmenters[0].augment(english, { rng: createRng(1), seed: 1, outputsPerInput: [1, 2] })).rejects.toThrow(/outputsPerInput has 2 entries for 5 inputs/);
    await expect(englishAugmenters[0].augment(english, { rng: createRng(1), seed: 1, outputsPerInput: [1, 2, -1, 0, 0] })).rejects.toThrow(/outputsPerInput\[2\] must be a non-negative integer, got -1/);
  });
});
