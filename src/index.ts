/**
 * SampleForge's one public surface. Every export is named here; internal files are not exported.
 * Sections follow the layers of DESIGN.md: base, capabilities, stages, pipeline, edges.
 */

// Base: errors, records, randomness, config.
export { SampleForgeError, type ErrorCode, type SampleForgeErrorOptions, type Warning } from './errors.js';
export type {
  Augmented,
  AugmentContext,
  Augmenter,
  Comparison,
  FilterVerdict,
  Interaction,
  InteractionEvent,
  Item,
  Lineage,
  LlmLineage,
  MetricSummary,
  RunMetrics,
  Sequence,
  TableQualityMetrics,
  DistanceSummary,
  TextSample,
  VariantResult,
} from './types.js';
export { createRng, deriveSeed, type Rng } from './internal/rng.js';
export { openDatabase, withDatabase, quoteIdent, type Database, type OpenDatabaseOptions } from './internal/duckdb.js';
export { fingerprintFile, sha256, canonicalJson, type FileFingerprint } from './internal/fingerprint.js';
export { loadConfigFile, parseConfig, parseYaml } from './config/load.js';
export {
  configSchema,
  recommendationConfigSchema,
  intentConfigSchema,
  dataConfigSchema,
  queueConfigSchema,
  type SampleForgeConfig,
  type SampleForgeConfigInput,
  type RecommendationConfig,
  type IntentConfig,
} from './config/schema.js';

// Capabilities: language models (providers, structured output, cache, limits, privacy, prompts).
export { createOpenAICompatible } from './llm/openai-compatible.js';
export { createLlamaCpp } from './llm/llama-cpp.js';
export { downloadModel } from './llm/download-model.js';
export { generateText } from './llm/generate-text.js';
export { generateObject } from './llm/generate-object.js';
export { embed } from './llm/embed.js';
export { createLlmGateway } from './llm/llm-gateway.js';
export { createLlmFromConfig, type CreateLlmOptions, type LlmStack } from './llm/create-llm-from-config.js';
export { openLlmCache, createCacheKey, type LlmCache, type SqliteLlmCache, type CacheEntry } from './llm/llm-cache.js';
export { createUsageLedger, type UsageLedger, type UsageTotals, type BudgetLimits, type BudgetReservation, type UsageLedgerOptions } from './llm/usage-ledger.js';
export { createRateLimiter, type RateLimiter, type RateLimitPermit } from './llm/rate-limiter.js';
// Shared by all workers through Redis (chosen by createLlmFromConfig when queue.redis is set).
export { createRedisLlmCache, type RedisLlmCacheOptions } from './llm/redis-llm-cache.js';
export { createRedisUsageLedger, type RedisUsageLedger, type RedisUsageLedgerOptions } from './llm/redis-usage-ledger.js';
export { createRedisRateLimiter, type RedisRateLimiter, type RedisRateLimiterOptions } from './llm/redis-rate-limiter.js';
export { createPiiMasker } from './llm/pii-masker.js';
export { redactSecrets } from './llm/redact-secrets.js';
export { dataBlock } from './llm/data-block.js';
export { loadPrompt, loadBuiltinPrompt, renderPrompt } from './llm/prompt-file.js';
export type { LanguageModel, EmbeddingModel, ChatMessage, GenerateRequest, GenerateResponse } from './llm/spec.js';
export { llmConfigSchema, type LlmConfig } from './config/llm.js';

