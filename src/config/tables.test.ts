import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { configSchema } from './schema.js';
import { tableEntryName, tablesConfigSchema } from './tables.js';

const run = { name: 'tables', task: 'recommendation', data: { synthetic: {} } };

describe('tables config', () => {
  it('is off by default, in both tasks', () => {
    expect(parseConfig(configSchema, run).tables).toEqual([]);
    expect(parseConfig(configSchema, { ...run, task: 'intent' }).tables).toEqual([]);
  });

  it('fills each synthesizer\'s defaults', () => {
    const tables = parseConfig(tablesConfigSchema, [
      { table: 'items', synthesizer: 'copula', conditionOn: 'category.3' },
      { table: 'users', synthesizer: 'vae', columns: ['age', 'gender'], rows: 50 },
      { table: 'users', synthesizer: 'gan', epochs: 20, conditions: { occupation: 'student' }, generalize: { zip: 1 } },
      { table: 'users', synthesizer: 'smote', conditionOn: 'occupation' },
    ]);
    expect(tables).toEqual([
      { table: 'items', synthesizer: 'copula', conditionOn: 'category.3', qualityRows: 5000, minStratumRows: 20, smoothing: 0 },
      { table: 'users', synthesizer: 'vae', columns: ['age', 'gender'], rows: 50, qualityRows: 5000, epochs: 300, batchSize: 128, hidden: [128, 128], latent: 16 },
      { table: 'users', synthesizer: 'gan', conditions: { occupation: 'student' }, generalize: { zip: 1 }, qualityRows: 5000, epochs: 20, batchSize: 500, pac: 10, hidden: [256, 256] },
      { table: 'users', synthesizer: 'smote', conditionOn: 'occupation', qualityRows: 5000, k: 5 },
    ]);
    expect(tables.map(tableEntryName)).toEqual(['items/copula', 'users/vae', 'users/gan', 'users/smote']);
    expect(tableEntryName({ ...tables[0], name: 'items/by-leaf' })).toBe('items/by-leaf');
  });

  it.each([
    [[{ table: 'orders', synthesizer: 'copula' }], 'tables[0].table', /Invalid option.*"users"\|"items".*got "orders"/],
    [[{ table: 'users', synthesizer: 'ctgan' }], 'tables[0].synthesizer', /Expected 'copula' \| 'vae' \| 'gan' \| 'smote', got "ctgan"/],
    [[{ table: 'users', synthesizer: 'copula', epochs: 10 }], 'tables[0]', /Unrecognized key: "epochs"/],
    [[{ table: 'users', synthesizer: 'vae', rows: 0 }], 'tables[0].rows', /got 0/],
    [[{ table: 'users', synthesizer: 'copula', columns: [] }], 'tables[0].columns', /got \[\]/],
    [[{ table: 'users', synthesizer: 'copula', columns: ['age', 'age'] }], 'tables[0].columns', /"age" is listed twice/],
    [[{ table: 'users', synthesizer: 'copula', generalize: { zip: 0 } }], 'tables[0].generalize.zip', /got 0/],
    [[{ table: 'users', synthesizer: 'smote' }], 'tables[0].conditionOn', /smote needs conditionOn: the categorical column whose thin classes it grows, missing/],
    [[{ table: 'users', synthesizer: 'smote', conditionOn: 'gender', rows: 10 }], 'tables[0].rows', /set targetCount, got 10/],
    [[{ table: 'users', synthesizer: 'smote', conditionOn: 'gender', conditions: { gender: 'F' } }], 'tables[0].conditions', /use copula, vae or gan/],
    [[{ table: 'items', synthesizer: 'copula' }, { table: 'items', synthesizer: 'copula', conditionOn: 'category.1' }], 'tables[1].name', /"items\/copula" is also the name of tables\[0\]; give one of them a name of its own/],
    [[{ table: 'users', synthesizer: 'copula', name: 'users copula' }], 'tables[0].name', /expected letters/],
  ])('rejects %j at %s', (tables, path, message) => {
    try {
      parseConfig(configSchema, { ...run, tables });
      expect.unreachable();
    } catch (error) {
      expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
      const line = (error as SampleForgeError).details.issues as string[];
      expect(line.some((entry) => entry.startsWith(`${path}: `) && message.test(entry)), line.join('\n')).toBe(true);
    }
  });
});
