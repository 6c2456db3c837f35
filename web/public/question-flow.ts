import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/ports/clock.ts';
import type { DraftAnswer, FormDraft, FormDrafts } from '../../shared/ports/form-drafts.ts';
import { redirect, type WebResponse } from '../http.ts';
import { cookieHeader, cookieName, randomToken } from './forms.ts';
import { publicMessage, publicPage } from './layout.ts';
import {
  type Answers,
  allFields,
  answerText,
  type FieldError,
  inputIdOf,
  postedValues,
  type Question,
  readFields,
  valuesFor,
} from './questions.ts';
import type { PublicRequest, PublicRoute } from './routes.ts';

/** A draft is kept this long after its last answer (the item's TTL). */
export const DRAFT_HOURS = 24;

/** The answers' own key listing the questions answered so far, in the order they were. */
const ANSWERED = '_answered';

/** An error on "Check your answers": its words and the page (or field) it links to. */
export interface SummaryError {
  readonly text: string;
  readonly href: string;
}

export interface QuestionFlow {
  /** The form's name (the draft's `form`, its cookie's name): `self-referral`. */
  readonly form: string;
  /** Its path: `/self-referral`; its questions are `/self-referral/<slug>`. */
  readonly base: string;
  readonly questions: readonly Question[];
  /** "Check your answers" in sections, each a heading over its questions' slugs. */
  readonly sections: readonly { readonly heading: string; readonly slugs: readonly string[] }[];
  readonly checkAnswers: {
    readonly submitText: string;
    readonly declaration?: { readonly heading: string; readonly text: string };
  };
  /** Sends the answers: the case opened, or what is wrong (the draft is left as it was). */
  readonly submit: (
    draft: FormDraft & { readonly asked: Answers },
    request: PublicRequest,
  ) => Promise<{ readonly caseId: string } | { readonly errors: readonly SummaryError[] }>;
  /** The page after sending. */
  readonly confirmation: (request: PublicRequest, draft: FormDraft) => Promise<WebResponse>;
  readonly drafts: FormDrafts;
  readonly clock: Clock;
  readonly secureCookies: boolean;
}

const DRAFT_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The routes of a form of question pages (docs/public-pages.md): each question's page (GET draws it with
 * the answers so far, POST reads and checks it, keeps it in the draft and goes on), "Check your answers"
 * (POST sends it) and the confirmation. The draft is found by a random id in an HttpOnly cookie, keyed in
 * the store by a hash of it, so nobody without the cookie reads it.
 */
