/**
 * Protected spans: the parts of a product query or utterance an augmenter must never change (brand
 * names, model numbers, sizes, units, quantities, prices and user terms such as a catalog's brand
 * list). Found by patterns, then merged when only whitespace separates them, so `iphone 13 128gb`
 * is one span that no edit splits.
 */

/** A `[start, end)` range of UTF-16 code units in the original text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** What to protect besides the built-in patterns. */
export interface ProtectionOptions {
  /** Extra protected terms (brands, product lines), matched case-insensitively as whole words. */
  protectedTerms?: readonly string[];
  /** Also protect {@link DEFAULT_PROTECTED_TERMS}; default true. */
  useDefaultTerms?: boolean;
}

/** A small built-in list of well-known brands and product lines; users add their catalog's own. */
export const DEFAULT_PROTECTED_TERMS: readonly string[] = Object.freeze(
  (
    'apple|iphone|ipad|macbook|airpods|samsung|galaxy|huawei|xiaomi|redmi|oppo|vivo|oneplus|google|pixel|sony|playstation|' +
    'nintendo|switch oled|xbox|microsoft|lenovo|thinkpad|dell|hp|asus|acer|lg|philips|dyson|bose|jbl|canon|nikon|gopro|' +
    'kindle|nike|adidas|puma|uniqlo|zara|h&m|levi\'s|gucci|prada|loreal|l\'oreal|nivea|olay|gillette|colgate|pampers|' +
    'lego|ikea|amazon|alexa|visa|mastercard|paypal|apple pay|google pay|苹果|华为|小米|三星|联想|耐克|阿迪达斯|海尔|美的|格力|蒙牛|伊利'
  ).split('|'),
);

const UNIT =
  'ml|l|cl|oz|fl ?oz|lbs?|kg|g|mg|gb|tb|mb|kb|inch(?:es)?|in|cm|mm|km|m|ft|pack|packs|pk|pcs|pieces?|count|ct|pairs?|sets?|w|kw|v|mah|hz|ghz|mp|' +
  'usd|dollars?|eur|euros?|gbp|pounds?|rmb|yuan|' +
  '毫升|升|千克|公斤|克|斤|两|元|块钱|块|角|寸|英寸|件|个|包|瓶|袋|盒|箱|厘米|毫米|米|码|号|只|双|套|台|部|支|片|粒|张|本|天|小时|分钟|年|月|周|岁|度|倍|折|g|G|GB|T|TB|W|mAh';

