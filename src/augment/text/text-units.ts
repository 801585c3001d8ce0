/**
 * A text cut into units that augmenters edit: words, protected spans (never changed, each one
 * unit) and fixed units (punctuation and spaces in Chinese, kept but not counted as words).
 */
import { findProtectedSpans, type ProtectionOptions } from './protected-spans.js';

/** An editable word. */
export const WORD = 0;
/** A protected span: never replaced, deleted, split or moved. */
export const PROTECTED = 1;
/** Punctuation or whitespace: kept where it is, never counted as a word. */
export const FIXED = 2;

/** Units of one text; `kinds[i]` is WORD, PROTECTED or FIXED; the text is `units.join(joiner)`. */
export interface TextUnits {
  units: string[];
  kinds: number[];
  /** `' '` for space-separated languages, `''` for Chinese. */
  joiner: string;
}

/** Cuts text (without protected spans) into words; English splits on whitespace, Chinese uses a segmenter. */
export type WordSegmenter = (text: string) => string[];

/** Whether a UTF-16 unit is whitespace as `\s` matches it (ECMAScript WhiteSpace and LineTerminator). */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Whitespace word splitting for space-separated languages: the runs of non-`\s` characters, as
 * `text.split(/\s+/)` without its empty ends gives them, found by a scan (the regex split and the
 * filter made two more arrays and regex match state per input text).
 */
export const splitOnWhitespace: WordSegmenter = (text) => {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (!isWhitespace(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) words.push(text.slice(start));
  return words;
};

const PUNCTUATION_OR_SPACE = /^[\s\p{P}\p{S}]+$/u;

function hasAsciiWordCharacter(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57)) return true;
  }
  return false;
}

/**
 * Splits `text` into units: protected spans first (see `findProtectedSpans`), the rest by
 * `segmenter`. With a space joiner, punctuation touching a span without a space is glued onto the
 * span's unit so joining restores it (`13?` stays `13?`).
 */
export function splitIntoUnits(text: string, segmenter: WordSegmenter, joiner: string, protection?: ProtectionOptions): TextUnits {
  const spans = findProtectedSpans(text, protection);
  const units: string[] = [];
  const kinds: number[] = [];
  const pushWords = (part: string): void => {
    for (const word of segmenter(part)) {
      if (joiner === '' && word.trim().length === 0) {
        units.push(word);
        kinds.push(FIXED);
      } else {
        units.push(word);
        kinds.push(hasAsciiWordCharacter(word) || !PUNCTUATION_OR_SPACE.test(word) ? WORD : FIXED);
      }
    }
  };
  let position = 0;
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index];
    let before = text.slice(position, span.start);
    let protectedText = text.slice(span.start, span.end);
    if (joiner !== '') {
      const glued = /\S+$/.exec(before);
      if (glued !== null) {
        protectedText = glued[0] + protectedText;
        before = before.slice(0, glued.index);
      }
    }
    pushWords(before);
    units.push(protectedText);
    kinds.push(PROTECTED);
    position = span.end;
    if (joiner !== '') {
      const glued = /^\S+/.exec(text.slice(position, spans[index + 1]?.start ?? text.length));
      if (glued !== null) {
        units[units.length - 1] += glued[0];
        position += glued[0].length;
      }
    }
  }
  pushWords(text.slice(position));
  return { units, kinds, joiner };
}

/** Joins units back into text. */
export function joinUnits(units: readonly string[], joiner: string): string {
  return units.join(joiner);
}
