import { readdirSync, readFileSync } from 'node:fs';

/** The pids of every DynamoDB Local on this machine whose command line names `dir` (its data directory). */
export function databasesServing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return commandLine.includes('DynamoDBLocal') && commandLine.includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}
