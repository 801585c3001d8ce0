/**
 * The bundled example world: a seeded synthetic shop (users, items, sessions, search queries,
 * customer-service utterances) so the quickstart and the tests run without third-party data.
 */
import { parseConfig } from '../../config/load.js';
import { resolveSyntheticOptions, syntheticSourceSchema, type ResolvedSyntheticOptions, type SyntheticSourceInput } from '../../config/synthetic.js';
import { createRng, type Rng } from '../../internal/rng.js';
import type { Interaction, Item, TextSample } from '../../types.js';
import { LEAVES } from './catalog-vocabulary.js';
import { buildChineseQuery, buildEnglishQuery } from './build-query.js';
import { generateCatalog, type SyntheticCatalog } from './generate-catalog.js';
import { generateInteractions } from './generate-interactions.js';
import { generateUsers, type SyntheticUser } from './generate-users.js';
import { generateUtterances } from './generate-utterances.js';

/** A generated shop. Records follow `types.ts`; `catalog` keeps the latent structure for tests and benches. */
export interface SyntheticWorld {
  seed: number;
  options: ResolvedSyntheticOptions;
  users: SyntheticUser[];
  items: Item[];
  /** Grouped by user, timestamps strictly increasing within a user. */
  interactions: Interaction[];
  /** Search queries; `label` is the category path of the clicked item (`'beauty > skin care > serum'`). */
  queries: TextSample[];
  /** Customer-service utterances; `label` is the intent. */
  utterances: TextSample[];
  /** Interest categories, item popularity and complementary successors the behaviour was drawn from. */
  catalog: SyntheticCatalog;
}

function generateQueries(rng: Rng, count: number, interactions: readonly Interaction[], catalog: SyntheticCatalog, options: ResolvedSyntheticOptions): TextSample[] {
  const indexOf = new Map(catalog.items.map((item, index) => [item.itemId, index]));
  const clicked: number[] = [];
  for (const interaction of interactions) if (interaction.event === 'click') clicked.push(indexOf.get(interaction.itemId) ?? 0);
  const pool = clicked.length > 0 ? clicked : Array.from(catalog.items.keys());
  const chineseShare = options.languages.includes('zh') ? (options.languages.includes('en') ? options.chineseQueryShare : 1) : 0;
  const width = Math.max(5, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const item = pool[rng.int(pool.length)];
    const leaf = LEAVES[catalog.leafOf[item]];
    const chinese = rng.chance(chineseShare);
    const text = chinese ? buildChineseQuery(rng, catalog.items[item], leaf) : buildEnglishQuery(rng, catalog.items[item], leaf, options.typoProbability);
    return { id: `q${String(index + 1).padStart(width, '0')}`, text, label: leaf.path.join(' > '), language: chinese ? 'zh' : 'en' };
  });
}

/**
 * Generates the synthetic shop for `options` (a `data.synthetic` section; counts default to its
 * preset) and `seed` (used when `options.seed` is absent). The same options and seed give the same world.
 */
export function generateWorld(options: SyntheticSourceInput = {}, seed = 0): SyntheticWorld {
  const resolved = resolveSyntheticOptions(parseConfig(syntheticSourceSchema, options, 'data.synthetic'));
  const worldSeed = resolved.seed ?? seed;
  const rng = createRng(worldSeed);
  const catalog = generateCatalog(rng.fork('catalog'), resolved.items);
  const users = generateUsers(rng.fork('users'), resolved.users, catalog, resolved.interestsPerUser);
  const interactions = generateInteractions(rng.fork('interactions'), users, catalog, resolved);
  const queries = generateQueries(rng.fork('queries'), resolved.queries, interactions, catalog, resolved);
  const utterances = generateUtterances(rng.fork('utterances'), resolved.utterances, resolved.languages, catalog);
  return { seed: worldSeed, options: resolved, users, items: catalog.items, interactions, queries, utterances, catalog };
}
