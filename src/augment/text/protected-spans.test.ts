import { describe, expect, it } from 'vitest';
import { findProtectedSpans } from './protected-spans.js';
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
});

describe('splitIntoUnits', () => {
  it('keeps each merged span as one protected unit with its glued punctuation', () => {
    const units = splitIntoUnits('is the iphone 13 128gb? in stock', splitOnWhitespace, ' ');
    expect(units.units).toEqual(['is', 'the', 'iphone 13 128gb?', 'in', 'stock']);
    expect(units.kinds[2]).toBe(PROTECTED);
    expect(units.units.join(' ')).toBe('is the iphone 13 128gb? in stock');
  });
});
