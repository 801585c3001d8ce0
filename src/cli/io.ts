/** Where the CLI writes; injectable so commands are tested in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  isTty: boolean;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
};

/** Prints `value` as JSON (for `--json`) or as the human text `render` makes. */
export function printResult(io: CliIo, json: boolean, value: unknown, render: () => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : `${render()}\n`);
}

/** A fixed-width text table. */
export function formatTable(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  if (rows.length === 0) return '(no rows)';
  const keys = columns ?? Object.keys(rows[0]);
  const cells = rows.map((row) => keys.map((key) => {
    const value = row[key];
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }));
  const widths = keys.map((key, column) => Math.min(60, Math.max(key.length, ...cells.map((line) => line[column].length))));
  const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));
  return [keys.map((key, column) => clip(key, widths[column])).join('  '), widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map((line) => line.map((cell, column) => clip(cell, widths[column])).join('  '))].join('\n');
}
