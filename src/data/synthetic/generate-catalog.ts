/**
 * Catalog generation: items with category paths, attributes from the vocabulary, titles built from
 * those attributes, a long-tail (Zipf-like) popularity, and complementary successors per item that
 * give sessions their short-term sequential structure.
 */
import type { Rng } from '../../internal/rng.js';
import type { Item } from '../../types.js';
import { BRANDS, LEAVES, PALETTES, type LeafVocabulary } from './catalog-vocabulary.js';
import { createWeightedSampler, dirichlet, logNormal, type WeightedSampler } from './sampling.js';

/** Relative weights of an item's first, second and third successor in a chain. */
export const SUCCESSOR_WEIGHTS: readonly number[] = Object.freeze([0.6, 0.28, 0.12]);

/** Zipf exponent of item popularity: weight of the item of rank r is 1 / r^s. */
const POPULARITY_EXPONENT = 0.9;

/** The generated catalog and the latent structure behaviour is drawn from. */
export interface SyntheticCatalog {
  items: Item[];
  /** `leafOf[i]`: index into {@link LEAVES} of item i. */
  leafOf: Int32Array;
  /** Second-level categories (`'beauty > skin care'`), the units of user interest. */
  interestCategories: string[];
  /** `interestOf[i]`: index into `interestCategories` of item i. */
  interestOf: Int32Array;
  /** Popularity weight of each item (sums to 1). */
  popularity: Float64Array;
  /** Up to three complementary items bought after item i, strongest first. */
  successors: Int32Array[];
  /** Item indices of each interest category. */
  itemsByInterest: Int32Array[];
}

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());
}

function priceBand(price: number, typical: number): string {
  if (price < typical * 0.85) return 'budget';
  if (price > typical * 1.2) return 'premium';
  return 'mid';
}

function buildItem(rng: Rng, index: number, width: number, leaf: LeafVocabulary, brandFactor: Map<string, number>): Item {
  const brand = rng.pick(BRANDS[leaf.path[0]]);
  const adjective = rng.pick(leaf.adjectives);
  const size = rng.pick(leaf.sizes);
  const attributes: Record<string, string> = { brand, size };
  const colour = leaf.palette === undefined ? undefined : rng.pick(PALETTES[leaf.palette]);
  if (colour !== undefined) attributes.colour = colour;
  const material = leaf.materials === undefined ? undefined : rng.pick(leaf.materials);
  if (material !== undefined) attributes.material = material;
  const raw = leaf.price * (brandFactor.get(brand) ?? 1) * logNormal(rng, 1, 0.25);
  const price = Math.max(0.99, Math.round(raw) - 0.01);
  attributes.price_band = priceBand(price, leaf.price);
  const words = [brand, adjective];
  if (material !== undefined && rng.chance(0.5) && !adjective.toLowerCase().includes(material)) words.push(titleCase(material));
  words.push(titleCase(leaf.nouns[0]));
  if (colour !== undefined) words.push(titleCase(colour));
  words.push(size);
  return {
    itemId: `i${String(index + 1).padStart(width, '0')}`,
    title: words.join(' '),
    category: [...leaf.path],
    attributes,
    price,
  };
}

/** Generates `count` items; every leaf gets an item while `count` allows, the rest follow random leaf weights. */
export function generateCatalog(rng: Rng, count: number): SyntheticCatalog {
  const width = Math.max(5, String(count).length);
  const leafWeights = dirichlet(rng.fork('leaf-weights'), LEAVES.length, 2);
  const leafSampler = createWeightedSampler(leafWeights);
  const leafRng = rng.fork('leaf-assignment');
  const leafOf = new Int32Array(count);
  for (let i = 0; i < count; i++) leafOf[i] = i < LEAVES.length ? i : leafSampler.draw(leafRng);
  leafRng.shuffle(leafOf as unknown as number[]);

  const brandRng = rng.fork('brands');
  const brandFactor = new Map<string, number>();
  for (const brands of Object.values(BRANDS)) for (const brand of brands) brandFactor.set(brand, 0.7 + 0.8 * brandRng.float());

  const itemRng = rng.fork('items');
  const items = Array.from(leafOf, (leaf, index) => buildItem(itemRng, index, width, LEAVES[leaf], brandFactor));

  const interestCategories = [...new Set(LEAVES.map((leaf) => `${leaf.path[0]} > ${leaf.path[1]}`))];
  const interestIndex = new Map(interestCategories.map((name, index) => [name, index]));
  const interestOf = Int32Array.from(leafOf, (leaf) => interestIndex.get(`${LEAVES[leaf].path[0]} > ${LEAVES[leaf].path[1]}`) ?? 0);

  const ranks = rng.fork('popularity').shuffle(Array.from({ length: count }, (_, i) => i));
  const popularity = new Float64Array(count);
  let total = 0;
  for (let rank = 0; rank < count; rank++) {
    popularity[ranks[rank]] = 1 / Math.pow(rank + 1, POPULARITY_EXPONENT);
    total += popularity[ranks[rank]];
  }
  for (let i = 0; i < count; i++) popularity[i] /= total;

  const byLeaf: number[][] = LEAVES.map(() => []);
  for (let i = 0; i < count; i++) byLeaf[leafOf[i]].push(i);
  const itemsByInterest = interestCategories.map((_, category) => Int32Array.from(Array.from(interestOf.keys()).filter((i) => interestOf[i] === category)));
  const successors = buildSuccessors(rng.fork('successors'), items, leafOf, byLeaf, popularity);
  return { items, leafOf, interestCategories, interestOf, popularity, successors, itemsByInterest };
}

function buildSuccessors(rng: Rng, items: Item[], leafOf: Int32Array, byLeaf: number[][], popularity: Float64Array): Int32Array[] {
  const leafIndex = new Map(LEAVES.map((leaf, index) => [leaf.path[2], index]));
  const leafSamplers: (WeightedSampler | undefined)[] = byLeaf.map((members) =>
    members.length === 0 ? undefined : createWeightedSampler(members.map((i) => popularity[i])),
  );
  return items.map((item, index) => {
    const leaf = LEAVES[leafOf[index]];
    let targets = leaf.complements.map((name) => leafIndex.get(name) ?? -1).filter((target) => target >= 0 && byLeaf[target].length > 0);
    if (targets.length === 0) targets = [leafOf[index]];
    const chosen: number[] = [];
    for (let attempt = 0; attempt < 12 && chosen.length < SUCCESSOR_WEIGHTS.length; attempt++) {
      const target = targets[attempt % targets.length];
      const members = byLeaf[target];
      // Brand loyalty: a complement of the same brand is preferred when the leaf has one.
      const sameBrand = members.filter((i) => items[i].attributes.brand === item.attributes.brand && i !== index);
      const candidate = sameBrand.length > 0 && rng.chance(0.5) ? rng.pick(sameBrand) : members[leafSamplers[target]?.draw(rng) ?? 0];
      if (candidate !== index && !chosen.includes(candidate)) chosen.push(candidate);
    }
    return Int32Array.from(chosen);
  });
}
