/**
 * How EDA edits see a language: how a text splits into units, and which words have synonyms.
 * English: whitespace words, lookups lowercased with edge punctuation stripped, stop words
 * skipped. Chinese: jieba words, lookups on multi-character words.
 */
import { segmentChinese } from './chinese-segmenter.js';
import type { ProtectionOptions } from './protected-spans.js';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js';
import type { Thesaurus } from './thesaurus.js';
import { splitIntoUnits, splitOnWhitespace, WORD, type TextUnits } from './text-units.js';

/** A text prepared once for many edits: its units and the words that have synonyms. */
export interface PreparedText extends TextUnits {
  /** Indices of WORD units. */
  wordPositions: number[];
  /** Indices of WORD units with at least one synonym, and those synonyms. */
  synonymPositions: number[];
  synonymLists: (readonly string[])[];
  /** The lookup key of each unit in `synonymPositions` (same order). */
  synonymKeys: string[];
}

/** Language-specific parts of text edits. */
export interface LanguageRules {
  readonly language: 'en' | 'zh';
  prepare(text: string): PreparedText;
  /** The unit that replaces `word` by `synonym`, keeping the word's edge punctuation and capital. */
  replace(word: string, synonym: string): string;
}

/** Options shared by both languages. */
export interface LanguageRulesOptions extends ProtectionOptions {
  thesaurus?: Thesaurus;
}

function prepare(units: TextUnits, keyOf: (word: string) => string | undefined, thesaurus: Thesaurus | undefined): PreparedText {
  const wordPositions: number[] = [];
  const synonymPositions: number[] = [];
  const synonymLists: (readonly string[])[] = [];
  const synonymKeys: string[] = [];
  for (let i = 0; i < units.units.length; i++) {
    if (units.kinds[i] !== WORD) continue;
    wordPositions.push(i);
    if (thesaurus === undefined) continue;
    const key = keyOf(units.units[i]);
    if (key === undefined) continue;
    const synonyms = thesaurus.synonyms(key);
    if (synonyms.length === 0) continue;
    synonymPositions.push(i);
    synonymLists.push(synonyms);
    synonymKeys.push(key);
  }
  // Spelled out, not `{ ...units, ... }`: V8's object spread here made young objects survive
  // scavenges (measured with --trace-gc-nvp), and this runs once per input text.
  return { units: units.units, kinds: units.kinds, joiner: units.joiner, wordPositions, synonymPositions, synonymLists, synonymKeys };
}

const EDGE_PUNCTUATION = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isPlainLowercase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 97 || code > 122) return false;
  }
  return true;
}

// A module constant: a regex literal in the function would be a new RegExp object per word.
const NON_ASCII = /[\u0080-\uffff]/;

function englishKey(word: string): string | undefined {
  let start = 0;
  let end = word.length;
  // Fast path for ASCII edge punctuation; other scripts fall back to the Unicode pattern.
  while (start < end && !isAsciiLetter(word.charCodeAt(start)) && word.charCodeAt(start) < 128) start++;
  while (end > start && !isAsciiLetter(word.charCodeAt(end - 1)) && word.charCodeAt(end - 1) < 128) end--;
  let core = start === 0 && end === word.length ? word : word.slice(start, end);
  if (NON_ASCII.test(core)) core = EDGE_PUNCTUATION.exec(word)?.[2] ?? word;
  if (core.length < 2) return undefined;
  // toLowerCase makes a new string even when nothing changes; most words are lowercase already.
  const key = isPlainLowercase(core) ? core : core.toLowerCase();
  return ENGLISH_STOP_WORDS.has(key) ? undefined : key;
}

/** English rules; synonyms usually from `loadWordNetThesaurus`. */
export function createEnglishRules(options: LanguageRulesOptions = {}): LanguageRules {
  return {
    language: 'en',
    prepare: (text) => prepare(splitIntoUnits(text, splitOnWhitespace, ' ', options), englishKey, options.thesaurus),
    replace(word, synonym) {
      if (isPlainLowercase(word)) return synonym;
      const match = EDGE_PUNCTUATION.exec(word);
      if (match === null) return synonym;
      const core = match[2];
      const capital = core.length > 0 && core[0] !== core[0].toLowerCase() ? synonym[0].toUpperCase() + synonym.slice(1) : synonym;
      return match[1] + capital + match[3];
    },
  };
}

const HAN = /\p{Script=Han}/u;

/** Chinese rules; words from jieba, synonyms usually from `loadCilinThesaurus`. */
export function createChineseRules(options: LanguageRulesOptions = {}): LanguageRules {
  return {
    language: 'zh',
    prepare: (text) => prepare(splitIntoUnits(text, segmentChinese, '', options), (word) => (HAN.test(word) && !CHINESE_STOP_WORDS.has(word) ? word : undefined), options.thesaurus),
    replace: (_word, synonym) => synonym,
  };
}
