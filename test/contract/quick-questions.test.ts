import { describe, expect, it } from 'vitest';
import { DynamoDbQuickQuestions } from '../../shared/adapters/dynamodb/quick-questions.ts';
import { InMemoryQuickQuestions } from '../../shared/adapters/memory/quick-questions.ts';
import {
  type QuickAnswer,
  type QuickQuestion,
  questionIdOf,
  tokenHashOf,
} from '../../shared/domain/quick-questions.ts';
import { parseQuarter } from '../../shared/domain/reporting/quarters.ts';
import type { QuickQuestions } from '../../shared/ports/quick-questions.ts';
import { freshStore } from '../support/store.ts';

const ID = questionIdOf('0b8f3c52-7d1e-4a90-8b2c-3d4e5f6a7b8c');
const OTHER_ID = questionIdOf('1c9a4d63-8e2f-4b01-9c3d-4e5f6a7b8c9d');

const question = (overrides: Partial<QuickQuestion> = {}): QuickQuestion => ({
  questionId: ID,
  question: 'Can I get help if the crime was not reported to the police?',
  askedAt: new Date('2026-12-15T10:00:00Z'),
  email: 'sample.asker@example.org',
  ...overrides,
});

const answer = (overrides: Partial<QuickAnswer> = {}): QuickAnswer => ({
  answerId: '5b7c2a10-3d4e-4f50-9a6b-7c8d9e0f1a2b',
  text: 'Yes. You can get support from us whether or not you reported the crime.',
  by: 'caseworker.one',
  at: new Date('2026-12-15T11:00:00Z'),
  ...overrides,
});

