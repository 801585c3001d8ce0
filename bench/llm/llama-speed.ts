/**
 * Embedded llama.cpp generation speed on stories260K (bar: >= 500 tokens/s), with `threads: 1`
 * (the SampleForge default) next to all cores (`threads: 0`) and next to node-llama-cpp's own
 * default (no `threads` option), measured in the same run.
 *
 *   npx vite-node bench/llm/llama-speed.ts
 */
import { resolve } from 'node:path';
import { getLlama, LlamaCompletion } from 'node-llama-cpp';
import { createLlamaCpp } from '../../src/llm/llama-cpp.js';

const modelPath = resolve(process.cwd(), '../shared/models/stories260K/stories260K.gguf');
const rounds = 3;
const maxTokens = 256;
// The multi-thread runs can be ~100x slower on a busy 2-core machine: measure them on fewer tokens.
const slowTokens = 24;

async function measureProvider(threads: number, maxTokens: number, rounds: number): Promise<{ tokensPerSecond: number; tokens: number }> {
  const provider = createLlamaCpp({ modelPath, threads, contextSize: 1024, sequences: 1 });
  try {
    const model = provider.languageModel();
    await model.doGenerate({ messages: [{ role: 'user', content: 'Once upon a time' }], maxTokens: 4 });
    let tokens = 0;
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      const response = await model.doGenerate({ messages: [{ role: 'user', content: `Story ${round}: once upon a time` }], maxTokens, temperature: 0.8, seed: round });
      tokens += response.usage.tokensOut;
    }
    return { tokensPerSecond: tokens / ((performance.now() - started) / 1000), tokens };
  } finally {
    await provider.dispose();
  }
}

async function measureLibraryDefault(maxTokens: number, rounds: number): Promise<{ tokensPerSecond: number; tokens: number; threads: number }> {
  const llama = await getLlama({ gpu: false, logLevel: 'error' as never });
  try {
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 1024 });
    const sequence = context.getSequence();
    const completion = new LlamaCompletion({ contextSequence: sequence });
    await completion.generateCompletion('Once upon a time', { maxTokens: 4 });
    const before = sequence.tokenMeter.usedOutputTokens;
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      await sequence.clearHistory();
      await completion.generateCompletion(`Story ${round}: once upon a time`, { maxTokens, temperature: 0.8, seed: round });
    }
    const tokens = sequence.tokenMeter.usedOutputTokens - before;
    return { tokensPerSecond: tokens / ((performance.now() - started) / 1000), tokens, threads: context.currentThreads };
  } finally {
    await llama.dispose();
  }
}

console.log(`cores: ${(await import('node:os')).availableParallelism()}, load average: ${(await import('node:os')).loadavg().map((value) => value.toFixed(1)).join(' ')}`);
const one = await measureProvider(1, maxTokens, rounds);
console.log(`stories260K threads=1 (SampleForge default): ${one.tokensPerSecond.toFixed(1)} tok/s over ${one.tokens} tokens (bar >= 500)`);
const all = await measureProvider(0, slowTokens, 1);
console.log(`stories260K threads=0 (all cores):           ${all.tokensPerSecond.toFixed(1)} tok/s over ${all.tokens} tokens`);
const library = await measureLibraryDefault(slowTokens, 1);
console.log(`stories260K node-llama-cpp default (${library.threads} threads): ${library.tokensPerSecond.toFixed(1)} tok/s over ${library.tokens} tokens`);
console.log(`ratio threads=1 / library default: ${(one.tokensPerSecond / library.tokensPerSecond).toFixed(1)}x`);
