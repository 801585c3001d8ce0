/** A word -> synonyms lookup held in memory, loaded once from a lexicon (WordNet, Cilin). */
export interface Thesaurus {
  /** Registry-style name of the source, recorded in lineage, e.g. `wordnet-3.1`. */
  readonly source: string;
  /** Number of words that have at least one synonym. */
  readonly size: number;
  /** Milliseconds it took to read and parse the lexicon. */
  readonly loadMilliseconds: number;
  /** Synonyms of `word` (lowercase for English), in lexicon order; empty when there are none. */
  synonyms(word: string): readonly string[];
}

const NONE: readonly string[] = Object.freeze([]);

/** A thesaurus over a prepared map. */
export function createThesaurus(source: string, entries: ReadonlyMap<string, readonly string[]>, loadMilliseconds = 0): Thesaurus {
  return {
    source,
    size: entries.size,
    loadMilliseconds,
    synonyms: (word) => entries.get(word) ?? NONE,
  };
}

/** Adds every member of `group` as a synonym of every other member (sets keep first-seen order). */
export function addSynonymGroup(entries: Map<string, Set<string>>, group: readonly string[]): void {
  if (group.length < 2) return;
  for (const word of group) {
    let set = entries.get(word);
    if (set === undefined) {
      set = new Set();
      entries.set(word, set);
    }
    for (const other of group) if (other !== word) set.add(other);
  }
}

/** Freezes the sets built by {@link addSynonymGroup} into arrays for fast random picks. */
export function toSynonymLists(entries: ReadonlyMap<string, ReadonlySet<string>>): Map<string, readonly string[]> {
  const lists = new Map<string, readonly string[]>();
  for (const [word, set] of entries) lists.set(word, [...set]);
  return lists;
}
