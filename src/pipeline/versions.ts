/** Versions recorded in every run directory, so a result can be traced to the code that made it. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string | undefined {
  try {
    // Packages with an exports map hide package.json; walk up from the resolved entry instead.
    let folder = dirname(require.resolve(name));
    for (let depth = 0; depth < 6; depth++) {
      try {
        const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (manifest.name === name) return manifest.version;
      } catch {
        // not this folder
      }
      folder = dirname(folder);
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The SampleForge version from its package.json. */
export function sampleforgeVersion(): string {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Versions of SampleForge, Node.js and the engines a run depends on. */
export function collectVersions(): Record<string, string> {
  const versions: Record<string, string> = { sampleforge: sampleforgeVersion(), node: process.version, platform: `${process.platform}-${process.arch}` };
  for (const name of ['@duckdb/node-api', 'zod', 'node-llama-cpp', 'better-sqlite3', 'bullmq', 'sharp']) {
    const version = packageVersion(name);
    if (version) versions[name] = version;
  }
  return versions;
}
