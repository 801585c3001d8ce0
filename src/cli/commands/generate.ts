/** `sampleforge generate`: write the seeded synthetic example shop as files. */
import { defineCommand } from 'citty';
import { generateWorld } from '../../data/synthetic/generate-world.js';
import { writeWorld } from '../../data/synthetic/write-world.js';
import { printResult, type CliIo } from '../io.js';

export function generateCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'generate', description: 'Write the seeded synthetic shop (items, interactions, utterances, queries, users) as files' },
    args: {
      out: { type: 'string', description: 'destination folder', required: true },
      preset: { type: 'enum', options: ['quickstart', 'large'], description: 'sizes', default: 'quickstart' },
      seed: { type: 'string', description: 'seed', default: '42' },
      format: { type: 'enum', options: ['csv', 'jsonl', 'parquet'], description: 'file format', default: 'csv' },
      json: { type: 'boolean', description: 'print JSON' },
    },
    async run({ args }) {
      const world = generateWorld({ preset: args.preset as 'quickstart' | 'large' }, Number(args.seed));
      const files = await writeWorld(world, args.out, { format: args.format as 'csv' | 'jsonl' | 'parquet' });
      const counts = { items: world.items.length, interactions: world.interactions.length, utterances: world.utterances.length, queries: world.queries.length, users: world.users.length };
      printResult(io, Boolean(args.json), { files, counts }, () => Object.entries(files).filter(([key]) => key !== 'format').map(([name, path]) => `${name.padEnd(13)} ${path}`).join('\n'));
    },
  });
}
