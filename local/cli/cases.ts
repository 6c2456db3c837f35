import { DynamoDbCaseSearchKeys } from '../../shared/adapters/dynamodb/case-search-keys.ts';
import { rebuildSearchKeys } from '../../shared/application/rebuild-search-keys.ts';
import { dataDirectory, LOCAL_TABLE_NAME, openLocalStore } from '../environment.ts';
import type { Output } from './output.ts';

/**
 * `vf cases reindex [--json]`: rewrites every local case's search keys from the case as stored, as the
 * rebuild-search-keys function does in AWS, so cases stored before a kind of key existed (the 0800 line's
 * phone keys) are found by it. Works beside a running `vf start` (same local table) or alone; running it
 * again writes the same keys. With --json the last line is `{casesRead, keysWritten}`.
 */
export async function casesReindexCommand(options: { json?: boolean }, out: Output): Promise<void> {
  const local = await openLocalStore(dataDirectory());
  let result: Awaited<ReturnType<typeof rebuildSearchKeys>>;
  try {
    result = await rebuildSearchKeys(new DynamoDbCaseSearchKeys(local.client, LOCAL_TABLE_NAME));
  } finally {
    await local.close();
  }
  const { casesRead, keysWritten } = result;
  out.line(
    `Search keys rebuilt: ${casesRead} ${casesRead === 1 ? 'case' : 'cases'} read, ` +
      `${keysWritten} ${keysWritten === 1 ? 'key' : 'keys'} written`,
  );
  if (options.json) out.json({ casesRead, keysWritten });
}
