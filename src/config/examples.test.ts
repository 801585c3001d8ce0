import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from './load.js';
import { configSchema } from './schema.js';

const folder = join(process.cwd(), 'examples');

describe('example configs', () => {
  it.each(readdirSync(folder).filter((file) => file.endsWith('.yaml')))('%s validates', async (file) => {
    const config = await loadConfigFile(configSchema, join(folder, file));
    expect(config.name).toBe(file.replace(/\.yaml$/, ''));
  });
});
