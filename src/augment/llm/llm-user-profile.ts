/**
 * User-interest profiles from interaction histories (item titles), the user-profiling step of
 * LLMRec (Wei et al., 2024, "LLMRec: Large Language Models with Graph Augmentation for
 * Recommendation"), with prompts/user-profile.yaml (prompts/zh/user-profile.yaml when the titles
 * are Chinese). Only titles reach the model, never the user id. Filter: a profile that names a
 * protected token (brand, model number, size) absent from the history's titles is dropped as
 * ungrounded, with the tokens in the reason.
 */
import { z } from 'zod';
import { generateObject } from '../../llm/generate-object.js';
import { renderPrompt } from '../../llm/prompt-file.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Augmented, Item, Sequence } from '../../types.js';
import type { ProtectionOptions } from '../text/protected-spans.js';
import {
  createLanguagePromptLoader, createLlmAugmenter, createLlmSampleLineage, detectLanguage, dropVerdict, LANGUAGE_NAMES, sampleSeed, sortByVerdicts, tryStructuredCall,
  type LlmAugmenter, type LlmAugmenterOptions, type LlmAugmentOutcome,
} from './llm-task.js';
import { missingProtectedTokens } from './protected-tokens.js';

/** Output schema named `userProfile` in the prompt file. */
export const userProfileSchema = z.object({ summary: z.string().min(1).max(600), interests: z.array(z.string().min(1).max(60)).max(10) });

/** What the model says a user likes. */
export type UserProfile = z.output<typeof userProfileSchema>;

/** A user's history (oldest first), with the profile once one is made. */
export interface UserHistory extends Sequence {
  profile?: UserProfile;
}

export interface LlmUserProfileOptions extends LlmAugmenterOptions {
  model: LanguageModel;
  /** Items by id; history items missing here are left out of the prompt. */
  catalog: ReadonlyMap<string, Item>;
  /** Most recent items shown; default 20. */
  maxHistory?: number;
  /** Interest phrases asked for; default 5. */
  interests?: number;
  /** Extra protected terms (a catalog's brands) for the grounding check. */
  protection?: ProtectionOptions;
}

const NAME = 'llm/user-profile';

/** A profile for every history with at least one known item; others are skipped. */
export function llmUserProfile(options: LlmUserProfileOptions): LlmAugmenter<UserHistory> {
  const maxHistory = options.maxHistory ?? 20;
  const interests = options.interests ?? 5;
  const prompt = createLanguagePromptLoader('user-profile', options);
  return createLlmAugmenter(NAME, async (histories, context) => {
    const outcome: LlmAugmentOutcome<UserHistory> = { kept: [], dropped: [], warnings: [] };
    const outputs = await Promise.all(histories.map(async (history): Promise<Augmented<UserHistory> | undefined> => {
      const titles = history.items.slice(-maxHistory).map((itemId) => options.catalog.get(itemId)?.title).filter((title): title is string => title !== undefined && title.trim() !== '');
      if (titles.length === 0) return undefined;
      const joined = titles.join('\n');
      const language = detectLanguage(joined);
      const loaded = await prompt(language);
      const seed = sampleSeed(context.seed, NAME, history.userId);
      const result = await tryStructuredCall(NAME, [history.userId], outcome.warnings, () => generateObject({
        model: options.model, schema: userProfileSchema, schemaName: 'userProfile', prompt: loaded.reference, signal: context.signal,
        messages: renderPrompt(loaded, { history: titles.map((title) => `- ${title}`).join('\n') }, { language: LANGUAGE_NAMES[language] ?? language, count: interests }),
        temperature: options.temperature ?? 0.3, maxTokens: options.maxTokens ?? 512, seed,
      }));
      if (result === undefined) return undefined;
      const profile = { summary: result.object.summary.trim(), interests: [...new Set(result.object.interests.map((interest) => interest.trim()).filter((interest) => interest !== ''))].slice(0, interests) };
      const ungrounded = missingProtectedTokens([profile.summary, ...profile.interests].join('\n'), joined, options.protection);
      const verdict = ungrounded.length > 0
        ? dropVerdict('llm/profile-grounding', `names ${ungrounded.map((token) => `"${token}"`).join(', ')}, absent from the history's titles`)
        : { filter: 'llm/profile-grounding', kept: true };
      const id = `${history.userId}~profile`;
      return {
        id,
        sample: { ...history, profile },
        lineage: createLlmSampleLineage({ parentIds: [history.userId], augmenter: NAME, params: { itemsShown: titles.length }, seed, llm: [result.lineage], verdicts: [verdict] }),
      };
    }));
    sortByVerdicts(outputs.filter((output): output is Augmented<UserHistory> => output !== undefined), outcome);
    return outcome;
  });
}