export function questionFlowRoutes(flow: QuestionFlow): PublicRoute[] {
  const { base, questions } = flow;
  const cookie = `vf-${flow.form}`;
  const keyOf = (id: string) => createHash('sha256').update(`${flow.form}:${id}`).digest('hex');
  const asked = (question: Question, answers: Answers) => question.asked?.(answers) ?? true;
  const answeredSlugs = (answers: Answers) => new Set((answers[ANSWERED] as readonly string[]) ?? []);
  /** The first question still to answer, in order, or nothing: the form is ready to check. */
  const firstUnanswered = (answers: Answers) =>
    questions.find((q) => asked(q, answers) && !answeredSlugs(answers).has(q.slug));
  /** Only the answers of the questions asked, given the answers (a changed answer may skip a page). */
  const askedAnswers = async (answers: Answers, now: Date): Promise<Answers> => {
    const kept: Record<string, DraftAnswer> = {};
    for (const question of questions.filter((q) => asked(q, answers)))
      for (const field of allFields(await question.fields(answers, now)))
        if (answers[field.name] !== undefined) kept[field.name] = answers[field.name] as DraftAnswer;
    return kept;
  };

  /** The visitor's draft: its id and contents, or none (no cookie, expired, or already sent). */
  const draftOf = async (
    request: PublicRequest,
    { sent }: { sent: boolean } = { sent: false },
  ): Promise<{ id: string; draft: FormDraft } | undefined> => {
    const id = request.cookies[cookieName(cookie, flow.secureCookies)];
    if (id === undefined || !DRAFT_ID.test(id)) return undefined;
    const draft = await flow.drafts.get(keyOf(id), flow.clock.now());
    if (!draft || draft.form !== flow.form || (draft.caseId !== undefined) !== sent) return undefined;
    return { id, draft };
  };
  const keep = async (id: string, draft: FormDraft) =>
    flow.drafts.put(keyOf(id), draft, new Date(flow.clock.now().getTime() + DRAFT_HOURS * 3_600_000));

  const questionPage = async (
    request: PublicRequest,
    question: Question,
    answers: Answers,
    problem?: { errors: readonly FieldError[]; values: Record<string, DraftAnswer> },
  ): Promise<WebResponse> => {
    const fields = await question.fields(answers, flow.clock.now());
    const kinds = new Map(allFields(fields).map((f) => [f.name, f.kind]));
    const from = request.query.from === 'check' || request.form.from === 'check' ? 'check' : undefined;
    const index = questions.indexOf(question);
    const previous = questions
      .slice(0, index)
      .reverse()
      .find((q) => asked(q, answers));
    return publicPage(
      request,
      'question',
      {
        title: question.title,
        serviceUrl: base,
        lead: question.lead,
        fields,
        values: problem?.values ?? valuesFor(fields, answers),
        errors: Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message])),
        ...(problem
          ? {
              errorSummary: problem.errors.map((e) => ({
                text: e.message,
                href: `#${inputIdOf(e.field, kinds.get(e.field))}`,
              })),
            }
          : {}),
        action: `${base}/${question.slug}`,
        from,
        backLink: from ? `${base}/check-answers` : previous ? `${base}/${previous.slug}` : base,
      },
      problem ? 400 : 200,
    );
  };

  const checkAnswersPage = async (
    request: PublicRequest,
    answers: Answers,
    errors: readonly SummaryError[] = [],
  ): Promise<WebResponse> => {
    const now = flow.clock.now();
    const sections = [];
    for (const section of flow.sections) {
      const rows = [];
      for (const slug of section.slugs) {
        const question = questions.find((q) => q.slug === slug);
        if (!question || !asked(question, answers)) continue;
        const fields = await question.fields(answers, now);
        for (const field of allFields(fields)) {
          const lines = answerText(field, answers[field.name]);
          // Only a page's own fields have a row when left blank; an unchosen choice's fields have none.
          if (lines.length === 0 && !fields.includes(field)) continue;
          rows.push({
            key: { text: field.key ?? field.label },
            value: { html: lines.length > 0 ? lines.map(escapeHtml).join('<br>') : 'Not given' },
            actions: {
              items: [
                {
                  href: `${base}/${slug}?from=check`,
                  text: 'Change',
                  visuallyHiddenText: (field.key ?? field.label).toLowerCase(),
                },
              ],
            },
          });
        }
      }
      if (rows.length > 0) sections.push({ heading: section.heading, rows });
    }
    return publicPage(
      request,
      'check-answers',
      {
        title: 'Check your answers before sending',
        serviceUrl: base,
        sections,
        action: `${base}/check-answers`,
        submitText: flow.checkAnswers.submitText,
        declaration: flow.checkAnswers.declaration,
        backLink: `${base}/${[...questions].reverse().find((q) => asked(q, answers))?.slug ?? ''}`,
        ...(errors.length > 0 ? { errorSummary: errors } : {}),
      },
      errors.length > 0 ? 400 : 200,
    );
  };

  return [
    {
      method: 'GET',
      path: `${base}/check-answers`,
      handler: async (request) => {
        const found = await draftOf(request);
        if (!found) return redirect(base);
        const next = firstUnanswered(found.draft.answers);
        if (next) return redirect(`${base}/${next.slug}`);
        return checkAnswersPage(request, found.draft.answers);
      },
    },
    {
      method: 'POST',
      path: `${base}/check-answers`,
      handler: async (request) => {
        // Sent already (a second click that came after the first was answered): its confirmation.
        if (await draftOf(request, { sent: true })) return redirect(`${base}/confirmation`);
        const found = await draftOf(request);
        if (!found) return redirect(base);
        const next = firstUnanswered(found.draft.answers);
        if (next) return redirect(`${base}/${next.slug}`);
        const answers = await askedAnswers(found.draft.answers, flow.clock.now());
        const sent = await flow.submit({ ...found.draft, asked: answers }, request);
        if ('errors' in sent) return checkAnswersPage(request, found.draft.answers, sent.errors);
        await keep(found.id, { ...found.draft, caseId: sent.caseId });
        return redirect(`${base}/confirmation`);
      },
    },
    {
      method: 'GET',
      path: `${base}/confirmation`,
      handler: async (request) => {
        const found = await draftOf(request, { sent: true });
        return found ? flow.confirmation(request, found.draft) : redirect(base);
      },
    },
    {
      method: 'GET',
      path: `${base}/:slug`,
      handler: async (request) => {
        const question = questions.find((q) => q.slug === request.params.slug);
        if (!question) return notFound(request);
        const answers = (await draftOf(request))?.draft.answers ?? {};
        if (!asked(question, answers)) {
          const next = firstUnanswered(answers);
          return redirect(next ? `${base}/${next.slug}` : `${base}/check-answers`);
        }
        return questionPage(request, question, answers);
      },
    },
    {
      method: 'POST',
      path: `${base}/:slug`,
      handler: async (request) => {
        const question = questions.find((q) => q.slug === request.params.slug);
        if (!question) return notFound(request);
        const found = await draftOf(request);
        const answers = found?.draft.answers ?? {};
        if (!asked(question, answers)) return redirect(`${base}/${firstUnanswered(answers)?.slug ?? ''}`);
        const now = flow.clock.now();
        const fields = await question.fields(answers, now);
        const read = readFields(fields, request.formLists, answers, now);
        if (read.errors.length > 0)
          return questionPage(request, question, answers, {
            errors: read.errors,
            values: postedValues(fields, request.formLists),
          });
        const next: Record<string, DraftAnswer> = { ...answers };
        for (const field of allFields(fields)) delete next[field.name];
        Object.assign(next, read.answers);
        const answered = answeredSlugs(answers).add(question.slug);
        const changed = Object.keys(read.answers).some(
          (name) => JSON.stringify(read.answers[name]) !== JSON.stringify(answers[name]),
        );
        if (changed) for (const slug of question.resets ?? []) answered.delete(slug);
        next[ANSWERED] = [...answered];
        const id = found?.id ?? randomToken();
        await keep(
          id,
          found?.draft
            ? { ...found.draft, answers: next }
            : {
                form: flow.form,
                submissionId: randomUUID(),
                answers: next,
              },
        );
        const cookies = found ? [] : [cookieHeader(cookie, id, flow.secureCookies)];
        const unanswered = firstUnanswered(next);
        const following = questions.slice(questions.indexOf(question) + 1).find((q) => asked(q, next));
        const to =
          request.form.from === 'check'
            ? (unanswered ?? { slug: 'check-answers' })
            : (following ?? unanswered ?? { slug: 'check-answers' });
        return redirect(`${base}/${to.slug}`, cookies);
      },
    },
  ];
}

const notFound = (request: PublicRequest) =>
  publicMessage(request, 404, 'Page not found', ['If you typed the web address, check it is correct.']);

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
