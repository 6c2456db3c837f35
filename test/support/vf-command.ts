import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { getDocumentProxy } from 'unpdf';

const run = promisify(execFile);
const VF = new URL('../../bin/vf.js', import.meta.url).pathname;

/** Runs `vf` as a person would, on its own data directory; resolves with its exit code and output. */
export async function vf(dataDir: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [VF, ...args], {
      env: { ...process.env, VF_DATA_DIR: dataDir },
      // A simulation on a loaded two-core machine (other test files beside it) can take minutes.
      timeout: 480_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number | null; stdout: string; stderr: string };
    return { code: failed.code ?? 'killed', stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The last line of a command's output, as the JSON it is. */
export const lastJson = <T>(stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T;

/** A PDF's text as PDF.js reads it (through unpdf, as the letter tests do), whitespace collapsed. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join('\n'));
  }
  await doc.destroy();
  return pages.join(' ').replace(/\s+/g, ' ');
}