// Each pattern is one kind of attribute; the comments say what they catch, the code is the regex.
// Each pattern is one kind of attribute, with a cheap test that must pass before it can match.
const HAS_DIGIT = /\d/;
const HAS_HAN = /\p{Script=Han}/u;
const PATTERNS: readonly { pattern: RegExp; needs: RegExp }[] = [
  // prices with a currency sign: $19.99, ¥ 99, €5
  { pattern: /[$€£¥￥]\s?\d[\d,]*(?:\.\d+)?/gu, needs: HAS_DIGIT },
  // a number and its unit: 500ml, 500 ml, 2 pack, 10.5 oz, 99元, 128gb
  { pattern: new RegExp(`\\d[\\d,]*(?:\\.\\d+)?\\s?(?:${UNIT})(?![\\p{Script=Latin}\\p{N}])`, 'gu'), needs: HAS_DIGIT },
  // any token holding a digit: model numbers (a1234, s21, rtx4090), bare numbers, sizes like 2xl
  { pattern: /[\p{Script=Latin}\p{N}#+]*\d[\p{Script=Latin}\p{N}#+\-/.]*(?<![-/.])/gu, needs: HAS_DIGIT },
  // clothing sizes in capitals: XS, XL, XXL, XXXL and single S, M, L
  { pattern: /(?<![\p{L}\p{N}])(?:X{0,3}[SL]|X{1,4}L|M)(?![\p{L}\p{N}])/gu, needs: /(?:^|[^A-Za-z])[XSML](?![a-z])/ },
  // all-caps acronyms and mixed-case names: USB, HDMI, iPhone, PlayStation
  { pattern: /(?<![\p{L}\p{N}])(?:[A-Z]{2,}|[a-z]*[a-z][A-Z][A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![\p{L}\p{N}])/gu, needs: /[A-Z]{2}|[a-z][A-Z]/ },
  // Chinese numerals with a measure word: 两个, 三件, 十斤
  { pattern: /[一二两三四五六七八九十百千万半]+(?:个|件|包|瓶|袋|盒|箱|只|双|套|台|部|支|片|斤|元|块|张|本|天|年|月)/gu, needs: HAS_HAN },
];

/** Latin terms sharing a first word, longest first (so "apple pay" wins over "apple"). */
interface TermGroup {
  first: string;
  terms: string[];
}

/**
 * Latin terms (whole-word matches) grouped by first word, the groups found by a hash of that
 * word; plus Han terms (matched anywhere).
 */
interface TermIndex {
  byFirstWordHash: Map<number, TermGroup[]>;
  han: string[];
}

const NO_OPTIONS: ProtectionOptions = Object.freeze({});

// Keyed by the options object, so rules built once index their terms once.
const termIndexCache = new WeakMap<ProtectionOptions, TermIndex>();

const WORD_PATTERN_SINGLE = /^[\p{L}\p{N}&']+/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;
// Sticky: tests the one code point at `lastIndex`.
const TERM_WORD_CHARACTER_AT = /[\p{L}\p{N}&']/uy;

/** Whether the code point at `at` is a letter, a digit, `&` or `'` (a character of words that terms are matched on). */
function isTermWordCharacter(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || code === 38 || code === 39;
  TERM_WORD_CHARACTER_AT.lastIndex = at;
  return TERM_WORD_CHARACTER_AT.test(text);
}

/** UTF-16 units of the code point at `at`. */
function codePointWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0xd800 || code > 0xdbff || at + 1 >= text.length) return 1;
  const next = text.charCodeAt(at + 1);
  return next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** FNV-1a of `text[start, end)`, kept to 30 bits so that it stays a small integer as a Map key. */
function wordHash(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash & 0x3fffffff;
}

function termIndex(options: ProtectionOptions): TermIndex {
  let index = termIndexCache.get(options);
  if (index !== undefined) return index;
  const terms = options.useDefaultTerms === false ? (options.protectedTerms ?? []) : [...DEFAULT_PROTECTED_TERMS, ...(options.protectedTerms ?? [])];
  const groups = new Map<string, TermGroup>();
  const han: string[] = [];
  for (const raw of new Set(terms.map((term) => term.trim().toLowerCase()))) {
    if (raw.length === 0) continue;
    if (HAS_HAN.test(raw[0])) {
      han.push(raw);
      continue;
    }
    const first = WORD_PATTERN_SINGLE.exec(raw)?.[0];
    if (first === undefined) continue;
    let group = groups.get(first);
    if (group === undefined) {
      group = { first, terms: [] };
      groups.set(first, group);
    }
    group.terms.push(raw);
  }
  const byFirstWordHash = new Map<number, TermGroup[]>();
  for (const group of groups.values()) {
    group.terms.sort((a, b) => b.length - a.length);
    const hash = wordHash(group.first, 0, group.first.length);
    byFirstWordHash.set(hash, [...(byFirstWordHash.get(hash) ?? []), group]);
  }
  index = { byFirstWordHash, han };
  termIndexCache.set(options, index);
  return index;
}

/**
 * Finds the terms at the words of `lower`: each word (a maximal run of letters, digits, `&` and
 * `'`) that is some terms' first word starts the longest of them that the text holds there, if no
 * letter or digit follows it. Words are looked up by a hash of their characters, computed in the
 * scan, so no word of the text becomes a string of its own (this runs once per input text, on
 * every word of it).
 */
function collectLatinTerms(lower: string, byFirstWordHash: Map<number, TermGroup[]>, spans: TextSpan[]): void {
  let at = 0;
  while (at < lower.length) {
    if (!isTermWordCharacter(lower, at)) {
      at += codePointWidth(lower, at);
      continue;
    }
    const start = at;
    while (at < lower.length && isTermWordCharacter(lower, at)) at += codePointWidth(lower, at);
    // Plain calls, no closure over `start` and `at`: one would make V8 allocate them per word.
    const group = groupOfWord(byFirstWordHash.get(wordHash(lower, start, at)), lower, start, at);
    if (group !== undefined) collectLongestTerm(lower, start, group, spans);
  }
}

/** The group (of those sharing a hash) whose first word is `lower[start, end)`. */
function groupOfWord(groups: readonly TermGroup[] | undefined, lower: string, start: number, end: number): TermGroup | undefined {
  if (groups === undefined) return undefined;
  for (const group of groups) if (group.first.length === end - start && lower.startsWith(group.first, start)) return group;
  return undefined;
}

function collectLongestTerm(lower: string, start: number, group: TermGroup, spans: TextSpan[]): void {
  for (const term of group.terms) {
    const end = start + term.length;
    if (lower.startsWith(term, start) && (end >= lower.length || !WORD_CHARACTER.test(lower[end]))) {
      spans.push({ start, end });
      return;
    }
  }
}

function collectTerms(text: string, index: TermIndex, spans: TextSpan[]): void {
  const lower = text.toLowerCase();
  if (index.byFirstWordHash.size > 0) collectLatinTerms(lower, index.byFirstWordHash, spans);
  if (index.han.length > 0 && HAS_HAN.test(text)) {
    for (const term of index.han) {
      for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) spans.push({ start: at, end: at + term.length });
    }
  }
}

function collectMatches(pattern: RegExp, text: string, spans: TextSpan[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    spans.push({ start: match.index, end: match.index + match[0].length });
  }
}

/**
 * The protected spans of `text`, sorted and merged (overlapping spans, and spans separated only by
 * spaces, become one). Patterns: prices, numbers with units, tokens holding a digit, clothing
 * sizes, acronyms and mixed-case names, Chinese numerals with measure words, and the terms.
 */
export function findProtectedSpans(text: string, options: ProtectionOptions = NO_OPTIONS): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const { pattern, needs } of PATTERNS) if (needs.test(text)) collectMatches(pattern, text, spans);
  collectTerms(text, termIndex(options), spans);
  if (spans.length <= 1) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextSpan[] = [{ ...spans[0] }];
  for (let i = 1; i < spans.length; i++) {
    const last = merged[merged.length - 1];
    const span = spans[i];
    if (span.start <= last.end || /^[ \t]+$/.test(text.slice(last.end, span.start))) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
