/**
 * Sessions of view -> click -> cart -> purchase events. Each item a user meets comes from one of four
 * sources: the result list of a search, the complementary successor of the previous item (co-purchase
 * chains, the short-term structure sequential models learn), a popularity draw (exploration), or the
 * user's latent interests weighted by their price segment.
 */
import type { Rng } from '../../internal/rng.js';
import type { Interaction, InteractionEvent } from '../../types.js';
import { LEAVES } from './catalog-vocabulary.js';
import { buildEnglishQuery } from './build-query.js';
import { SUCCESSOR_WEIGHTS, type SyntheticCatalog } from './generate-catalog.js';
import { PRICE_SEGMENTS, type SyntheticUser } from './generate-users.js';
import { apportion, createWeightedSampler, geometric, logNormal, type WeightedSampler } from './sampling.js';

export interface InteractionOptions {
  /** Total number of events, exactly. */
  interactions: number;
  chainProbability: number;
  explorationProbability: number;
  searchProbability: number;
  typoProbability: number;
  /** Earliest event time, ms since the Unix epoch. */
  startTime: number;
}

/** Funnel: chance of each step given the previous one, and the median dwell of each event in ms. */
const FUNNEL = Object.freeze({ click: 0.45, searchClick: 0.6, cart: 0.3, purchase: 0.55 });
const DWELL_MEDIAN_MS: Readonly<Record<InteractionEvent, number>> = Object.freeze({ view: 6_000, click: 35_000, cart: 4_000, purchase: 20_000, rating: 5_000 });
/** Every user gets at least this many events when the budget allows, so leave-one-out splits work. */
const MINIMUM_EVENTS = 5;
const MEAN_SESSION_ITEMS = 4;
const MEAN_SESSION_GAP_MS = 2 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;
/** How much more likely an item of the user's price segment is than another. */
const SEGMENT_AFFINITY = 3;

interface Samplers {
  global: WeightedSampler;
  /** `byInterest[category][segment]` over `catalog.itemsByInterest[category]`. */
  byInterest: (WeightedSampler | undefined)[][];
  byLeaf: { members: Int32Array; sampler: WeightedSampler }[];
  successor: WeightedSampler[];
}

function buildSamplers(catalog: SyntheticCatalog): Samplers {
  const byInterest = catalog.itemsByInterest.map((members) =>
    PRICE_SEGMENTS.map((segment) =>
      members.length === 0
        ? undefined
        : createWeightedSampler(Array.from(members, (i) => catalog.popularity[i] * (catalog.items[i].attributes.price_band === segment ? SEGMENT_AFFINITY : 1))),
    ),
  );
  const leafMembers: number[][] = LEAVES.map(() => []);
  catalog.leafOf.forEach((leaf, item) => leafMembers[leaf].push(item));
  const byLeaf = leafMembers.map((members) => ({
    members: Int32Array.from(members),
    sampler: createWeightedSampler(members.length === 0 ? [1] : members.map((i) => catalog.popularity[i])),
  }));
  const successor = [1, 2, 3].map((n) => createWeightedSampler(SUCCESSOR_WEIGHTS.slice(0, n)));
  return { global: createWeightedSampler(catalog.popularity), byInterest, byLeaf, successor };
}

/** Generates exactly `options.interactions` events, grouped by user, timestamps strictly increasing per user. */
export function generateInteractions(rng: Rng, users: readonly SyntheticUser[], catalog: SyntheticCatalog, options: InteractionOptions): Interaction[] {
  const samplers = buildSamplers(catalog);
  const budgets = apportion(options.interactions, users.map((user) => user.activity), MINIMUM_EVENTS);
  const categoryIndex = new Map(catalog.interestCategories.map((name, index) => [name, index]));
  const out: Interaction[] = [];
  users.forEach((user, userIndex) => {
    const userRng = rng.fork(userIndex);
    const interestIds = user.interests.map((interest) => categoryIndex.get(interest.category) ?? 0);
    const interestWeights = user.interests.map((interest) => interest.weight);
    const segment = PRICE_SEGMENTS.indexOf(user.segment);
    const drawInterest = (): number => {
      let target = userRng.float();
      let k = 0;
      while (k < interestWeights.length - 1 && target >= interestWeights[k]) target -= interestWeights[k++];
      const members = catalog.itemsByInterest[interestIds[k]];
      const sampler = samplers.byInterest[interestIds[k]][segment];
      return sampler === undefined ? samplers.global.draw(userRng) : members[sampler.draw(userRng)];
    };
    generateUserEvents(userRng, user.userId, budgets[userIndex], drawInterest, samplers, catalog, options, out);
  });
  return out;
}

function generateUserEvents(
  rng: Rng,
  userId: string,
  budget: number,
  drawInterest: () => number,
  samplers: Samplers,
  catalog: SyntheticCatalog,
  options: InteractionOptions,
  out: Interaction[],
): void {
  let time = options.startTime + Math.floor(rng.float() * 14 * DAY_MS);
  let produced = 0;
  let last = -1;
  let session = 0;
  const emit = (item: number, event: InteractionEvent, sessionId: string, query: string | undefined): void => {
    const dwellMs = Math.max(200, Math.round(logNormal(rng, DWELL_MEDIAN_MS[event], 0.6)));
    out.push({ userId, itemId: catalog.items[item].itemId, event, value: 1, timestamp: time, query, dwellMs, sessionId });
    time += dwellMs + 300 + rng.int(2_700);
    produced++;
  };
  while (produced < budget) {
    session++;
    const sessionId = `${userId}-s${session}`;
    const length = geometric(rng, MEAN_SESSION_ITEMS);
    let query: string | undefined;
    let searchLeaf = -1;
    for (let step = 0; step < length && produced < budget; step++) {
      let item: number;
      let fromSearch = false;
      if (step === 0 && rng.chance(options.searchProbability)) {
        item = drawInterest();
        searchLeaf = catalog.leafOf[item];
        query = buildEnglishQuery(rng, catalog.items[item], LEAVES[searchLeaf], options.typoProbability);
        fromSearch = true;
      } else if (searchLeaf >= 0 && rng.chance(0.4)) {
        const leaf = samplers.byLeaf[searchLeaf];
        item = leaf.members[leaf.sampler.draw(rng)];
        fromSearch = true;
      } else if (last >= 0 && catalog.successors[last].length > 0 && rng.chance(options.chainProbability)) {
        const next = catalog.successors[last];
        item = next[samplers.successor[next.length - 1].draw(rng)];
      } else if (rng.chance(options.explorationProbability)) {
        item = samplers.global.draw(rng);
      } else {
        item = drawInterest();
        if (item === last) item = drawInterest();
      }
      const itemQuery = fromSearch ? query : undefined;
      emit(item, 'view', sessionId, itemQuery);
      if (produced < budget && rng.chance(fromSearch ? FUNNEL.searchClick : FUNNEL.click)) {
        emit(item, 'click', sessionId, itemQuery);
        if (produced < budget && rng.chance(FUNNEL.cart)) {
          emit(item, 'cart', sessionId, itemQuery);
          if (produced < budget && rng.chance(FUNNEL.purchase)) emit(item, 'purchase', sessionId, itemQuery);
        }
      }
      last = item;
    }
    let u = 0;
    while (u === 0) u = rng.float();
    time += Math.max(10 * 60 * 1000, Math.round(-Math.log(u) * MEAN_SESSION_GAP_MS));
  }
}
