/** Fails early when a config would augment validation or test data. */
import { leakageConfigSchema, type LeakageConfig } from '../../config/align.js';
import { SampleForgeError, type Warning } from '../../errors.js';

/** What {@link assertNoLeakageByConfig} checks: the augmented splits and the `leakage` section. */
export interface LeakageConfigCheck {
  /** Split names the config augments, e.g. `['train']`. */
  augmentSplits: readonly string[];
  /** Where `augmentSplits` sits in the config, for the message. Default `augment.splits`. */
  path?: string;
  leakage?: Partial<LeakageConfig>;
}

/**
 * Throws `SampleForgeError('E_LEAKAGE')` naming the split and the config path when any augmented
 * split is held out (`leakage.heldOutSplits`, case-insensitive); with `leakage.failOnConfig: false`
 * it returns the same finding as a warning instead.
 */
export function assertNoLeakageByConfig(check: LeakageConfigCheck): Warning[] {
  const config = leakageConfigSchema.parse(check.leakage ?? {});
  const heldOut = new Set(config.heldOutSplits.map((split) => split.toLowerCase()));
  const path = check.path ?? 'augment.splits';
  const offending = check.augmentSplits.filter((split) => heldOut.has(split.toLowerCase()));
  if (offending.length === 0) return [];
  const message =
    `${path}: ${JSON.stringify(offending)} ${offending.length === 1 ? 'is a held-out split' : 'are held-out splits'} ` +
    `(leakage.heldOutSplits: ${JSON.stringify(config.heldOutSplits)}); augmenting validation or test data leaks it into ` +
    `training and inflates offline metrics. Augment only training splits, e.g. ${path}: ["train"].`;
  if (config.failOnConfig) throw new SampleForgeError('E_LEAKAGE', message, { details: { path, splits: offending, heldOutSplits: config.heldOutSplits } });
  return [{ code: 'W_LEAKAGE_CONFIG', message, details: { path, splits: offending } }];
}
