import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { gatherReturnInputs } from '../../shared/application/gather-return-inputs.ts';
import { askQuickQuestion, readQuickQuestion } from '../../shared/application/quick-questions.ts';
import { providerSideMessageId } from '../../shared/domain/messaging.ts';
import { newReadingToken, tokenHashOf } from '../../shared/domain/quick-questions.ts';
import { computeReturn } from '../../shared/domain/reporting/compute.ts';
import { parseQuarter } from '../../shared/domain/reporting/quarters.ts';
import { type ServedLocalSystem, startServedLocalSystem } from '../support/local-server.ts';
import { Visitor } from '../support/visitor.ts';

// Quick questions on the served local system, the staff side: questions asked (as the public form asks
// them) listed newest first with their age; an answer refused empty or too long, with nothing written;
// answered once, a second person told who answered; the same form sent again changing nothing; the asker
// who gave an address e-mailed a working private link once, the address then forgotten; a wrong token
// opening nothing; and the quarterly return counting questions asked and answered.

/** Tuesday 15 December 2026, 10:00 in Leicester. */
const TUESDAY_10AM = new Date('2026-12-15T10:00:00Z');

let served: ServedLocalSystem;
let alex: Visitor;
let sam: Visitor;
const asked: { id: string; token: string }[] = [];

const summaryOf = (body: string) =>
  [...(/govuk-error-summary[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '').matchAll(/href="#([^"]+)">([^<]*)</g)].map(
    (m) => [m[1], m[2]],
  );

beforeAll(async () => {
  served = await startServedLocalSystem(TUESDAY_10AM);
  const { system } = served.fresh;
  const ask = async (formKey: string, question: string, at: string, email?: string) => {
    const outcome = await askQuickQuestion(system.quickQuestions, {
      formKey,
      question,
      at: new Date(at),
      ...(email ? { email } : {}),
    });
    if (outcome.outcome !== 'asked') throw new Error('not asked');
    asked.push({ id: outcome.question.questionId, token: outcome.token });
  };
  await ask(
    '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
    'Can I get help if I did not report it?',
    '2026-12-15T07:00:00Z',
    'sample.asker@example.org',
  );
  await ask(
    '1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e',
    'Do you help with anti-social behaviour? <b>Neighbours</b>',
    '2026-12-15T09:30:00Z',
  );
  alex = await new Visitor(served.url).signIn('caseworker.one');
  sam = await new Visitor(served.url).signIn('team.leader');
}, 180_000);

afterAll(async () => {
  await served?.close();
});

