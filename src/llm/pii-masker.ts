/**
 * Masks personal data before text leaves the process, with reversible pseudonyms (`<EMAIL_1>`)
 * so answers that refer back can be restored. Detects emails, Chinese national ID numbers
 * (GB 11643-1999 checksum), bank card numbers (13-19 digits passing the Luhn check), Chinese
 * mobile numbers (optional +86), international and North American phone formats, English and
 * Chinese street addresses, and user ids (configured patterns and a known id set). Detection is
 * tuned to over-mask rather than leak.
 */

export type PiiKind = 'EMAIL' | 'ID_NUMBER' | 'BANK_CARD' | 'PHONE' | 'ADDRESS' | 'USER_ID';

export interface PiiMaskerOptions {
  /** Regular expressions (sources or RegExp) matching user ids, e.g. `u_[0-9]{6}`. */
  userIdPatterns?: readonly (string | RegExp)[];
  /** Exact user ids known to the run (from the interaction table), masked wherever they appear as a token. */
  knownUserIds?: Iterable<string>;
}

/** One request's masking state: the same datum always maps to the same pseudonym. */
export interface PiiSession {
  mask(text: string): string;
  /** Replaces pseudonyms this session created with the original values. */
  unmask(text: string): string;
  /** Pseudonym -> original value. */
  mapping(): ReadonlyMap<string, string>;
}

export interface PiiMasker {
  start(): PiiSession;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Whether an 18-character Chinese resident ID number has a valid GB 11643-1999 check character. */
export function isValidChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11] === id[17].toUpperCase();
}

/** Whether a digit string passes the Luhn (mod 10) check used by payment cards. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CHINESE_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CARD = /(?<![0-9+])\d(?:[ -]?\d){12,18}(?![0-9])/g;
const CHINESE_MOBILE = /(?<![0-9])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?![0-9])/g;
const INTERNATIONAL_PHONE = /(?<![0-9A-Za-z])(?:\+|00)\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,5}(?:[ .-]?\d{2,5}){1,4}(?![0-9])/g;
const NORTH_AMERICAN_PHONE = /(?<![0-9])(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![0-9])/g;
const ENGLISH_ADDRESS = /\b\d{1,6}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq)\b\.?(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|#)\.?\s*[A-Za-z0-9-]+)?/g;
const CHINESE_ADDRESS = /(?:[\u4e00-\u9fa5]{1,8}(?:省|自治区))?(?:[\u4e00-\u9fa5]{1,8}市)?(?:[\u4e00-\u9fa5]{1,8}(?:区|县|旗))?[\u4e00-\u9fa5A-Za-z0-9]{1,12}(?:路|街|大道|道|巷|弄|胡同)[0-9一二三四五六七八九十百零]+号(?:[0-9A-Za-z-]+(?:栋|幢|号楼|楼|单元|室))*/g;
const PSEUDONYM = /<(EMAIL|ID_NUMBER|BANK_CARD|PHONE|ADDRESS|USER_ID)_(\d+)>/g;

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

/** Creates a masker; each `start()` gives a fresh pseudonym numbering for one request. */
export function createPiiMasker(options: PiiMaskerOptions = {}): PiiMasker {
  const userPatterns = (options.userIdPatterns ?? []).map((pattern) => new RegExp(typeof pattern === 'string' ? pattern : pattern.source, 'g'));
  const knownUserIds = new Set(options.knownUserIds ?? []);

  return {
    start(): PiiSession {
      const byValue = new Map<string, string>();
      const byPseudonym = new Map<string, string>();
      const counters = new Map<PiiKind, number>();
      const pseudonymFor = (kind: PiiKind, value: string): string => {
        const key = `${kind}\u0000${value}`;
        let pseudonym = byValue.get(key);
        if (pseudonym === undefined) {
          const next = (counters.get(kind) ?? 0) + 1;
          counters.set(kind, next);
          pseudonym = `<${kind}_${next}>`;
          byValue.set(key, pseudonym);
          byPseudonym.set(pseudonym, value);
        }
        return pseudonym;
      };
      const replace = (text: string, pattern: RegExp, kind: PiiKind, accept: (match: string) => boolean = () => true): string =>
        text.replace(pattern, (match) => (accept(match) ? pseudonymFor(kind, match) : match));

      return {
        mask(text) {
          let out = replace(text, EMAIL, 'EMAIL');
          for (const pattern of userPatterns) out = replace(out, pattern, 'USER_ID');
          if (knownUserIds.size > 0) out = out.replace(/[A-Za-z0-9_](?:[A-Za-z0-9_.:-]*[A-Za-z0-9_])?/g, (token) => (knownUserIds.has(token) ? pseudonymFor('USER_ID', token) : token));
          out = replace(out, CHINESE_ID, 'ID_NUMBER', isValidChineseId);
          out = replace(out, CARD, 'BANK_CARD', (match) => {
            const digits = match.replace(/\D/g, '');
            return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
          });
          out = replace(out, CHINESE_MOBILE, 'PHONE');
          out = replace(out, INTERNATIONAL_PHONE, 'PHONE', (match) => digitCount(match) >= 8 && digitCount(match) <= 15);
          out = replace(out, NORTH_AMERICAN_PHONE, 'PHONE');
          out = replace(out, ENGLISH_ADDRESS, 'ADDRESS');
          out = replace(out, CHINESE_ADDRESS, 'ADDRESS');
          return out;
        },
        unmask(text) {
          return text.replace(PSEUDONYM, (pseudonym) => byPseudonym.get(pseudonym) ?? pseudonym);
        },
        mapping: () => byPseudonym,
      };
    },
  };
}
