/** `sampleforge datasets`: the datasets SampleForge can load; `datasets download NAME`. */
import { defineCommand } from 'citty';
import { downloadDataset } from '../../data/datasets/download-dataset.js';
import { listDatasets } from '../../data/datasets/list-datasets.js';
import { formatTable, printResult, type CliIo } from '../io.js';

export function datasetsCommand(io: CliIo) {
  const list = defineCommand({
    meta: { name: 'list', description: 'List the datasets with loaders (the default)' },
    args: { json: { type: 'boolean', description: 'print JSON' } },
    run({ args }) {
      const rows = listDatasets();
      printResult(io, Boolean(args.json), rows, () => formatTable(rows.map((row) => ({ ...row })), ['name', 'task', 'tables', 'license', 'researchOnly', 'downloadable']));
    },
  });
  return defineCommand({
    meta: { name: 'datasets', description: 'Datasets SampleForge loads, and downloads of the public ones' },
    default: 'list',
    subCommands: {
      list,
      download: defineCommand({
        meta: { name: 'download', description: 'Download a public dataset (only when you ask; checksums verified where known)' },
        args: {
          name: { type: 'positional', description: 'dataset name (see sampleforge datasets)', required: true },
          to: { type: 'string', description: 'destination folder', required: true },
          'base-url': { type: 'string', description: 'fetch from this mirror instead of the official addresses' },
          'accept-research-only': { type: 'boolean', description: 'accept the research-only terms of the dataset' },
          force: { type: 'boolean', description: 'download again even when present and verified' },
          json: { type: 'boolean', description: 'print JSON' },
        },
        async run({ args }) {
          const files = await downloadDataset(args.name, {
            destination: args.to,
            baseUrl: args['base-url'],
            acceptResearchOnly: Boolean(args['accept-research-only']),
            force: Boolean(args.force),
          });
          printResult(io, Boolean(args.json), files, () => formatTable(files.map((file) => ({ ...file })), ['path', 'bytes', 'status', 'verified', 'sha256']));
        },
      }),
    },
  });
}