// Capabilities: item features (text, image, attribute and behaviour blocks) and their fusion.
export { buildItemFeatures, type ItemFeatureResources, type BuiltItemFeatures } from './features/build-item-features.js';
export { createFeatureBlock, type FeatureBlock } from './features/feature-block.js';
export { tfidfBlock, type TfidfBlockOptions } from './features/text/tfidf-block.js';
export { hashedNgramBlock, type HashedNgramBlockOptions } from './features/text/ngram-block.js';
export { embeddingBlock, type EmbeddingBlockOptions } from './features/text/embedding-block.js';
export { colorHistogramBlock, type ColorHistogramBlockOptions } from './features/image/color-histogram-block.js';
export { onnxImageBlock, imageTensorData, type OnnxImageBlockOptions } from './features/image/onnx-image-block.js';
export { attributeBlock, type AttributeBlockOptions } from './features/item/attribute-block.js';
export { behaviourBlock, BEHAVIOUR_COLUMNS, type BehaviourBlockOptions, type TrainingInteraction } from './features/behaviour/behaviour-block.js';
export { fuseFeatures, softmaxBlockWeights, applyBlockWeights, type FusedFeatures, type FusedBlock, type FuseFeaturesOptions, type FusionMethod } from './features/fusion/fuse-features.js';
export { itemFeaturesConfigSchema, ITEM_FEATURE_BLOCKS, type ItemFeaturesConfig, type ItemFeatureBlockConfig } from './config/item-features.js';
export { tablesConfigSchema, tableEntryName, TABLE_SYNTHESIZERS, SYNTHESIS_TABLES, type TablesConfig, type TableSynthesisConfig } from './config/tables.js';

// Data: tables, ingest, loaders, datasets, the synthetic shop, cleaning, labels, splits.
export { TABLES, TABLE_COLUMNS, createTableSql, type TableName } from './data/tables.js';
export { ingestFile, type IngestFileSpec, type IngestProgress } from './data/ingest/ingest-file.js';
export { loadDataSource } from './data/ingest/load-data-source.js';
export type { IngestReport, RejectSample } from './data/ingest/ingest-report.js';
export { writeTable, type TableFileFormat } from './data/ingest/write-table.js';
export { inspectFile, type FileInspection, type InspectFileOptions } from './data/inspect/inspect-file.js';
export { DATASETS, findDataset, type DatasetInfo } from './data/datasets/datasets.js';
export { listDatasets, type DatasetRow } from './data/datasets/list-datasets.js';
export { downloadDataset, type DownloadDatasetOptions, type DownloadedFile } from './data/datasets/download-dataset.js';
export { generateWorld, type SyntheticWorld } from './data/synthetic/generate-world.js';
export { writeWorld, type WorldFiles } from './data/synthetic/write-world.js';
export { cleanTables } from './data/clean/clean-tables.js';
export { normalizeText } from './data/clean/normalize-text.js';
export { kCoreFilter } from './data/clean/k-core.js';
export type { CleanReport, CleanReportEntry } from './data/clean/drop-rows.js';
export { labelTables, type LabelReport } from './data/label/label-tables.js';
export { splitDataset, type SplitDatasetOptions, type SplitResult } from './data/split/split-dataset.js';
export { leaveOneOutSplit } from './data/split/leave-one-out.js';
export { temporalSplit } from './data/split/temporal-split.js';
export { stratifiedSplit } from './data/split/stratified-split.js';
export { kShotSplit } from './data/split/k-shot-split.js';
export { applyLabelingFunctions } from './data/label/labeling-functions.js';
export { readLeaveOneOutData, type LeaveOneOutDataset } from './data/split/leave-one-out-data.js';

