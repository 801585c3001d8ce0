import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../internal/rng.js';
import { createJsonLinesEncoder, encodeJsonLines } from './encode-json-lines.js';

/** What the shard store wrote before: one JSON.stringify per record, joined with newlines. */
const reference = (records: readonly unknown[]) => Buffer.from(records.map((record) => `${JSON.stringify(record) ?? ''}\n`).join(''), 'utf8');

// Code units JSON.stringify treats specially (quote, backslash, every control character, DEL,
// line/paragraph separators, lone surrogates), next to ordinary ASCII, Latin-1, CJK and a surrogate pair.
const AWKWARD = ['"', '\\', '/', '\u007f', '\u0080', '\u00e9', '\u2028', '\u2029', '\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\uffff', '中', '😀', '\ud83d', '\ude00'];
for (let code = 0; code < 0x20; code++) AWKWARD.push(String.fromCharCode(code));

function randomString(rng: Rng, maxLength = 24): string {
  const length = rng.int(maxLength + 1);
  let text = '';
  const awkwardRate = rng.chance(0.5) ? 0 : rng.float() * 0.3;
  for (let i = 0; i < length; i++) {
    text += rng.chance(awkwardRate) ? rng.pick(AWKWARD) : String.fromCharCode(0x20 + rng.int(0x5f));
  }
  return text;
}

const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, NaN, Infinity, -Infinity];

function randomNumber(rng: Rng): number {
  return rng.chance(0.5) ? rng.pick(NUMBERS) : rng.uint32();
}

const SHARED_PARAMS = [
  Object.freeze({ operation: 'synonym', alpha: 0.1, outputsPerInput: 16, language: 'en' }),
  Object.freeze({ operation: 'delete', alpha: 0.1, outputsPerInput: 16, language: 'en' }),
  Object.freeze({ nested: Object.freeze({ a: [1, 2] }), text: 'a"b' }),
];

/** An Augmented<TextSample> as the text augmenters build it. */
function augmentedText(rng: Rng, parentId: string, label: string | undefined, index: number): Record<string, unknown> {
  const id = `${parentId}~text/eda~${index}`;
  const sample = label === undefined ? { id, text: randomString(rng, 80), language: 'en' } : { id, text: randomString(rng, 80), label, language: 'en' };
  return { id, sample, lineage: { parentIds: [parentId], augmenter: 'text/eda', params: rng.pick(SHARED_PARAMS), seed: 12345, verdicts: [] } };
}

class Sample {
  constructor(
    readonly id: string,
    readonly text: string,
    readonly language: string,
  ) {}
}

/** Ways a record can differ from the fast shape; each must still serialise as JSON.stringify does. */
const VARIANTS: ((record: Record<string, unknown>, rng: Rng) => unknown)[] = [
  (record) => record,
  (record, rng) => ({ ...record, id: randomString(rng) }),
  (record, rng) => ({ ...record, sample: { ...(record.sample as object), id: randomString(rng) } }),
  (record, rng) => ({ ...record, sample: { ...(record.sample as object), label: randomString(rng), language: randomString(rng) } }),
  (record) => ({ ...record, sample: { ...(record.sample as object), label: undefined } }),
  (record, rng) => ({ ...record, sample: { ...(record.sample as object), label: randomNumber(rng) } }),
  (record) => ({ ...record, sample: { ...(record.sample as object), extra: true } }),
  (record) => ({ sample: record.sample, id: record.id, lineage: record.lineage }),
  (record) => ({ ...record, extra: null }),
  (record) => ({ ...record, 0: 'integer keys come first' }),
  (record) => ({ id: record.id, sample: record.sample }),
  (record) => ({ ...record, toJSON: () => 'replaced' }),
  (record) => Object.assign(Object.create({ inherited: 1 }) as object, record),
  (record) => {
    const sample = record.sample as { id: string; text: string; language: string };
    return { ...record, sample: new Sample(sample.id, sample.text, sample.language) };
  },
  (record) => ({ ...record, sample: { ...(record.sample as object), text: new Date(0) } }),
  (record) => ({ ...record, sample: { ...(record.sample as object), toJSON: () => ({ shadowed: true }) } }),
  (record, rng) => ({ ...record, lineage: { ...(record.lineage as object), seed: randomNumber(rng) } }),
  (record) => ({ ...record, lineage: { ...(record.lineage as object), seed: 12n.toString() } }),
  (record, rng) => ({ ...record, lineage: { ...(record.lineage as object), parentIds: [randomString(rng), randomString(rng)] } }),
  (record) => ({ ...record, lineage: { ...(record.lineage as object), parentIds: [] } }),
  // eslint-disable-next-line no-sparse-arrays
  (record) => ({ ...record, lineage: { ...(record.lineage as object), parentIds: [, 'hole'] } }),
  (record, rng) => ({ ...record, lineage: { ...(record.lineage as object), augmenter: randomString(rng) } }),
  (record, rng) => ({ ...record, lineage: { ...(record.lineage as object), params: { operation: randomString(rng), alpha: randomNumber(rng), skipped: undefined } } }),
  (record) => ({ ...record, lineage: { ...(record.lineage as object), params: Object.freeze({ when: new Date(0) }) } }),
  (record, rng) => ({ ...record, lineage: { ...(record.lineage as object), verdicts: [{ filter: randomString(rng), kept: rng.chance(0.5), score: randomNumber(rng) }] } }),
  (record) => ({ ...record, lineage: { ...(record.lineage as object), llm: { provider: 'p', tokensIn: 1 } } }),
  (record) => ({ ...record, lineage: { ...(record.lineage as object), verdicts: undefined } }),
  () => undefined,
  () => null,
  (_record, rng) => randomString(rng),
  (_record, rng) => randomNumber(rng),
  (_record, rng) => [randomString(rng), undefined, () => 1],
  () => () => 'a function',
];

