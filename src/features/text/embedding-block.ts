/**
 * Text embeddings of item titles through the LLM layer's `embed` verb: an OpenAI-compatible
 * embedding endpoint or the embedded llama.cpp model, usually behind the gateway (cached, rate
 * limited, budgeted). Items without text get a zero row and are not sent.
 */
import { SampleForgeError } from '../../errors.js';
import { embed } from '../../llm/embed.js';
import type { EmbeddingModel } from '../../llm/spec.js';
import type { Item } from '../../types.js';
import { createFeatureBlock, l2NormalizeRows, type FeatureBlock } from '../feature-block.js';

/** Options of {@link embeddingBlock}. */
export interface EmbeddingBlockOptions {
  /** The embedding model, e.g. `createLlmFromConfig(config).gateway.embeddingModel`. */
  model: EmbeddingModel;
  /** Texts per request (64). */
  batchSize?: number;
  /** Scale rows to unit length (true); most embedding models are compared by cosine. */
  normalize?: boolean;
  /** The text of an item (its title). */
  text?: (item: Item) => string;
  signal?: AbortSignal;
}

/** The `embedding` block of `items`; throws `E_PROVIDER_OUTPUT` when the model answers with the wrong number or width of vectors. */
export async function embeddingBlock(items: readonly Item[], options: EmbeddingBlockOptions): Promise<FeatureBlock> {
  const text = options.text ?? ((item: Item) => item.title ?? '');
  const rowsWithText: number[] = [];
  const texts: string[] = [];
  for (const [row, item] of items.entries()) {
    const value = text(item).trim();
    if (value === '') continue;
    rowsWithText.push(row);
    texts.push(value);
  }
  const result = await embed({ model: options.model, values: texts, batchSize: options.batchSize, signal: options.signal });
  const describe = `${options.model.provider} ${options.model.modelId}`;
  if (result.embeddings.length !== texts.length) {
    throw new SampleForgeError('E_PROVIDER_OUTPUT', `embedding model ${describe} returned ${result.embeddings.length} vectors for ${texts.length} texts`, { details: { model: options.model.modelId } });
  }
  if (texts.length === 0) {
    throw new SampleForgeError('E_DATA', 'embedding block: no item has a title to embed; drop the embedding block or load titles', { details: { items: items.length } });
  }
  const dim = result.embeddings[0].length;
  const values = new Float32Array(items.length * dim);
  for (const [index, vector] of result.embeddings.entries()) {
    if (vector.length !== dim || dim === 0) {
      throw new SampleForgeError('E_PROVIDER_OUTPUT', `embedding model ${describe} returned vectors of width ${dim} and ${vector.length}; one model must give one width`, { details: { model: options.model.modelId } });
    }
    values.set(vector, rowsWithText[index] * dim);
  }
  if (options.normalize ?? true) l2NormalizeRows(values, items.length, dim);
  return createFeatureBlock({
    name: 'embedding',
    rows: items.length,
    dim,
    values,
    info: { provider: options.model.provider, model: options.model.modelId, emptyRows: items.length - texts.length, tokensIn: result.tokensIn, batches: result.batches, cacheHits: result.cacheHits },
    warnings: [],
  });
}
