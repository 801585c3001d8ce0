/**
 * The datasets SampleForge can load: a frozen registry whose keys are the dataset names (the same
 * list as `DATASET_NAMES` in the config). Each entry names its loader, its files as the loader
 * expects them under `data.dataset.path`, official download URLs (pinned to a commit where the
 * host allows) with sha256 where known, license, citation, and whether use is research-only.
 */
import type { DatasetName } from '../../config/ingest.js';
import type { DatasetLoader } from '../loaders/loader-support.js';
import { loadBanking77 } from '../loaders/load-banking77.js';
import { loadBitext } from '../loaders/load-bitext.js';
import { loadClinc150 } from '../loaders/load-clinc150.js';
import { loadEsci } from '../loaders/load-esci.js';
import { loadEsciJudgmentsSubset } from '../loaders/load-esci-judgments-subset.js';
import { loadMovieLens100k } from '../loaders/load-movielens.js';
import { loadMultiCpr } from '../loaders/load-multi-cpr.js';
import { loadOnlineShopping } from '../loaders/load-online-shopping.js';
import { loadS3Rec } from '../loaders/load-s3rec.js';
import { loadWands } from '../loaders/load-wands.js';

export type DatasetTask = 'recommendation' | 'search' | 'intent' | 'classification';

export interface DatasetFile {
  /** Path under the dataset folder, as the loader reads it (or the archive's name). */
  path: string;
  /** Official public URL; absent when the file is not publicly downloadable. */
  url?: string;
  /** sha256 of the published bytes, when known (verified after download). */
  sha256?: string;
  /** The loader works without it. */
  optional?: boolean;
  /** A zip archive the user unpacks into the folder (SampleForge does not unpack). */
  archive?: boolean;
}

export interface DatasetInfo {
  name: string;
  title: string;
  task: DatasetTask;
  loader: DatasetLoader;
  /** Tables the loader fills. */
  tables: readonly string[];
  files: readonly DatasetFile[];
  homepage: string;
  license: string;
  /** Use only for research (non-commercial or unknown terms); downloads need explicit acceptance. */
  researchOnly: boolean;
  citation: string;
}

const raw = (repository: string, commit: string, path: string): string => `https://raw.githubusercontent.com/${repository}/${commit}/${path}`;
const S3REC = ['RUCAIBox/CIKM2020-S3Rec', '2a81540ae18615d88ef88227b0c066e5b74781e5'] as const;
const BITEXT = ['bitext/customer-support-intent-detection-training-dataset', 'e970229e6473109417301b5edddb283917a10aac'] as const;
const WANDS = ['wayfair/WANDS', '3b74dcf4ba29ab8ff3e6a50b5b09fc627cb882b5'] as const;
const OPENSEARCH = ['opensearch-project/opensearch-devops', '0d469b6ff934c607e3442fcd1d7f400597fb4202'] as const;
const MULTI_CPR = ['Alibaba-NLP/Multi-CPR', 'a4e467182a3e2c110528a1575d79b33cc449d2c3'] as const;
const ESCI = 'https://github.com/amazon-science/esci-data/raw/main/shopping_queries_dataset';

function freezeEntry(entry: DatasetInfo): DatasetInfo {
  return Object.freeze({ ...entry, tables: Object.freeze([...entry.tables]), files: Object.freeze(entry.files.map((file) => Object.freeze({ ...file }))) });
}