describe('quick questions, answered by staff', () => {
  it('lists the unanswered questions newest first, each with its age', async () => {
    const list = await alex.get('/questions');

    expect(list.status).toBe(200);
    const later = list.body.indexOf('anti-social behaviour');
    const earlier = list.body.indexOf('did not report it');
    expect(later).toBeGreaterThan(0);
    expect(earlier).toBeGreaterThan(later);
    expect(list.body).toContain('30 minutes ago');
    // What a visitor typed is shown as text, never as markup.
    expect(list.body).toContain('&lt;b&gt;Neighbours&lt;/b&gt;');
    const page = await alex.get(`/questions/${asked[1]?.id}`);
    expect(page.body).toContain('&lt;b&gt;Neighbours&lt;/b&gt;');
    expect(page.body).not.toContain('<b>Neighbours');
    expect(list.body).toContain('3 hours ago');
    // The address is the asker's, for the e-mail only: never shown to staff.
    expect(list.body).not.toContain('sample.asker@example.org');
  });

  it('refuses an empty or over-long answer in the error summary, writing nothing', async () => {
    const [first] = asked;
    const path = `/questions/${first?.id}`;
    const form = await alex.formFields(path, `${path}/answer`);

    const empty = await alex.post(`${path}/answer`, { ...form, answer: '  ' });
    const long = await alex.post(`${path}/answer`, { ...form, answer: 'x'.repeat(3001) });

    expect(empty.status).toBe(400);
    expect(summaryOf(empty.body)).toEqual([['answer', 'Enter an answer']]);
    expect(long.status).toBe(400);
    expect(summaryOf(long.body)).toEqual([['answer', 'The answer must be 3000 characters or fewer']]);
    expect(long.body).toContain('x'.repeat(3001));
    expect((await served.fresh.system.quickQuestions.get(first?.id ?? ''))?.answer).toBeUndefined();
  });

  it('answers once: the same form again changes nothing, a second person is told who answered', async () => {
    const [first] = asked;
    const id = first?.id ?? '';
    const path = `/questions/${id}`;
    const alexForm = await alex.formFields(path, `${path}/answer`);
    const samForm = await sam.formFields(path, `${path}/answer`);
    const answer =
      'Yes. We support people whether or not they reported the crime. Refer yourself on our website.';

    const saved = await alex.post(`${path}/answer`, { ...alexForm, answer });
    const again = await alex.post(`${path}/answer`, { ...alexForm, answer: 'Changed' });
    const second = await sam.post(`${path}/answer`, { ...samForm, answer: 'Another answer' });

    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/questions?answered=1');
    expect(again.status).toBe(303);
    expect(second.status).toBe(409);
    expect(second.body).toContain('caseworker.one answered it');
    const kept = await served.fresh.system.quickQuestions.get(id);
    expect(kept?.answer).toMatchObject({ text: answer, by: 'caseworker.one' });
    // Off the list; its page shows the answer and offers no form.
    expect((await alex.get('/questions')).body).not.toContain('did not report it');
    const page = await sam.get(path);
    expect(page.body).toContain(answer);
    expect(page.body).not.toContain('Save the answer');
    // Audited under the question: one answer however often it was sent.
    const audit = (await served.fresh.system.audit.forCase(id)).entries;
    expect(audit.filter((e) => e.what === 'quick-question:answer')).toHaveLength(1);
    expect(audit.some((e) => e.user === 'team.leader' && e.action === 'viewed')).toBe(true);
  });

  it('e-mails the asker a private link once, then forgets the address', async () => {
    const [first] = asked;
    const id = first?.id ?? '';
    const messages = await served.fresh.system.messages.listMessages(id);
    expect(messages.map((m) => [m.messageId, m.channel, m.purpose])).toEqual([
      ['message.quick-answer-ready.1', 'email', 'quick-answer-ready'],
    ]);
    const file = join(
      served.fresh.system.dataDir,
      'outbox',
      'email',
      `${providerSideMessageId(id, 'message.quick-answer-ready.1')}.json`,
    );
    const email = JSON.parse(readFileSync(file, 'utf8')) as { to: string; text: string; subject: string };
    expect(email.to).toBe('sample.asker@example.org');
    expect(email.subject).toBe('Your answer from Victim First is ready');
    // Nothing of the question or the answer: only the link.
    expect(email.text).not.toContain('report');
    const link = /\/quick-questions\/answer\/([A-Za-z0-9_-]{43})/.exec(email.text)?.[1] ?? '';
    expect(link).not.toBe(first?.token);
    expect((await readQuickQuestion(served.fresh.system.quickQuestions, link))?.questionId).toBe(id);
    const kept = await served.fresh.system.quickQuestions.get(id);
    expect(kept?.email).toBeUndefined();
    expect(kept?.notice).toBe('sent');
  });

  it('opens a question by its own tokens only: a wrong, altered or malformed token opens nothing', async () => {
    const [first, second] = asked;
    const questions = served.fresh.system.quickQuestions;

    expect((await readQuickQuestion(questions, first?.token ?? ''))?.questionId).toBe(first?.id);
    expect((await readQuickQuestion(questions, second?.token ?? ''))?.questionId).toBe(second?.id);
    expect(await readQuickQuestion(questions, newReadingToken())).toBeUndefined();
    const altered = `${(first?.token ?? '').slice(0, -1)}${first?.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await readQuickQuestion(questions, altered)).toBeUndefined();
    expect(await readQuickQuestion(questions, '')).toBeUndefined();
    expect(await readQuickQuestion(questions, tokenHashOf(first?.token ?? ''))).toBeUndefined();
  });

  it('asks on the public page once per form, and opens nothing at a link that is not one', async () => {
    const visitor = new Visitor(served.url);
    const form = await visitor.formFields('/quick-questions', '/quick-questions');
    const question = { ...form, question: 'Is the service free?', email: '' };

    const sent = await visitor.post('/quick-questions', question);
    const again = await visitor.post('/quick-questions', question);
    const token = /\/quick-questions\/answer\/([A-Za-z0-9_-]{43})/.exec(sent.body)?.[1] ?? '';

    expect(sent.status).toBe(200);
    expect(again.status).toBe(409);
    expect(again.body).not.toContain(token);
    const opened = await visitor.get(`/quick-questions/answer/${token}`);
    expect(opened.status).toBe(200);
    expect(opened.body).toContain('Is the service free?');
    // Another visitor with the link reads it (the link is the key); without it, nothing.
    const stranger = new Visitor(served.url);
    expect((await stranger.get(`/quick-questions/answer/${token}`)).status).toBe(200);
    for (const wrong of [newReadingToken(), token.slice(1), `${token}x`, '..', tokenHashOf(token)]) {
      const refused = await stranger.get(`/quick-questions/answer/${encodeURIComponent(wrong)}`);
      expect(refused.status, wrong).toBe(404);
      expect(refused.body).not.toContain('Is the service free?');
    }
    // Asked once: the staff list has it once.
    const list = await alex.get('/questions');
    expect(list.body.split('Is the service free?')).toHaveLength(2);
  });

  it('counts the questions asked and answered in the quarterly return', async () => {
    const { system, client, tableName } = served.fresh;
    const inputs = await gatherReturnInputs(
      {
        store: system.store,
        support: new DynamoDbSupportStore(client, tableName),
        referrals: system.jobs,
        jobs: system.jobs,
        agencies: new DynamoDbAgencyList(client, tableName),
        quickQuestions: system.quickQuestions,
      },
      parseQuarter('2026/27-Q3'),
      0,
      TUESDAY_10AM,
    );
    const measures = computeReturn(inputs).measures;
    const value = (id: string) => measures.find((m) => m.id === id)?.value;

    expect(value('quick-questions.asked')).toBe(3);
    expect(value('quick-questions.answered')).toBe(1);
  });
});
