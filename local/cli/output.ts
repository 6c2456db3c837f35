/** How vf commands print: people read the lines, programs read the last line of JSON (`--json`). */
export interface Output {
  line(text?: string): void;
  json(value: unknown): void;
  error(text: string): void;
}

export const consoleOutput: Output = {
  line: (text = '') => process.stdout.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value)}\n`),
  error: (text) => process.stderr.write(`${text}\n`),
};

/** A usage or input problem the person can fix; printed plainly, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
