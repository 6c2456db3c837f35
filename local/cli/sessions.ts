import { DynamoDbSessionStore } from '../../shared/adapters/dynamodb/session-store.ts';
import { LOCAL_PEOPLE } from '../../web/people.ts';
import { dataDirectory, LOCAL_TABLE_NAME, openLocalStore } from '../environment.ts';
import { type Output, UsageError } from './output.ts';

/**
 * `vf sessions end <user> [--json]`: ends every open session of one of the local people, as an
 * administrator's change of their roles does in AWS (docs/web-app.md, "Signing in, sessions and roles"):
 * each browser signed in as them is sent to sign in on its next request. Works beside a running `vf start`
 * (same local table) or alone. With --json the last line is `{user, ended}`.
 */
export async function sessionsEndCommand(
  user: string,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  const person = LOCAL_PEOPLE.find((p) => p.id === user);
  if (!person) {
    throw new UsageError(
      `<user>: ${user} is none of the local people (${LOCAL_PEOPLE.map((p) => p.id).join(', ')})`,
    );
  }
  const local = await openLocalStore(dataDirectory());
  let ended: number;
  try {
    ended = await new DynamoDbSessionStore(local.client, LOCAL_TABLE_NAME).endAllFor(person.id);
  } finally {
    await local.close();
  }
  out.line(
    `${person.name} (${person.id}): ${ended} ${ended === 1 ? 'session' : 'sessions'} ended` +
      (ended > 0 ? '; each browser signs in again on its next request' : ''),
  );
  if (options.json) out.json({ user: person.id, ended });
}
