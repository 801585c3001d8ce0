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

/** Terms indexed by their first word (Latin, whole-word matches) plus Han terms (matched anywhere). */
interface TermIndex {
  byFirstWord: Map<string, string[]>;
  han: string[];
}

const NO_OPTIONS: ProtectionOptions = Object.freeze({});

// Keyed by the options object, so rules built once index their terms once.
const termIndexCache = new WeakMap<ProtectionOptions, TermIndex>();

function termIndex(options: ProtectionOptions): TermIndex {
  let index = termIndexCache.get(options);
  if (index !== undefined) return index;
  const terms = options.useDefaultTerms === false ? (options.protectedTerms ?? []) : [...DEFAULT_PROTECTED_TERMS, ...(options.protectedTerms ?? [])];
  index = { byFirstWord: new Map(), han: [] };
  for (const raw of new Set(terms.map((term) => term.trim().toLowerCase()))) {
    if (raw.length === 0) continue;
    if (HAS_HAN.test(raw[0])) {
      index.han.push(raw);
      continue;
    }
    const first = WORD_PATTERN_SINGLE.exec(raw)?.[0];
    if (first === undefined) continue;
    const list = index.byFirstWord.get(first) ?? [];
    list.push(raw);
    // Longest first, so "apple pay" wins over "apple".
    list.sort((a, b) => b.length - a.length);
    index.byFirstWord.set(first, list);
  }
  termIndexCache.set(options, index);
  return index;
}

const WORD_PATTERN = /[\p{L}\p{N}&']+/gu;
const WORD_PATTERN_SINGLE = /^[\p{L}\p{N}&']+/u;
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

function collectTerms(text: string, index: TermIndex, spans: TextSpan[]): void {
  const lower = text.toLowerCase();
  if (index.byFirstWord.size > 0) {
    WORD_PATTERN.lastIndex = 0;
    for (let match = WORD_PATTERN.exec(lower); match !== null; match = WORD_PATTERN.exec(lower)) {
      const candidates = index.byFirstWord.get(match[0]);
      if (candidates === undefined) continue;
      for (const term of candidates) {
        const end = match.index + term.length;
        if (lower.startsWith(term, match.index) && (end >= lower.length || !WORD_CHARACTER.test(lower[end]))) {
          spans.push({ start: match.index, end });
          break;
        }
      }
    }
  }
  if (index.han.length > 0 && HAS_HAN.test(text)) {
    for (const term of index.han) {
      for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) spans.push({ start: at, end: at + term.length });
    }
  }
}

/**
 * The protected spans of `text`, sorted and merged (overlapping spans, and spans separated only by
 * spaces, become one). Patterns: prices, numbers with units, tokens holding a digit, clothing
 * sizes, acronyms and mixed-case names, Chinese numerals with measure words, and the terms.
 */
export function findProtectedSpans(text: string, options: ProtectionOptions = NO_OPTIONS): TextSpan[] {
  const spans: TextSpan[] = [];
  const collect = (pattern: RegExp): void => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  };
  for (const { pattern, needs } of PATTERNS) if (needs.test(text)) collect(pattern);
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
