/** The quality report of a synthetic table against its real source: shapes, pair trends, detection, privacy. */
import { inferColumns, type TabularColumn, type TabularRow } from '../../augment/generative/tabular.js';
import { SampleForgeError } from '../../errors.js';
import { columnShapeSimilarity, type ColumnShapeScore } from './column-shapes.js';
import { detectionAuc, type DetectionOptions } from './detection.js';
import { pairTrendSimilarity, type PairTrendScore } from './pair-trends.js';
import { countCopies, distanceToClosestRecord, type DcrSummary } from './privacy.js';

export interface TableQuality {
  /** Mean per-column shape similarity in [0, 1]. */
  columnShapes: number;
  /** Mean pair-trend similarity in [0, 1]. */
  pairTrends: number;
  /** Held-out ROC AUC of a real-vs-synthetic classifier; 0.5 is best. */
  detectionAuc: number;
  privacy: DcrSummary;
  details: { columns: ColumnShapeScore[]; pairs: PairTrendScore[]; detectionFolds: number[] };
}

export interface TableQualityOptions extends DetectionOptions {
  /** Columns to compare; inferred from the real rows when absent. */
  columns?: TabularColumn[];
  /** Skip the O(n^2) distance to closest record (large tables); copies are still counted. Default false. */
  skipPrivacy?: boolean;
}

/** Issue 8's bars: shapes and pair trends at least, detection AUC and copies at most. */
export const TABLE_QUALITY_BARS = Object.freeze({ columnShapes: 0.9, pairTrends: 0.85, detectionAuc: 0.7, copies: 0 });

/** Which of {@link TABLE_QUALITY_BARS} a table's scores meet. */
export function meetsTableQualityBars(scores: { columnShapes: number; pairTrends: number; detectionAuc: number; copies: number }): Record<keyof typeof TABLE_QUALITY_BARS, boolean> {
  return {
    columnShapes: scores.columnShapes >= TABLE_QUALITY_BARS.columnShapes,
    pairTrends: scores.pairTrends >= TABLE_QUALITY_BARS.pairTrends,
    detectionAuc: scores.detectionAuc <= TABLE_QUALITY_BARS.detectionAuc,
    copies: scores.copies <= TABLE_QUALITY_BARS.copies,
  };
}

/** Scores `synthetic` against `real` on the metrics of issue 8 (SDMetrics' quality report and detection). */
export function evaluateTableQuality(real: readonly TabularRow[], synthetic: readonly TabularRow[], options: TableQualityOptions = {}): TableQuality {
  if (real.length === 0 || synthetic.length === 0) {
    throw new SampleForgeError('E_DATA', `evaluateTableQuality: need rows on both sides (real ${real.length}, synthetic ${synthetic.length})`);
  }
  const columns = options.columns ?? inferColumns(real);
  const shapes = columnShapeSimilarity(real, synthetic, columns);
  const trends = pairTrendSimilarity(real, synthetic, columns);
  const detection = detectionAuc(real, synthetic, columns, options);
  const privacy = options.skipPrivacy
    ? {
        copies: countCopies(real, synthetic, columns),
        synthetic: { min: NaN, p05: NaN, median: NaN },
        realToReal: { min: NaN, p05: NaN, median: NaN },
      }
    : distanceToClosestRecord(real, synthetic, columns);
  return {
    columnShapes: shapes.score,
    pairTrends: trends.score,
    detectionAuc: detection.auc,
    privacy,
    details: { columns: shapes.columns, pairs: trends.pairs, detectionFolds: detection.folds },
  };
}
