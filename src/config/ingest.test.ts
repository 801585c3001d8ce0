import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { camelCase } from '../data/ingest/column-expressions.js';
import { DATASETS } from '../data/datasets/datasets.js';
import { TABLE_COLUMNS } from '../data/tables.js';
import { SampleForgeError } from '../errors.js';
import { createFileSourceSchema, DATASET_NAMES, dataSourceSchema, datasetSourceSchema, fileSourceSchema, filesSourceSchema, TABLE_FIELDS } from './ingest.js';
import { parseConfig } from './load.js';

function configError(schema: z.ZodType, input: unknown): string {
  try {
    parseConfig(schema, input, 'config');
  } catch (error) {
    if (SampleForgeError.is(error, 'E_CONFIG')) return error.message;
    throw error;
  }
  throw new Error('expected a config error');
}

describe('ingest config', () => {
  it('fills every default of a file source', () => {
    expect(parseConfig(createFileSourceSchema('interactions'), { path: 'logs.csv', columns: { userId: 'visitorid' } })).toEqual({
      path: 'logs.csv',
      encoding: 'utf-8',
      columns: { userId: 'visitorid' },
      defaults: {},
      timestampUnit: 'auto',
      categoryDelimiter: '>',
      attributesFormat: 'auto',
      attributePairDelimiter: '|',
      attributeKeyValueDelimiter: ':',
      checksum: true,
      maxRejectSamples: 20,
    });
  });

  it.each([
    [{ files: { items: { path: 'a.csv', columns: { itemID: 'id' } } } }, 'files.items.columns: Unrecognized key: "itemID"'],
    [{ files: { interactions: { path: 'a.csv', timestampUnit: 'sec' } } }, 'files.interactions.timestampUnit: Invalid option: expected one of "auto"|"s"|"ms"|"us"|"iso", got "sec"'],
    [{ files: { texts: [{ path: '' }] } }, 'files.texts[0].path: Too small: expected string to have >=1 characters, got ""'],
    [{ files: {} }, 'name at least one of items, interactions, texts'],
    [{ dataset: { name: 'banking78', path: 'x' } }, 'dataset.name: Invalid option'],
    [{ files: { items: { path: 'a.csv' } }, dataset: { name: 'banking77', path: 'x' } }, 'set exactly one of files, dataset'],
  ])('names the path and the value: %j', (input, message) => {
    expect(configError(dataSourceSchema, input)).toContain(message);
  });

  it('accepts one file or a list per table, and a dataset with options', () => {
    const files = parseConfig(filesSourceSchema, { items: { path: 'items.parquet' }, interactions: [{ path: 'a.csv' }, { path: 'b.csv' }] });
    expect([files.items?.length, files.interactions?.length]).toEqual([1, 2]);
    expect(parseConfig(datasetSourceSchema, { name: 's3rec-amazon', path: '/data', options: { subset: 'Beauty' } })).toEqual({
      name: 's3rec-amazon',
      path: '/data',
      options: { subset: 'Beauty' },
      checksum: true,
    });
  });

  it('describes every field', () => {
    for (const schema of [fileSourceSchema, createFileSourceSchema('texts'), datasetSourceSchema]) {
      for (const [key, field] of Object.entries(schema.shape)) expect((field as z.ZodType).description, key).toBeTruthy();
    }
  });

  it('agrees with the canonical tables and the dataset registry', () => {
    for (const table of ['items', 'interactions', 'texts'] as const) {
      expect([...TABLE_FIELDS[table]]).toEqual(TABLE_COLUMNS[table].map((column) => camelCase(column.name)));
    }
    expect([...DATASET_NAMES]).toEqual(Object.keys(DATASETS));
  });
});
