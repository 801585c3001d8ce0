/** Builds a classical text augmenter from one validated config step, loading its lexicon once. */
import type { ClassicalTextAugmentStep } from '../../config/augment-text.js';
import { SampleForgeError } from '../../errors.js';
import type { Augmenter, TextSample } from '../../types.js';
import { createChineseCharNoiseAugmenter } from './chinese-char-noise.js';
import { loadCilinThesaurus } from './cilin-thesaurus.js';
import { createEdaAugmenter } from './eda.js';
import type { EdaOperation } from './eda-operations.js';
import { createChineseRules, createEnglishRules, type LanguageRules } from './language-rules.js';
import type { Thesaurus } from './thesaurus.js';
import { createTypoAugmenter } from './typo.js';
import { loadWordNetThesaurus } from './wordnet-thesaurus.js';

const SINGLE_EDITS: Record<string, EdaOperation> = { 'text/synonym': 'synonym', 'text/insert': 'insert', 'text/swap': 'swap', 'text/delete': 'delete' };

async function loadThesaurus(step: ClassicalTextAugmentStep): Promise<Thesaurus | undefined> {
  if (step.augmenter !== 'text/eda' && step.augmenter !== 'text/synonym' && step.augmenter !== 'text/insert') return undefined;
  if (step.language === 'en') return loadWordNetThesaurus({ dictPath: step.wordnetPath });
  if (step.lexiconPath === undefined) {
    throw new SampleForgeError('E_CONFIG', `${step.augmenter} with language zh needs lexiconPath, the path of a Cilin-format synonym file (e.g. CoreSynonym.txt)`, {
      details: { augmenter: step.augmenter, field: 'lexiconPath' },
    });
  }
  return loadCilinThesaurus({ path: step.lexiconPath });
}

/** The augmenter of a classical config step (see `textAugmentStepSchema`; LLM steps: `createLlmTextAugmenter`); lexicons load once per path. */
export async function createTextAugmenter(step: ClassicalTextAugmentStep): Promise<Augmenter<TextSample>> {
  const thesaurus = await loadThesaurus(step);
  const protection = { thesaurus, protectedTerms: step.protectedTerms, useDefaultTerms: step.useDefaultProtectedTerms };
  const rules: LanguageRules = step.language === 'zh' ? createChineseRules(protection) : createEnglishRules(protection);
  const base = { rules, alpha: step.alpha, outputsPerInput: step.outputsPerInput, name: step.augmenter };
  switch (step.augmenter) {
    case 'text/eda':
      return createEdaAugmenter(base);
    case 'text/synonym':
    case 'text/insert':
    case 'text/swap':
    case 'text/delete':
      return createEdaAugmenter({ ...base, operations: [SINGLE_EDITS[step.augmenter]] });
    case 'text/typo':
      return createTypoAugmenter({ ...base, dropSpaceRate: step.dropSpaceRate });
    case 'text/zh-char':
      return createChineseCharNoiseAugmenter(base);
  }
}