function randomRecords(rng: Rng, count: number): unknown[] {
  const records: unknown[] = [];
  while (records.length < count) {
    const parentId = rng.chance(0.9) ? `b77-${rng.int(3)}-${rng.int(100)}` : randomString(rng);
    const label = rng.chance(0.2) ? undefined : rng.chance(0.8) ? rng.pick(['card_arrival', 'top_up', 'refund']) : randomString(rng);
    const outputs = 1 + rng.int(16);
    for (let index = 0; index < outputs; index++) {
      const record = augmentedText(rng, parentId, label, index);
      records.push(rng.chance(0.7) ? record : rng.pick(VARIANTS)(record, rng));
    }
  }
  return records;
}

describe('encodeJsonLines', () => {
  it('quotes every string of a record exactly as JSON.stringify does', () => {
    const rng = createRng(1);
    const cases = ['', 'plain', 'é中😀', ...AWKWARD, ...AWKWARD.map((character) => `a${character}b`), ...AWKWARD.map((character) => `${character}😀${character}`)];
    for (let i = 0; i < 5000; i++) cases.push(randomString(rng, 40));
    const records = cases.flatMap((text, index) => {
      const [a, b, c] = [0, 1, 2].map((offset) => cases[(index + offset * 7) % cases.length]);
      return [
        { id: text, sample: { id: text, text: a, label: b, language: c }, lineage: { parentIds: [c], augmenter: b, params: SHARED_PARAMS[0], seed: 1, verdicts: [] } },
        { id: a, sample: { id: b, text, language: text }, lineage: { parentIds: [text], augmenter: text, params: SHARED_PARAMS[1], seed: 1, verdicts: [] } },
      ];
    });
    expect(encodeJsonLines(records).equals(reference(records))).toBe(true);
  });

  it('writes the bytes of one JSON.stringify per line, on randomised records of the fast shape and of others', () => {
    for (let seed = 0; seed < 40; seed++) {
      const records = randomRecords(createRng(seed), 50 + seed * 40);
      expect(encodeJsonLines(records).equals(reference(records))).toBe(true);
    }
  });

  it('handles empty input, a record that grows the buffer many times, and multi-byte text across chunks', () => {
    expect(encodeJsonLines([]).length).toBe(0);
    const big = augmentedText(createRng(2), 'p', 'l', 0);
    (big.sample as { text: string }).text = 'é😀\u2028'.repeat(200_000);
    const records = [big, ...randomRecords(createRng(3), 3000), big];
    expect(encodeJsonLines(records).equals(reference(records))).toBe(true);
  });

  it('reads a getter once per record and caches only params that cannot change', () => {
    let reads = 0;
    const changing = {
      get alpha() {
        reads++;
        return reads;
      },
    };
    const rng = createRng(4);
    const records = [0, 1, 2].map((index) => {
      const record = augmentedText(rng, 'p', 'l', index);
      (record.lineage as { params: unknown }).params = changing;
      return record;
    });
    const expected = records.map((record, index) => ({ ...record, lineage: { ...(record.lineage as object), params: { alpha: index + 1 } } }));
    expect(encodeJsonLines(records).equals(reference(expected))).toBe(true);
    expect(reads).toBe(3);

    const params = { operation: 'swap' };
    const shared = [0, 1].map((index) => ({ ...augmentedText(rng, 'p', 'l', index), lineage: { parentIds: ['p'], augmenter: 'a', params, seed: 1, verdicts: [] } }));
    const first = encodeJsonLines(shared);
    params.operation = 'delete';
    expect(encodeJsonLines(shared).equals(reference(shared))).toBe(true);
    expect(first.equals(reference(shared))).toBe(false);
  });

  it('hands each finished output its own bytes while encoders reuse one working buffer', () => {
    const batches = [0, 1, 2, 3].map((seed) => randomRecords(createRng(10 + seed), 400 + seed * 300));
    const outputs = batches.map((records) => {
      const encoder = createJsonLinesEncoder();
      for (let start = 0; start < records.length; start += 32) encoder.write(records.slice(start, start + 32));
      return encoder.finish();
    });
    // Two encoders open at once each get a buffer of their own.
    const [a, b] = [createJsonLinesEncoder(), createJsonLinesEncoder()];
    a.write(batches[0]);
    b.write(batches[1]);
    outputs.push(a.finish(), b.finish());
    const expected = [...batches, batches[0], batches[1]].map(reference);
    outputs.forEach((output, index) => expect(output.equals(expected[index]), `output ${index}`).toBe(true));
    expect(() => a.write([])).toThrow(/after finish/);
  });

  it('falls back to JSON.stringify when Object.prototype has an enumerable key', () => {
    // An inherited `lineage` would complete a record that lacks its own for a for...in check.
    const records = randomRecords(createRng(5), 200).map((record, index) => {
      if (index % 2 !== 0 || typeof record !== 'object' || record === null || !('sample' in record) || !('id' in record)) return record;
      return { id: record.id, sample: record.sample };
    });
    const expected = reference(records);
    let encoded: Buffer;
    const lineage = { parentIds: ['p'], augmenter: 'a', params: {}, seed: 1, verdicts: [] };
    Object.defineProperty(Object.prototype, 'lineage', { value: lineage, enumerable: true, configurable: true, writable: true });
    try {
      encoded = encodeJsonLines(records);
    } finally {
      delete (Object.prototype as Record<string, unknown>).lineage;
    }
    expect(encoded.equals(expected)).toBe(true);
  });
});
