/** Runs the labelling steps enabled in a validated `label` config section. */
import type { LabelConfig } from '../../config/label.js';
import type { Database } from '../../internal/duckdb.js';
import { tableExists } from '../clean/drop-rows.js';
import { writeGradedLabels, type GradedLabelsResult } from './graded-labels.js';
import { writeItemCategories, type ItemCategoriesResult } from './item-categories.js';
import { applyLabelingFunctions, type WeakLabelsResult } from './labeling-functions.js';
import { writeUserInterests, type UserInterestsResult } from './user-interests.js';

/** Results of the labelling steps that ran. */
export interface LabelReport {
  graded?: GradedLabelsResult;
  userInterests?: UserInterestsResult;
  itemCategories?: ItemCategoriesResult;
  weak?: WeakLabelsResult;
}

/** Runs each enabled step whose input tables exist (interactions, items, texts); skipped steps are absent. */
export async function labelTables(db: Database, config: LabelConfig): Promise<LabelReport> {
  const report: LabelReport = {};
  const interactions = await tableExists(db, 'interactions');
  const items = await tableExists(db, 'items');
  if (config.graded.enabled && interactions) report.graded = await writeGradedLabels(db, config.graded);
  if (config.userInterests.enabled && interactions && items) report.userInterests = await writeUserInterests(db, config.userInterests);
  if (config.itemCategories.enabled && items) report.itemCategories = await writeItemCategories(db, config.itemCategories.rules, config.itemCategories.table);
  if (config.weak.enabled && (await tableExists(db, 'texts'))) report.weak = await applyLabelingFunctions(db, config.weak.functions, config.weak);
  return report;
}
