import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sessionsEndCommand } from '../../local/cli/sessions.ts';
import { LOCAL_TABLE_NAME, openLocalStore } from '../../local/environment.ts';
import { DynamoDbSessionStore } from '../../shared/adapters/dynamodb/session-store.ts';
import { LOCAL_PEOPLE } from '../../web/people.ts';
import { DEFAULT_SESSION_POLICY, SessionCodec, Sessions } from '../../web/session.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vf-sessions-'));
const previous = process.env.VF_DATA_DIR;

afterAll(() => {
  if (previous === undefined) delete process.env.VF_DATA_DIR;
  else process.env.VF_DATA_DIR = previous;
  rmSync(dataDir, { recursive: true, force: true });
});

const person = (id: string) => {
  const found = LOCAL_PEOPLE.find((p) => p.id === id);
  if (!found) throw new Error(`no local person ${id}`);
  return found;
};

describe('vf sessions end', () => {
  it('ends every session of one person on the local table, as a role change in AWS does, and says how many', async () => {
    // The local web app's sessions as `vf start` keeps them: on the local table of the data folder, whose
    // database the command finds running and uses.
    const local = await openLocalStore(dataDir);
    try {
      const sessions = new Sessions(
        new SessionCodec(Buffer.alloc(32, 7), { ...DEFAULT_SESSION_POLICY, secureCookie: false }),
        new DynamoDbSessionStore(local.client, LOCAL_TABLE_NAME),
      );
      const now = new Date();
      const office = sessions.codec.encode(await sessions.begin(person('team.leader'), now));
      const laptop = sessions.codec.encode(await sessions.begin(person('team.leader'), now));
      const colleague = sessions.codec.encode(await sessions.begin(person('caseworker.one'), now));

      process.env.VF_DATA_DIR = dataDir;
      const lines: string[] = [];
      let json: unknown;
      const capture = {
        line: (text = '') => lines.push(text),
        json: (v: unknown) => (json = v),
        error: () => {},
      };
      await sessionsEndCommand('team.leader', { json: true }, capture);

      expect(lines).toEqual([
        'Jo Specimen (team.leader): 2 sessions ended; each browser signs in again on its next request',
      ]);
      expect(json).toEqual({ user: 'team.leader', ended: 2 });
      for (const cookie of [office, laptop]) expect(await sessions.readSession(cookie, now)).toBeUndefined();
      expect((await sessions.readSession(colleague, now))?.user).toBe('caseworker.one');

      // Again: nothing more to end.
      lines.length = 0;
      await sessionsEndCommand('team.leader', {}, capture);
      expect(lines).toEqual(['Jo Specimen (team.leader): 0 sessions ended']);

      await expect(sessionsEndCommand('nobody', {}, capture)).rejects.toThrow(
        '<user>: nobody is none of the local people (caseworker.one,',
      );
    } finally {
      await local.close();
    }
  }, 120_000);
});
