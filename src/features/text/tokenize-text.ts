/**
 * Tokenisation for text classifiers: lowercased runs of letters and digits, each punctuation mark
 * its own token, and every Han character its own token, so Chinese needs no segmenter and word
 * bigrams over it are character bigrams (a strong baseline for Chinese text classification).
 */

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function isWordCharacter(character: string, code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 39;
  return WORD_CHARACTER.test(character);
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b);
}

/**
 * Splits `text` into classifier tokens: lowercased letter/digit runs (an apostrophe stays inside a
 * word), single punctuation marks, and single Han characters. Whitespace is dropped.
 */
export function tokenizeText(text: string): string[] {
  const tokens: string[] = [];
  const lower = text.toLowerCase();
  let start = -1;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    const character = lower[i];
    if (isHan(code)) {
      if (start >= 0) tokens.push(lower.slice(start, i));
      start = -1;
      tokens.push(character);
    } else if (isWordCharacter(character, code)) {
      if (start < 0) start = i;
    } else {
      if (start >= 0) tokens.push(lower.slice(start, i));
      start = -1;
      if (!isSpace(code)) tokens.push(character);
    }
  }
  if (start >= 0) tokens.push(lower.slice(start));
  return tokens;
}
