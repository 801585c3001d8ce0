import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabase } from '../internal/duckdb.js';
import type { Augmented, TextSample } from '../types.js';
import { toSampleRows, writeSamples } from './write-samples.js';

describe('writeSamples', () => {
  it('writes every sample with its lineage and verdicts, kept or dropped', async () => {
    const parent: TextSample = { id: 't1', text: 'where is my order', label: 'track_order', language: 'en' };
    const augmented: Augmented<TextSample>[] = [
      { id: 't1#eda-0', sample: { ...parent, id: 't1#eda-0', text: 'where is my purchase' },
        lineage: { parentIds: ['t1'], augmenter: 'text/eda', params: { alpha: 0.1 }, seed: 7, verdicts: [{ filter: 'near-duplicate', kept: true }] } },
      { id: 't1#eda-1', sample: { ...parent, id: 't1#eda-1', text: 'where is my order' },
        lineage: { parentIds: ['t1'], augmenter: 'text/eda', params: { alpha: 0.1 }, seed: 7, verdicts: [{ filter: 'exact-duplicate', kept: false, reason: 'same text as parent t1' }] } },
    ];
    const rows = toSampleRows('text', augmented, (sample) => sample.text, new Map([['t1', parent]]), (sample) => sample.label);
    const path = join(await mkdtemp(join(tmpdir(), 'sf-samples-')), 'samples.parquet');
    expect(await writeSamples(path, rows)).toBe(2);
    const read = await withDatabase(':memory:', (db) => db.all('SELECT id, original, sample, parent_ids, kept, verdicts, seed FROM read_parquet($path) ORDER BY id', { path }));
    expect(read).toEqual([
      { id: 't1#eda-0', original: 'where is my order', sample: 'where is my purchase', parent_ids: ['t1'], kept: true, verdicts: '[{"filter":"near-duplicate","kept":true}]', seed: 7 },
      { id: 't1#eda-1', original: 'where is my order', sample: 'where is my order', parent_ids: ['t1'], kept: false, verdicts: '[{"filter":"exact-duplicate","kept":false,"reason":"same text as parent t1"}]', seed: 7 },
    ]);
  });
});
