import { describe, expect, it } from 'vitest';
import { DATASETS, findDataset } from './datasets.js';
import { listDatasets } from './list-datasets.js';

describe('dataset registry', () => {
  it('lists every dataset with task, license, research flag and whether it downloads', () => {
    const rows = listDatasets();
    expect(rows.map((row) => row.name)).toEqual(Object.keys(DATASETS));
    expect(rows.find((row) => row.name === 'banking77')).toMatchObject({ task: 'intent', license: 'CC BY 4.0', researchOnly: false, downloadable: true });
    expect(rows.find((row) => row.name === 's3rec-amazon')).toMatchObject({ task: 'recommendation', researchOnly: true, tables: 'interactions, items' });
  });

  it('is frozen, keyed by name, and pins public URLs to https', () => {
    expect(Object.isFrozen(DATASETS)).toBe(true);
    expect(Object.isFrozen(DATASETS.banking77.files)).toBe(true);
    for (const [key, dataset] of Object.entries(DATASETS)) {
      expect(dataset.name).toBe(key);
      for (const file of dataset.files) {
        if (file.url !== undefined) expect(file.url).toMatch(/^https:\/\//);
        if (file.sha256 !== undefined) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    expect(findDataset('toString')).toBeUndefined();
    expect(findDataset('esci')?.task).toBe('search');
  });
});