const HASH = tokenHashOf('a'.repeat(43));
const OTHER_HASH = tokenHashOf('b'.repeat(43));

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<QuickQuestions> => new InMemoryQuickQuestions()],
  [
    'on DynamoDB Local',
    async (): Promise<QuickQuestions> => {
      const { client, tableName } = await freshStore();
      return new DynamoDbQuickQuestions(client, tableName);
    },
  ],
])('the quick questions %s', (_where, open) => {
  it('keeps a question with its private link, and opens it by no other hash', async () => {
    const store = await open();

    expect(await store.ask(question(), HASH)).toBe('asked');

    expect(await store.get(ID)).toEqual(question());
    expect(await store.getByTokenHash(HASH)).toEqual(question());
    expect(await store.getByTokenHash(OTHER_HASH)).toBeUndefined();
    expect(await store.get(OTHER_ID)).toBeUndefined();
  });

  it('asks once however often the same form is sent, keeping the first link only', async () => {
    const store = await open();
    await store.ask(question(), HASH);

    expect(await store.ask(question({ question: 'Changed' }), OTHER_HASH)).toBe('already-asked');

    expect(await store.get(ID)).toEqual(question());
    expect(await store.getByTokenHash(OTHER_HASH)).toBeUndefined();
  });

  it('keeps a question without an e-mail address as it came', async () => {
    const store = await open();
    const { email: _email, ...bare } = question();

    await store.ask(bare, HASH);

    expect(await store.get(ID)).toEqual(bare);
  });

  it('opens a question by a link added later, as by its first', async () => {
    const store = await open();
    await store.ask(question(), HASH);

    await store.addLink(ID, OTHER_HASH);
    await store.addLink(ID, OTHER_HASH);

    expect(await store.getByTokenHash(OTHER_HASH)).toEqual(question());
    expect(await store.getByTokenHash(HASH)).toEqual(question());
  });

  it('answers once: the same answer again is the same, another is told of the first', async () => {
    const store = await open();
    await store.ask(question(), HASH);

    const first = await store.answer(ID, answer());
    const again = await store.answer(ID, answer());
    const another = await store.answer(
      ID,
      answer({ answerId: '6c8d3b21-4e5f-4061-8b7c-8d9e0f1a2b3c', by: 'team.leader', text: 'Other' }),
    );

    expect(first).toEqual({ outcome: 'answered', question: { ...question(), answer: answer() } });
    expect(again).toEqual(first);
    expect(another).toEqual({ outcome: 'already-answered', question: { ...question(), answer: answer() } });
    expect(await store.getByTokenHash(HASH)).toEqual({ ...question(), answer: answer() });
  });

  it('answers one of two answers sent at the same moment', async () => {
    const store = await open();
    await store.ask(question(), HASH);

    const outcomes = await Promise.all([
      store.answer(ID, answer()),
      store.answer(ID, answer({ answerId: '6c8d3b21-4e5f-4061-8b7c-8d9e0f1a2b3c', by: 'team.leader' })),
    ]);

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['already-answered', 'answered']);
  });

  it('answers no question that was never asked', async () => {
    const store = await open();

    expect(await store.answer(ID, answer())).toEqual({ outcome: 'not-found' });
    expect(await store.get(ID)).toBeUndefined();
  });

  it('lists the unanswered questions newest first, as many as asked for', async () => {
    const store = await open();
    const ids = [
      '2d0b5e74-9f30-4c12-8d4e-5f6a7b8c9d0e',
      '3e1c6f85-a041-4d23-9e5f-6a7b8c9d0e1f',
      '4f2d7096-b152-4e34-af60-7b8c9d0e1f20',
    ].map(questionIdOf);
    await store.ask(question({ questionId: ids[0] ?? '', askedAt: new Date('2026-12-14T09:00:00Z') }), HASH);
    await store.ask(
      question({ questionId: ids[1] ?? '', askedAt: new Date('2026-12-15T09:00:00Z') }),
      OTHER_HASH,
    );
    await store.ask(
      question({ questionId: ids[2] ?? '', askedAt: new Date('2026-12-13T09:00:00Z') }),
      tokenHashOf('c'.repeat(43)),
    );
    await store.answer(ids[1] ?? '', answer());

    expect((await store.listUnanswered(10)).map((q) => q.questionId)).toEqual([ids[0], ids[2]]);
    expect((await store.listUnanswered(1)).map((q) => q.questionId)).toEqual([ids[0]]);
  });

  it('records the e-mail sent and forgets the address', async () => {
    const store = await open();
    await store.ask(question(), HASH);

    await store.recordNotice(ID, 'sent');

    const { email: _email, ...withoutEmail } = question();
    expect(await store.get(ID)).toEqual({ ...withoutEmail, notice: 'sent' });
  });

  it('counts questions asked and answered in a period by Leicester days, at its edges', async () => {
    const store = await open();
    const q3 = parseQuarter('2026/27-Q3'); // 1 October (BST) to 1 January (GMT)
    const asked = async (n: number, iso: string) => {
      const questionId = questionIdOf(`0b8f3c52-7d1e-4a90-8b2c-3d4e5f6a7b${String(n).padStart(2, '0')}`);
      await store.ask(question({ questionId, askedAt: new Date(iso) }), tokenHashOf(`${n}`.repeat(43)));
      return questionId;
    };
    // 23:30 on 30 September in Leicester (BST): the quarter before; answered inside it.
    const before = await asked(1, '2026-09-30T22:30:00Z');
    await store.answer(before, answer({ at: new Date('2026-10-01T09:00:00Z') }));
    // 00:30 on 1 October in Leicester: inside, answered inside.
    const first = await asked(2, '2026-09-30T23:30:00Z');
    await store.answer(first, answer({ at: new Date('2026-10-02T09:00:00Z') }));
    // The last minute: inside, answered after.
    const last = await asked(3, '2026-12-31T23:59:00Z');
    await store.answer(last, answer({ at: new Date('2027-01-01T00:00:00Z') }));
    await asked(4, '2026-11-20T14:00:00Z');
    await asked(5, '2027-01-01T00:00:00Z');

    expect(await store.countInPeriod(q3.from, q3.to)).toEqual({ asked: 3, answered: 2 });
  });
});
