import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { findProtectedSpans, type TextSpan } from './protected-spans.js';
import { splitIntoUnits, splitOnWhitespace, PROTECTED } from './text-units.js';

const spanTexts = (text: string, terms?: string[]): string[] =>
  findProtectedSpans(text, { protectedTerms: terms }).map((span) => text.slice(span.start, span.end));

describe('findProtectedSpans', () => {
  it.each([
    ['iphone 13 128gb case', ['iphone 13 128gb']],
    ['shampoo 500ml for dry hair', ['500ml']],
    ['shampoo 500 ml bottle', ['500 ml']],
    ['socks $19.99, 2 pack', ['$19.99', '2 pack']],
    ['red hoodie XL please', ['XL']],
    ['usb c cable for my laptop', []],
    ['HDMI cable for PlayStation', ['HDMI', 'PlayStation']],
    ['洗发水500ml只要¥39.9，买两个', ['500ml', '¥39.9', '两个']],
    ['华为手机很便宜', ['华为']],
  ])('%s', (text, expected) => {
    expect(spanTexts(text)).toEqual(expected);
  });

  it('adds user terms, whole words only, case-insensitively', () => {
    expect(spanTexts('my Acme Rocket broke, acme support?', ['acme rocket', 'acme'])).toEqual(['Acme Rocket', 'acme']);
    expect(spanTexts('shipping is slow', ['hp'])).toEqual([]);
  });

  it('matches terms as looking each word up among the terms that start with it does', () => {
    // The reference: every word of the lowercased text (runs of letters, digits, & and ') looked
    // up among the terms whose first word it is, longest first; a term must not be followed by a
    // letter or digit. Texts hold no digits or capitals, so only terms give spans.
    const reference = (text: string, terms: readonly string[]): TextSpan[] => {
      const byFirstWord = new Map<string, string[]>();
      for (const term of new Set(terms.map((raw) => raw.trim().toLowerCase()))) {
        const first = /^[\p{L}\p{N}&']+/u.exec(term)?.[0];
        if (first === undefined) continue;
        byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), term].sort((a, b) => b.length - a.length));
      }
      const lower = text.toLowerCase();
      const spans: TextSpan[] = [];
      for (const match of lower.matchAll(/[\p{L}\p{N}&']+/gu)) {
        const term = byFirstWord.get(match[0])?.find((candidate) => {
          const end = match.index + candidate.length;
          return lower.startsWith(candidate, match.index) && (end >= lower.length || !/[\p{L}\p{N}]/u.test(lower[end]));
        });
        if (term !== undefined) spans.push({ start: match.index, end: match.index + term.length });
      }
      spans.sort((a, b) => a.start - b.start || b.end - a.end);
      const merged: TextSpan[] = [];
      for (const span of spans) {
        const last = merged.at(-1);
        if (last !== undefined && (span.start <= last.end || /^[ \t]+$/.test(text.slice(last.end, span.start)))) last.end = Math.max(last.end, span.end);
        else merged.push({ ...span });
      }
      return merged;
    };
    const terms = ['ab', 'ab cd', 'ab c', 'a&b', "ab's", 'cd ef', 'ef', 'b.c', 'x (y)', 'é', 'éa', 'q+', '𝒜b', 'a-b', '  Ab  ', ''];
    const pieces = ['ab', 'cd', 'ef', 'a', 'b', 'c', '&', "'", ' ', ' ', '.', '-', '(y)', 'é', '𝒜', 'İ', 'q+', 'x', '\t', ','];
    const rng = createRng(11);
    for (let round = 0; round < 3000; round++) {
      let text = '';
      for (let i = rng.int(12); i >= 0; i--) text += rng.pick(pieces);
      const options = { protectedTerms: terms, useDefaultTerms: false };
      expect(findProtectedSpans(text, options), JSON.stringify(text)).toEqual(reference(text, terms));
    }
  });
});

describe('splitIntoUnits', () => {
  it('keeps each merged span as one protected unit with its glued punctuation', () => {
    const units = splitIntoUnits('is the iphone 13 128gb? in stock', splitOnWhitespace, ' ');
    expect(units.units).toEqual(['is', 'the', 'iphone 13 128gb?', 'in', 'stock']);
    expect(units.kinds[2]).toBe(PROTECTED);
    expect(units.units.join(' ')).toBe('is the iphone 13 128gb? in stock');
  });
});

describe('splitOnWhitespace', () => {
  it('splits where /\\s+/ does, without empty words', () => {
    const expected = (text: string): string[] => text.split(/\s+/).filter((word) => word.length > 0);
    const differ: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      if (splitOnWhitespace(text).join('|') !== expected(text).join('|')) differ.push(`U+${code.toString(16)}`);
    }
    expect(differ).toEqual([]);
    const rng = createRng(3);
    const pieces = ['ab', 'c', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', '\u200b', 'é', '?'];
    for (let round = 0; round < 500; round++) {
      let text = '';
      for (let i = rng.int(10); i >= 0; i--) text += rng.pick(pieces);
      expect(splitOnWhitespace(text), JSON.stringify(text)).toEqual(expected(text));
    }
  });
});
