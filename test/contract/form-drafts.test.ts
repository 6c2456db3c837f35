import { describe, expect, it } from 'vitest';
import { DynamoDbFormDrafts } from '../../shared/adapters/dynamodb/form-drafts.ts';
import { InMemoryFormDrafts } from '../../shared/adapters/memory/form-drafts.ts';
import type { FormDraft, FormDrafts } from '../../shared/ports/form-drafts.ts';
import { freshStore } from '../support/store.ts';

const NOW = new Date('2026-12-15T10:00:00Z');
const LATER = new Date('2026-12-15T12:00:00Z');
const KEY = 'a'.repeat(64);
const OTHER_KEY = 'b'.repeat(64);

const draft: FormDraft = {
  form: 'self-referral',
  submissionId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  answers: { forename: 'Ada', surname: 'Example', unsafeChannels: ['voicemail', 'letter'] },
};

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<FormDrafts> => new InMemoryFormDrafts()],
  [
    'on DynamoDB Local',
    async (): Promise<FormDrafts> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbFormDrafts(client, tableName);
    },
  ],
])('public form drafts %s', (_where, open) => {
  it('gives a draft back, every answer, under its own key only', async () => {
    const drafts = await open();
    await drafts.put(KEY, draft, LATER);
    expect(await drafts.get(KEY, NOW)).toEqual(draft);
    expect(await drafts.get(OTHER_KEY, NOW)).toBeUndefined();
  });

  it('replaces a draft with its next version, the case it opened included', async () => {
    const drafts = await open();
    await drafts.put(KEY, draft, LATER);
    const sent = { ...draft, answers: { ...draft.answers, surname: 'Sample' }, caseId: 'VF-SELF0-00001' };
    await drafts.put(KEY, sent, LATER);
    expect(await drafts.get(KEY, NOW)).toEqual(sent);
  });

  it('forgets a draft once it has expired', async () => {
    const drafts = await open();
    await drafts.put(KEY, draft, LATER);
    expect(await drafts.get(KEY, LATER)).toBeUndefined();
  });
});
