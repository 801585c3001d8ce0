/**
 * The protected-token check of LLM rewrites: every protected token of the source (brands, model
 * numbers, sizes, quantities; see `findProtectedSpans`) must still be in the model's text. Latin
 * and digit tokens match as whole words, case-insensitively, with optional space where digits meet
 * letters (`128gb` = `128 GB`); tokens holding Han characters match as substrings.
 */
import { findProtectedSpans, type ProtectionOptions } from '../text/protected-spans.js';

const HAN = /\p{Script=Han}/u;

function tokenPattern(token: string): RegExp {
  const runs = token.match(/\d+|\D+/g) ?? [token];
  const body = runs.map((run) => run.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('\\s?');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'u');
}

/** The protected tokens of `source` (lower case) that `text` does not contain. */
export function missingProtectedTokens(source: string, text: string, options?: ProtectionOptions): string[] {
  const target = text.normalize('NFKC').toLowerCase();
  const compactTarget = target.replace(/\s+/g, '');
  const missing: string[] = [];
  for (const span of findProtectedSpans(source, options)) {
    for (const token of source.slice(span.start, span.end).normalize('NFKC').toLowerCase().split(/\s+/)) {
      if (token === '' || missing.includes(token)) continue;
      const found = HAN.test(token) ? compactTarget.includes(token) : tokenPattern(token).test(target);
      if (!found) missing.push(token);
    }
  }
  return missing;
}