// Recommendation: models, sequence augmentation, evaluation, statistics.
export type { Embeddings, LeaveOneOutData, Recommender, SequenceData } from './models/recommender.js';
export { createPopRecommender } from './models/baselines/pop.js';
export { createItemKnnRecommender, type ItemKnnOptions } from './models/baselines/item-knn.js';
export { trainBprMf, type BprMfOptions } from './models/baselines/bpr-mf.js';
export { trainSasrec, type TrainSasrecOptions, type TrainSasrecResult } from './train/sasrec/train-sasrec.js';
export { createItemAttributes, type ItemAttributes } from './models/sasrec/item-attributes.js';
export { readItemAttributeLists, type ItemAttributeLists } from './data/split/item-attribute-lists.js';
export { createItemFeatures, type ItemFeatures, type ItemFeatureBlockRange } from './models/sasrec/item-features.js';
export { readCatalogItems, readTrainingInteractions, type CatalogItems } from './data/split/catalog-items.js';
export { runExternalTrainer } from './train/external/run-external-trainer.js';
export { evaluateExternal } from './train/external/evaluate-external.js';
export { createSequenceAugmenter, createSequenceTransform, type SequenceAugmentResources } from './augment/sequence/create-sequence-augmenter.js';
export { cropSequence, createCropAugmenter } from './augment/sequence/crop.js';
export { maskSequence, createMaskAugmenter } from './augment/sequence/mask.js';
export { reorderSequence, createReorderAugmenter } from './augment/sequence/reorder.js';
export { substituteSequence, createSubstituteAugmenter } from './augment/sequence/substitute.js';
export { insertSequence, createInsertAugmenter } from './augment/sequence/insert.js';
export { expandPrefixes, expandSlidingWindows, createPrefixExpansion, createSlidingWindowExpansion } from './augment/sequence/expand-sequences.js';
export { createUniformNegativeSampler, createPopularityNegativeSampler, createHardNegativeSampler, type NegativeSampler } from './augment/sequence/negative-samplers.js';
export { evaluateRanking, type EvaluateRankingOptions, type RankingEvaluation } from './eval/ranking/evaluate-ranking.js';
export { createRankingMetrics, hitRate, ndcg, mrr, type RankingMetric } from './eval/ranking/ranking-metrics.js';
export { summarize } from './eval/stats/summarize.js';
export { pairedTTest } from './eval/stats/paired-t-test.js';
export { wilcoxonSignedRank } from './eval/stats/wilcoxon-signed-rank.js';
export { compareVariants } from './eval/stats/compare-variants.js';

// LLM augmenters.
export { llmParaphrase } from './augment/llm/llm-paraphrase.js';
export { llmBackTranslation } from './augment/llm/llm-back-translation.js';
export { llmRelevanceLabeler, ESCI_LABELS, type QueryProductPair } from './augment/llm/llm-relevance-labeler.js';
export { measureLabelAgreement, type LabelAgreement } from './augment/llm/label-agreement.js';
export { llmIntentUtterances, type LlmIntentUtterancesOptions, type IntentDescription } from './augment/llm/llm-intent-utterances.js';
export { createLlmTextAugmenter } from './augment/llm/create-llm-text-augmenter.js';
export { llmSyntheticQueries, type LlmSyntheticQueriesOptions } from './augment/llm/llm-synthetic-queries.js';
export { llmQueryRewrite, type LlmQueryRewriteOptions } from './augment/llm/llm-query-rewrite.js';
export { llmUserProfile, type LlmUserProfileOptions, type UserHistory, type UserProfile } from './augment/llm/llm-user-profile.js';
export { llmInteractionAugment, type LlmInteractionAugmentOptions, type InteractionCandidates } from './augment/llm/llm-interaction-augment.js';
export { llmAttributeEnrichment, type LlmAttributeEnrichmentOptions, type RejectedAttribute } from './augment/llm/llm-attribute-enrichment.js';
export { missingProtectedTokens } from './augment/llm/protected-tokens.js';
export type { LlmAugmenter, LlmAugmentOutcome, LlmAugmenterOptions } from './augment/llm/llm-task.js';

// Quality: distribution shift, alignment, leakage.
export { measureShift, type ShiftReport, type FieldShift, type SliceShift, type MeasureShiftOptions } from './quality/shift/measure-shift.js';
export { jensenShannonDivergence } from './quality/shift/jensen-shannon-divergence.js';
export { kolmogorovSmirnov } from './quality/shift/kolmogorov-smirnov.js';
export { wassersteinDistance } from './quality/shift/wasserstein-distance.js';
export { maximumMeanDiscrepancy } from './quality/shift/maximum-mean-discrepancy.js';
export { classifierTwoSampleTest } from './quality/shift/classifier-two-sample-test.js';
export { compareTexts } from './quality/shift/text-statistics.js';
export { stratifiedResample } from './quality/align/stratified-resample.js';
export { importanceWeights, computeImportanceWeights } from './quality/align/importance-weights.js';
export { capSyntheticRatio } from './quality/align/cap-synthetic-ratio.js';
export { generationBudget } from './quality/align/generation-budget.js';
export { spreadQuotas } from './quality/align/spread-quotas.js';
export { checkLeakage } from './quality/leakage/check-leakage.js';
export { assertNoLeakageByConfig } from './quality/leakage/assert-no-leakage-by-config.js';

