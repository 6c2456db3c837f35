import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { type LocalSystem, openLocalSystem } from '../../local/system/local-system.ts';
import { type LocalDefinitions, synthesizeLocalDefinitions } from '../../local/system/state-machines.ts';
import { VirtualClock } from '../../local/system/virtual-clock.ts';

let definitions: LocalDefinitions | undefined;

/** The state machines as `cdk synth` writes them, synthesized once per test file. */
export function definitionsOnce(): LocalDefinitions {
  definitions ??= synthesizeLocalDefinitions();
  return definitions;
}

/**
 * The whole local system on the run's DynamoDB Local with fresh tables and a virtual clock: the real
 * engine running the synthesized state machines, and every function in-process.
 */
export async function freshLocalSystem(start: Date): Promise<{ system: LocalSystem; clock: VirtualClock }> {
  const clock = new VirtualClock(start);
  const suffix = randomUUID();
  const system = await openLocalSystem({
    endpoint: inject('dynamoDbEndpoint'),
    dataDir: mkdtempSync(join(tmpdir(), 'vf-system-')),
    tableName: `test-${suffix}`,
    engineTableName: `engine-${suffix}`,
    clock,
    definitions: definitionsOnce(),
  });
  return { system, clock };
}
