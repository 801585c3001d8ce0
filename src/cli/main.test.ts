import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (text: string) => { out.stdout += text; }, stderr: (text: string) => { out.stderr += text; }, isTty: false } };
}

async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'sf-cli-')), name);
  await writeFile(path, text);
  return path;
}

describe('sampleforge CLI', () => {
  it.each([
    [['--help'], 0],
    [[], 2],
    [['frobnicate'], 2],
    [['run'], 2],
  ])('exits %j with %i', async (argv, code) => {
    const { io } = capture();
    expect(await main(argv, io)).toBe(code);
  });

  it('exits 2 with the path and value named for an invalid config', async () => {
    const config = await tempFile('bad.yaml', 'name: x\ntask: recommendation\ndata:\n  synthetic: {}\ntrain:\n  lr: -1\n');
    const { io, out } = capture();
    expect(await main(['run', config, '--json'], io)).toBe(2);
    const printed = JSON.parse(out.stdout);
    expect(printed.error.code).toBe('E_CONFIG');
    expect(printed.error.message).toMatch(/train\.lr: .*got -1/);
  });

  it('exits 2 for an LLM step without an llm section, naming the step and the section to add', async () => {
    const config = await tempFile('llm.yaml', 'name: x\ntask: intent\ndata:\n  synthetic: {}\naugment:\n  steps:\n    - augmenter: llm/paraphrase\n');
    const { io, out } = capture();
    expect(await main(['run', config], io)).toBe(2);
    expect(out.stderr).toMatch(/E_CONFIG: [\s\S]*augment\.steps\[0\]\.augmenter: llm\/paraphrase needs a language model, and the config has no llm section: add one/);
  });

  it('exits 2 for a missing config file and names it', async () => {
    const { io, out } = capture();
    expect(await main(['run', '/nonexistent/config.yaml'], io)).toBe(2);
    expect(out.stderr).toMatch(/\/nonexistent\/config\.yaml/);
  });

  it('exits 1 when the run itself fails, naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-cli-run-'));
    const config = await tempFile('fail.yaml', `name: fail\ntask: recommendation\ndata:\n  files:\n    interactions:\n      path: ${join(dir, 'missing.csv')}\noutput:\n  dir: ${dir}\n`);
    const { io, out } = capture();
    expect(await main(['run', config, '--quiet'], io)).toBe(1);
    expect(out.stderr).toMatch(/missing\.csv/);
  });

  it('prints each synthetic table\'s quality, and exits 2 naming the config path for a column the table lacks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sf-cli-run-'));
    const head = `name: tables\ntask: recommendation\nseed: 3\ndata:\n  synthetic: { users: 60, items: 40, interactions: 1200, utterances: 20, queries: 10 }\ntrain:\n  model: pop\n  seeds: [1]\noutput:\n  dir: ${dir}\n`;
    const good = await tempFile('tables.yaml', `${head}tables:\n  - table: items\n    synthesizer: copula\n`);
    const { io, out } = capture();
    expect(await main(['run', good, '--quiet'], io)).toBe(0);
    expect(out.stdout).toMatch(/^ {2}table items\/copula: 40 rows \(\d+ copies refused\); shapes 0\.\d{4} (ok|below bar), pairs 0\.\d{4} (ok|below bar), detection AUC 0\.\d{4} (ok|below bar), copies 0; DCR median/m);
    const bad = await tempFile('bad-tables.yaml', `${head.replace('name: tables', 'name: bad-tables')}tables:\n  - table: items\n    synthesizer: copula\n    columns: [price, attributes.brandd]\n`);
    const failed = capture();
    expect(await main(['run', bad, '--quiet'], failed.io)).toBe(2);
    expect(failed.out.stderr).toMatch(/E_CONFIG: tables\[0\]\.columns\[1\]: no column "attributes\.brandd" in table items \(columns: title, category\.1, category\.2, category\.3, attributes\.brand, /);
  });

  it('inspects a data file as JSON', async () => {
    const file = await tempFile('items.csv', 'item_id,title,price\na,Serum 50ml,12.5\nb,,3\n');
    const { io, out } = capture();
    expect(await main(['data', 'inspect', file, '--json'], io)).toBe(0);
    const inspection = JSON.parse(out.stdout);
    expect(inspection.rows).toBe(2);
    expect(inspection.columns.find((column: { name: string }) => column.name === 'title').nulls).toBe(1);
  });

  it('lists the datasets', async () => {
    const { io, out } = capture();
    expect(await main(['datasets', '--json'], io)).toBe(0);
    const names = JSON.parse(out.stdout).map((row: { name: string }) => row.name);
    expect(names).toContain('banking77');
    expect(names).toContain('s3rec-amazon');
  });
});