/** Every dataset SampleForge knows, by name. */
export const DATASETS = Object.freeze({
  's3rec-amazon': freezeEntry({
    name: 's3rec-amazon',
    title: 'Amazon Beauty / Sports / Toys sequences with item attributes (S3-Rec format)',
    task: 'recommendation',
    loader: loadS3Rec,
    tables: ['interactions', 'items'],
    files: [
      { path: 'Beauty.txt', url: raw(...S3REC, 'data/Beauty.txt'), sha256: '226cce9c3105299ca0db9615d7d3fb32b3175e90da43100ae352599f0f0107b8' },
      { path: 'Beauty_item2attributes.json', url: raw(...S3REC, 'data/Beauty_item2attributes.json'), sha256: '129e40f67486f6877eff0f5318cfa8530ee8ac23d8b0d1de04e1bb7a2ba0b2d4' },
      { path: 'Sports_and_Outdoors.txt', url: raw(...S3REC, 'data/Sports_and_Outdoors.txt'), sha256: '2a095e0648872beb9982408958290f5d655db5be2911c3756b5446de9f0b8de2', optional: true },
      { path: 'Sports_and_Outdoors_item2attributes.json', url: raw(...S3REC, 'data/Sports_and_Outdoors_item2attributes.json'), sha256: '7fb10733ac4f1811384a52144cdefa7fcc7536fa80a7232c5da9bd789155c34b', optional: true },
      { path: 'Toys_and_Games.txt', url: raw(...S3REC, 'data/Toys_and_Games.txt'), sha256: '176c680c688d497598c4a89a03b402c0fe78d795e5db335c2e78dd5f2d778a3f', optional: true },
      { path: 'Toys_and_Games_item2attributes.json', url: raw(...S3REC, 'data/Toys_and_Games_item2attributes.json'), sha256: 'd371acd25101eedac04afc727626464b7acec770c4eda708705d51eb76eb1ad0', optional: true },
    ],
    homepage: 'https://github.com/RUCAIBox/CIKM2020-S3Rec',
    license: 'none stated (Amazon review data, UCSD, research use)',
    researchOnly: true,
    citation: 'Zhou et al., "S3-Rec: Self-Supervised Learning for Sequential Recommendation with Mutual Information Maximization", CIKM 2020; McAuley et al., SIGIR 2015.',
  }),
  'movielens-100k': freezeEntry({
    name: 'movielens-100k',
    title: 'MovieLens 100K ratings, movies with genres, user demographics',
    task: 'recommendation',
    loader: loadMovieLens100k,
    tables: ['interactions', 'items', 'users'],
    files: [{ path: 'ml-100k.zip', url: 'https://files.grouplens.org/datasets/movielens/ml-100k.zip', archive: true }],
    homepage: 'https://grouplens.org/datasets/movielens/100k/',
    license: 'GroupLens terms: research use, no redistribution, no commercial use without permission',
    researchOnly: true,
    citation: 'Harper & Konstan, "The MovieLens Datasets: History and Context", ACM TiiS 5(4):19, 2015.',
  }),
  banking77: freezeEntry({
    name: 'banking77',
    title: 'BANKING77 online-banking customer-service intents (77)',
    task: 'intent',
    loader: loadBanking77,
    tables: ['texts'],
    files: [
      { path: 'train.csv', url: raw('PolyAI-LDN/task-specific-datasets', '57ec275d8078af65b7731c2a98be812d844a6d6b', 'banking_data/train.csv'), sha256: 'b06e26ac675513959a63135f11b94ea7786ed02da65db93a5650d8838cbc664b' },
      { path: 'test.csv', url: raw('PolyAI-LDN/task-specific-datasets', '57ec275d8078af65b7731c2a98be812d844a6d6b', 'banking_data/test.csv'), sha256: 'd12d6e3bc4c3103966ae786dc435913c0c563dfa328f5a3646d0e62cfeeb474d' },
      { path: 'categories.json', url: raw('PolyAI-LDN/task-specific-datasets', '57ec275d8078af65b7731c2a98be812d844a6d6b', 'banking_data/categories.json'), sha256: '53261da888122daf2d120d925458631d9619e15d82e56052e7a42e535ce32b63', optional: true },
    ],
    homepage: 'https://github.com/PolyAI-LDN/task-specific-datasets',
    license: 'CC BY 4.0',
    researchOnly: false,
    citation: 'Casanueva et al., "Efficient Intent Detection with Dual Sentence Encoders", NLP4ConvAI @ ACL 2020, arXiv:2003.04807.',
  }),
  'bitext-customer-service': freezeEntry({
    name: 'bitext-customer-service',
    title: 'Bitext customer-service intents (27 intents, 11 categories)',
    task: 'intent',
    loader: loadBitext,
    tables: ['texts'],
    files: [
      { path: 'train/Bitext_Sample_Customer_Service_Training_Dataset.csv', url: raw(...BITEXT, 'data/train/Bitext_Sample_Customer_Service_Training_Dataset.csv'), sha256: '4360971d9ed1884ddc3480b66b50bd3a0ee4b0f5726d1baff6025c69fb854f07' },
      { path: 'dev/Bitext_Sample_Customer_Service_Validation_Dataset.csv', url: raw(...BITEXT, 'data/dev/Bitext_Sample_Customer_Service_Validation_Dataset.csv'), sha256: 'd8bb2011de49a2fd7c12cf0c520e26cc266c8e28501906554a5e22a93e79d177' },
      { path: 'test/Bitext_Sample_Customer_Service_Testing_Dataset.csv', url: raw(...BITEXT, 'data/test/Bitext_Sample_Customer_Service_Testing_Dataset.csv'), sha256: 'e5b8984f88ff4e032dec929c93ab15e8165b439056cce665959a386fc14d06d5' },
    ],
    homepage: 'https://github.com/bitext/customer-support-intent-detection-training-dataset',
    license: 'CDLA-Sharing-1.0',
    researchOnly: false,
    citation: 'Bitext Innovations, "Customer Service Tagged Training Dataset for Intent Detection", 2022.',
  }),
  clinc150: freezeEntry({
    name: 'clinc150',
    title: 'CLINC150 intents (150 in-scope + out-of-scope)',
    task: 'intent',
    loader: loadClinc150,
    tables: ['texts'],
    files: [{ path: 'data_full.json', url: 'https://raw.githubusercontent.com/clinc/oos-eval/master/data/data_full.json' }],
    homepage: 'https://github.com/clinc/oos-eval',
    license: 'CC BY 3.0',
    researchOnly: false,
    citation: 'Larson et al., "An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction", EMNLP-IJCNLP 2019.',
  }),
  'online-shopping-10-cats': freezeEntry({
    name: 'online-shopping-10-cats',
    title: 'online_shopping_10_cats Chinese product reviews (10 categories, sentiment)',
    task: 'classification',
    loader: loadOnlineShopping,
    tables: ['texts'],
    files: [
      {
        path: 'online_shopping_10_cats.zip',
        url: raw('SophonPlus/ChineseNlpCorpus', 'a0b781d72158bde242c0626c9e354d2b328865ff', 'datasets/online_shopping_10_cats/online_shopping_10_cats.zip'),
        sha256: '6816ded66fde9d0927ecbd370b5e12d0174d1abac35192ec014ac2a0a8d25858',
        archive: true,
      },
    ],
    homepage: 'https://github.com/SophonPlus/ChineseNlpCorpus',
    license: 'none stated (unknown upstream authorship)',
    researchOnly: true,
    citation: 'SophonPlus, ChineseNlpCorpus, dataset online_shopping_10_cats.',
  }),
  wands: freezeEntry({
    name: 'wands',
    title: 'WANDS Wayfair product search relevance (queries, products, labels)',
    task: 'search',
    loader: loadWands,
    tables: ['texts', 'items', 'judgments'],
    files: [
      { path: 'query.csv', url: raw(...WANDS, 'dataset/query.csv'), sha256: '63b61660560fecc33ec490804c7e2b81402ee3e7c31a9cbb5e03736639f68e95' },
      { path: 'product.csv', url: raw(...WANDS, 'dataset/product.csv'), optional: true },
      { path: 'label.csv', url: raw(...WANDS, 'dataset/label.csv'), optional: true },
    ],
    homepage: 'https://github.com/wayfair/WANDS',
    license: 'MIT',
    researchOnly: false,
    citation: 'Chen et al., "WANDS: Dataset for Product Search Relevance Assessment", ECIR 2022.',
  }),
  esci: freezeEntry({
    name: 'esci',
    title: 'Amazon Shopping Queries (ESCI) examples and products',
    task: 'search',
    loader: loadEsci,
    tables: ['judgments', 'texts', 'items'],
    files: [
      { path: 'shopping_queries_dataset_examples.parquet', url: `${ESCI}/shopping_queries_dataset_examples.parquet` },
      { path: 'shopping_queries_dataset_products.parquet', url: `${ESCI}/shopping_queries_dataset_products.parquet`, optional: true },
    ],
    homepage: 'https://github.com/amazon-science/esci-data',
    license: 'Apache-2.0',
    researchOnly: false,
    citation: 'Reddy et al., "Shopping Queries Dataset: A Large-Scale ESCI Benchmark for Improving Product Search", arXiv:2206.06588, 2022.',
  }),
  'esci-judgments-subset': freezeEntry({
    name: 'esci-judgments-subset',
    title: 'ESCI US 150-query judgment subset (OpenSearch), no product text',
    task: 'search',
    loader: loadEsciJudgmentsSubset,
    tables: ['judgments', 'texts'],
    files: [
      {
        path: 'esci_us_judgments.json',
        url: raw(...OPENSEARCH, 'nightly-playground/sample-data/search-relevance/esci_us_judgments.json'),
        sha256: '3981436d88e42ef283b5d805c7fa7ec68cd9657584fbc96b3bcd8d51ad1ba708',
      },
      {
        path: 'esci_us_queryset.json',
        url: raw(...OPENSEARCH, 'nightly-playground/sample-data/search-relevance/esci_us_queryset.json'),
        sha256: '8a8079160f30a3c4e6df10bce1d8c37afd52b3a5a355940b25d18837bcf804b0',
        optional: true,
      },
    ],
    homepage: 'https://github.com/opensearch-project/opensearch-devops',
    license: 'Apache-2.0',
    researchOnly: false,
    citation: 'Reddy et al., arXiv:2206.06588, 2022 (subset prepared by the OpenSearch project).',
  }),
  'multi-cpr-ecom': freezeEntry({
    name: 'multi-cpr-ecom',
    title: 'Multi-CPR e-commerce (Taobao) Chinese search queries',
    task: 'search',
    loader: loadMultiCpr,
    tables: ['texts', 'judgments'],
    files: [
      { path: 'train.query.txt', url: raw(...MULTI_CPR, 'data/ecom/train.query.txt'), sha256: '2a36f72063a3be3dea04944fb0174ea82473d66eb585b4fa3bcacc8c94c13008' },
      { path: 'dev.query.txt', url: raw(...MULTI_CPR, 'data/ecom/dev.query.txt'), sha256: 'c798c3326083dd341b8f940c4e82c51fc4c046e09b81c0576abb837fa5b5ac95' },
      { path: 'qrels.dev.tsv', url: raw(...MULTI_CPR, 'data/ecom/qrels.dev.tsv'), sha256: 'ca19578e2f81c4ea894d7129e9f2b169c7490bcc6de41f2c2623ceb640b682cf', optional: true },
    ],
    homepage: 'https://github.com/Alibaba-NLP/Multi-CPR',
    license: 'none stated (research use; cite the paper)',
    researchOnly: true,
    citation: 'Long et al., "Multi-CPR: A Multi Domain Chinese Dataset for Passage Retrieval", SIGIR 2022, arXiv:2203.03367.',
  }),
} as const satisfies Record<DatasetName, DatasetInfo>);

/** The dataset registered under `name`, or undefined. */
export function findDataset(name: string): DatasetInfo | undefined {
  return Object.hasOwn(DATASETS, name) ? DATASETS[name as DatasetName] : undefined;
}
