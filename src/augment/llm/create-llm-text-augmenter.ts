/** Builds an LLM text augmenter from one validated config step and the run's (gateway-wrapped) model. */
import type { LlmTextAugmentStep } from '../../config/augment-text.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { TextSample } from '../../types.js';
import { llmBackTranslation } from './llm-back-translation.js';
import { llmIntentUtterances } from './llm-intent-utterances.js';
import { llmParaphrase } from './llm-paraphrase.js';
import type { LlmAugmenter } from './llm-task.js';

/** The augmenter of an `llm/...` step (see `textAugmentStepSchema`); `outputsPerInput` overrides the step's (a size's cap). */
export function createLlmTextAugmenter(step: LlmTextAugmentStep, model: LanguageModel, override: { outputsPerInput?: number } = {}): LlmAugmenter<TextSample> {
  const common = { model, promptPath: step.promptPath, temperature: step.temperature, maxTokens: step.maxTokens };
  switch (step.augmenter) {
    case 'llm/paraphrase':
      return llmParaphrase({ ...common, count: override.outputsPerInput ?? step.outputsPerInput });
    case 'llm/back-translation':
      return llmBackTranslation({ ...common, pivot: step.pivot });
    case 'llm/intent-utterances':
      return llmIntentUtterances({
        ...common,
        chinesePromptPath: step.chinesePromptPath,
        count: step.utterancesPerIntent,
        examplesPerIntent: step.examplesPerIntent,
        nearDuplicateThreshold: step.nearDuplicateThreshold,
        intents: step.intents,
      });
  }
}
