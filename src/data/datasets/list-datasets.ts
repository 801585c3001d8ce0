/** Rows for `sampleforge datasets`: one line per registered dataset. */
import { DATASETS, type DatasetTask } from './datasets.js';

export interface DatasetRow {
  name: string;
  task: DatasetTask;
  title: string;
  tables: string;
  license: string;
  researchOnly: boolean;
  /** Whether every required file has a public download URL. */
  downloadable: boolean;
  homepage: string;
  citation: string;
}

/** One row per dataset, in registry order, for a table or `--json` output. */
export function listDatasets(): DatasetRow[] {
  return Object.values(DATASETS).map((dataset) => ({
    name: dataset.name,
    task: dataset.task,
    title: dataset.title,
    tables: dataset.tables.join(', '),
    license: dataset.license,
    researchOnly: dataset.researchOnly,
    downloadable: dataset.files.filter((file) => file.optional !== true).every((file) => file.url !== undefined),
    homepage: dataset.homepage,
    citation: dataset.citation,
  }));
}
