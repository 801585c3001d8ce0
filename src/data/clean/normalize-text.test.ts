import { describe, expect, it } from 'vitest';
import { withDatabase } from '../../internal/duckdb.js';
import { normalizeText, normalizeTextColumns, registerNormalizeTextFunction, toHalfWidth } from './normalize-text.js';
import { createTestTable } from './test-support/create-tables.js';

describe('normalizeText', () => {
  it.each([
    ['iPhone 13 Pro 128GB', 'iphone 13 pro 128gb'],
    ['Bottle 1.5L', 'bottle 1.5l'],
    ['Juice 500ml', 'juice 500ml'],
    ['height 5\'11"', 'height 5\'11"'],
    ['USB-C  cable', 'usb-c cable'],
    ['Jack 3.5mm', 'jack 3.5mm'],
    ['ＵＳＢ－Ｃ　３．５ｍｍ', 'usb-c 3.5mm'],
    ['５００ｍｌ　水', '500ml 水'],
    ['  tabs\tand\nnewlines\u00a0nbsp  ', 'tabs and newlines nbsp'],
    ['Café ﬁlter', 'café filter'],
    ['①②', '12'],
    ['100㎏ 2㎡', '100kg 2m2'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('applies only the steps asked for', () => {
    expect(toHalfWidth('Ａ１！　ｂ')).toBe('A1! b');
    expect(normalizeText('ＡＢ  Cd', { nfkc: false, fullWidth: true, whitespace: false, lowercase: false })).toBe('AB  Cd');
    expect(normalizeText('ＡＢ  Cd', { nfkc: false, fullWidth: false, whitespace: true, lowercase: true })).toBe('ａｂ cd');
  });
});

describe('normalizeTextColumns', () => {
  it('normalises texts.text and items.title in SQL and counts changed rows', async () => {
    await withDatabase(':memory:', async (db) => {
      await createTestTable(db, 'texts', [
        { id: 't1', text: 'Ｈｅｌｌｏ  World' },
        { id: 't2', text: 'already clean' },
        { id: 't3', text: null },
      ]);
      await createTestTable(db, 'items', [{ item_id: 'i1', title: 'iPhone 13 Pro 128GB' }]);
      const reports = await normalizeTextColumns(db);
      expect(reports.map((report) => [report.table, report.dropped, report.details.changed])).toEqual([
        ['texts', 0, 1],
        ['items', 0, 1],
      ]);
      expect(await db.all('SELECT id, text FROM texts ORDER BY id')).toEqual([
        { id: 't1', text: 'hello world' },
        { id: 't2', text: 'already clean' },
        { id: 't3', text: null },
      ]);
      expect(await db.scalar('SELECT title FROM items')).toBe('iphone 13 pro 128gb');
      const fn = registerNormalizeTextFunction(db);
      expect(await db.scalar(`SELECT ${fn}('ＡＢ')`)).toBe('ab');
    });
  });
});
