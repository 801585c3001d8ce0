/**
 * `embed`, the core verb for vectors: embeds texts in batches through an embedding model (usually
 * gateway-wrapped, so batches are cached and rate limited) and keeps input order.
 */
import type { EmbeddingModel } from './spec.js';

export interface EmbedOptions {
  model: EmbeddingModel;
  values: readonly string[];
  /** Texts per provider request; default 64. */
  batchSize?: number;
  signal?: AbortSignal;
}

export interface EmbedResult {
  embeddings: number[][];
  tokensIn: number;
  /** Batches answered from the cache, of `batches`. */
  cacheHits: number;
  batches: number;
}

/** Embeds `values`; `embeddings[i]` belongs to `values[i]`. */
export async function embed(options: EmbedOptions): Promise<EmbedResult> {
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const batches: string[][] = [];
  for (let start = 0; start < options.values.length; start += batchSize) batches.push(options.values.slice(start, start + batchSize));
  const responses = await Promise.all(batches.map((texts) => options.model.doEmbed({ texts, signal: options.signal })));
  return {
    embeddings: responses.flatMap((response) => response.embeddings),
    tokensIn: responses.reduce((sum, response) => sum + response.usage.tokensIn, 0),
    cacheHits: responses.filter((response) => response.cacheHit === true).length,
    batches: batches.length,
  };
}
