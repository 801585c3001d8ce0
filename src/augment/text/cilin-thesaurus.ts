/**
 * Chinese synonyms from a lexicon in the format of the extended Tongyici Cilin (HIT-SCIR; e.g.
 * HanLP's CoreSynonym.txt): each line is a code and its words, `Ed27C01= 便宜 贱 廉 ...`. Only `=`
 * groups are synonyms; `#` groups are merely related and `@` lines hold a single word.
 */
import { readFile } from 'node:fs/promises';
import { SampleForgeError } from '../../errors.js';
import { addSynonymGroup, createThesaurus, toSynonymLists, type Thesaurus } from './thesaurus.js';

/** Options of {@link loadCilinThesaurus}. */
export interface CilinOptions {
  /** Path of the Cilin-format lexicon file (UTF-8; a BOM on line 1 is allowed). */
  path: string;
  /** Keep one-character words as keys and synonyms; default false (single characters are highly ambiguous). */
  keepSingleCharacters?: boolean;
}

/** Parses Cilin-format text into the synonym map (exported for tests on tiny fixtures). */
export function parseCilin(text: string, options: { keepSingleCharacters?: boolean } = {}): Map<string, readonly string[]> {
  const entries = new Map<string, Set<string>>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const line of lines) {
    const separator = line.indexOf(' ');
    if (separator < 1 || line[separator - 1] !== '=') continue;
    const words = line
      .slice(separator + 1)
      .split(/\s+/)
      .filter((word) => word.length > 0 && (options.keepSingleCharacters === true || [...word].length > 1));
    addSynonymGroup(entries, [...new Set(words)]);
  }
  return toSynonymLists(entries);
}

const cache = new Map<string, Promise<Thesaurus>>();

/** Loads a Cilin-format lexicon once per path and option set; later calls share the in-memory thesaurus. */
export function loadCilinThesaurus(options: CilinOptions): Promise<Thesaurus> {
  const key = `${options.path}\u0000${options.keepSingleCharacters === true}`;
  let loading = cache.get(key);
  if (loading === undefined) {
    loading = (async () => {
      const started = performance.now();
      let text: string;
      try {
        text = await readFile(options.path, 'utf8');
      } catch (cause) {
        cache.delete(key);
        throw new SampleForgeError('E_IO', `cannot read the Cilin lexicon ${options.path}: ${(cause as Error).message}; set lexiconPath to a Cilin-format file`, {
          details: { path: options.path },
          cause,
        });
      }
      return createThesaurus('cilin', parseCilin(text, options), performance.now() - started);
    })();
    cache.set(key, loading);
  }
  return loading;
}