// Tables and images: generative synthesis, table quality, image augmentation.
export { fitGaussianCopula, gaussianCopulaAugmenter } from './augment/generative/gaussian-copula.js';
export { fitTabularVae, tabularVaeAugmenter, TABULAR_VAE_NAME } from './augment/generative/tabular-vae.js';
export type { TabularVaeFitOptions, TabularVaeSampleOptions, TabularVaeModel, TabularVaeSample } from './augment/generative/tabular-vae.js';
export { fitTabularGan, tabularGanAugmenter, TABULAR_GAN_NAME } from './augment/generative/tabular-gan.js';
export type { TabularGanFitOptions, TabularGanSampleOptions, TabularGanModel, TabularGanSample, TabularGanAugmenterOptions } from './augment/generative/tabular-gan.js';
export { fitTabularEncoding } from './augment/generative/tabular-encoding.js';
export { smoteOversample, smoteAugmenter } from './augment/generative/smote.js';
export { inferColumns } from './augment/generative/tabular.js';
export { synthesizeTable, type TableSynthesizer, type SynthesizeTableOptions } from './augment/generative/synthesize-table.js';
export { readFeatureTable, type FeatureTable, type FeatureColumn } from './data/feature-table.js';
export { evaluateTableQuality, meetsTableQualityBars, TABLE_QUALITY_BARS } from './quality/table/table-quality.js';
export { columnShapeSimilarity } from './quality/table/column-shapes.js';
export { pairTrendSimilarity } from './quality/table/pair-trends.js';
export { detectionAuc } from './quality/table/detection.js';
export { distanceToClosestRecord, refuseCopiedRows } from './quality/table/privacy.js';
export { augmentImage, imageAugmenter, forbiddenTransforms } from './augment/image/augment-image.js';
export { augmentImageFolder } from './augment/image/augment-image-folder.js';
export { IMAGE_TRANSFORMS } from './augment/image/image-transforms.js';

// Pipeline: the job as one verb, its run directory, sharded execution.
export { runPipeline, planStages, type RunPipelineOptions, type RunResult } from './pipeline/run-pipeline.js';
export type { PipelineEvent, PipelineListener } from './pipeline/events.js';
export { openRunDirectory, type RunDirectory, type RunRecord } from './pipeline/run-directory.js';
export { planShards, type ShardSpec } from './pipeline/shards.js';
export { createShardStore, type ShardStore, type ShardManifest, type MergedShards } from './pipeline/shard-store.js';
export { createLocalExecutor } from './pipeline/local-executor.js';
export { BUILTIN_SHARD_TASKS } from './pipeline/builtin-tasks.js';
export type { ShardExecutor, ShardTask, ShardTaskContext, ShardTaskRegistry, ShardProgress, LlmRunSpec } from './pipeline/shard-tasks.js';
export { llmTextTask, readLlmTextOutcome, type LlmTextShardOptions, type LlmTextShardRecord } from './pipeline/llm-text-task.js';

// Edges: distributed workers, the report, the CLI.
export { createDistributedExecutor, readQueueStatus, type DistributedExecutorOptions } from './workers/distributed-executor.js';
export { startWorker, type StartWorkerOptions, type RunningWorker } from './workers/worker.js';
export { createWorkerLlm, readWorkerLlmConfig, type WorkerLlm } from './workers/worker-llm.js';
export { buildReport, type BuildReportResult } from './report/build-report.js';
export { compareRuns } from './report/compare-runs.js';
export { main } from './cli/main.js';
