/** Customer-service utterances with intent labels, filled from templates with order ids, product names and dates. */
import type { Rng } from '../../internal/rng.js';
import type { TextSample } from '../../types.js';
import { LEAVES } from './catalog-vocabulary.js';
import { addTypo } from './build-query.js';
import type { SyntheticCatalog } from './generate-catalog.js';
import {
  CHINESE_CLOSERS,
  CHINESE_OPENERS,
  CHINESE_TEMPLATES,
  CUSTOMER_SERVICE_INTENTS,
  ENGLISH_CLOSERS,
  ENGLISH_OPENERS,
  ENGLISH_TEMPLATES,
} from './utterance-templates.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ALTERNATIVES = /\(([^()]*)\)/g;

/** Expands `(a|b)` groups by a seeded pick and fills `{slot}`s from `slots`. */
export function expandTemplate(rng: Rng, template: string, slots: Readonly<Record<string, () => string>>): string {
  const chosen = template.replace(ALTERNATIVES, (_, group: string) => rng.pick(group.split('|')));
  return chosen.replace(/\{(\w+)\}/g, (whole, name: string) => slots[name]?.() ?? whole);
}

/** `count` utterances, intents drawn uniformly, languages drawn uniformly from `languages`. */
export function generateUtterances(rng: Rng, count: number, languages: readonly string[], catalog: SyntheticCatalog): TextSample[] {
  const width = Math.max(5, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const intent = CUSTOMER_SERVICE_INTENTS[rng.int(CUSTOMER_SERVICE_INTENTS.length)];
    const language = languages[rng.int(languages.length)];
    const itemIndex = rng.int(catalog.items.length);
    const item = catalog.items[itemIndex];
    const leaf = LEAVES[catalog.leafOf[itemIndex]];
    const month = rng.int(12);
    const day = 1 + rng.int(28);
    const orderNumber = String(10_000_000 + rng.int(90_000_000));
    let text: string;
    if (language === 'zh') {
      const slots = {
        order: () => (rng.chance(0.5) ? `SF${orderNumber}` : orderNumber),
        product: () => (rng.chance(0.6) ? `${item.attributes.brand}${leaf.chinese}` : leaf.chinese),
        date: () => `${month + 1}月${day}日`,
      };
      text = rng.pick(CHINESE_OPENERS) + expandTemplate(rng, rng.pick(CHINESE_TEMPLATES[intent]), slots) + rng.pick(CHINESE_CLOSERS);
    } else {
      const slots = {
        order: () => (rng.chance(0.5) ? `#SF${orderNumber}` : `SF${orderNumber}`),
        product: () => (rng.chance(0.3) ? item.title : rng.chance(0.5) ? `${item.attributes.brand} ${leaf.nouns[0]}` : leaf.nouns[0]),
        date: () => (rng.chance(0.5) ? `${MONTHS[month]} ${day}` : `${month + 1}/${day}`),
      };
      text = rng.pick(ENGLISH_OPENERS) + expandTemplate(rng, rng.pick(ENGLISH_TEMPLATES[intent]), slots) + rng.pick(ENGLISH_CLOSERS);
      if (rng.chance(0.05)) text = addTypo(rng, text);
      if (rng.chance(0.6)) text = text.charAt(0).toUpperCase() + text.slice(1);
    }
    return { id: `cs${String(index + 1).padStart(width, '0')}`, text, label: intent, language };
  });
}
