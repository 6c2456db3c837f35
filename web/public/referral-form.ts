import { ingestReferral } from '../../shared/application/ingest.ts';
import type { IntakeOrigin } from '../../shared/domain/case-records.ts';
import type { IntakeResult } from '../../shared/domain/intake/partner-referral.ts';
import type { FormDraft } from '../../shared/ports/form-drafts.ts';
import type { PublicDeps, ReferralPagesDeps } from './deps.ts';
import { publicPage } from './layout.ts';
import { type QuestionFlow, questionFlowRoutes, type SummaryError } from './question-flow.ts';
import type { Answers } from './questions.ts';
import type { PublicRoute } from './routes.ts';

/** A referral sent from a form: its draft's `submissionId` and the answers to the questions asked. */
export interface Submission {
  readonly submissionId: string;
  readonly asked: Answers;
}

/**
 * What a public referral form declares: its questions and how its answers make the intake route's body.
 * The rest is the same for every referral form (referralFormRoutes).
 */
export interface ReferralForm extends Pick<QuestionFlow, 'questions' | 'sections' | 'checkAnswers'> {
  /** The form's name, also its path (`/<form>`) and its views' (`public/<form>-start`, `public/<form>-sent`). */
  readonly form: 'self-referral' | 'partner-referral';
  /** The start page's title. */
  readonly startTitle: string;
  /** The case's intake channel. */
  readonly channel: IntakeOrigin['channel'];
  /** The answers read by the intake route's own parser, as `POST /referrals/…` reads its body. */
  readonly parse: (submission: Submission, now: Date) => IntakeResult;
  /** The form's answer (`referrerName`) an error of the route's names (`referrer.name`). */
  readonly answerOf: (field: string, asked: Answers) => string;
  /** The question page each answer is asked on; an error on any other goes to the first question. */
  readonly pageOf: Readonly<Record<string, string>>;
  /** An error's words where not "Check your answer: …", by the answer it names. */
  readonly errorText?: (answer: string) => string | undefined;
  /** What stops a parsed referral being opened (a web chat slot booked meanwhile), checked just before. */
  readonly refusal?: (submission: Submission) => Promise<readonly SummaryError[]>;
  /** The answers kept after sending, for the confirmation page. */
  readonly keptAfterSending?: readonly string[];
  /** What the confirmation says beyond the case's reference. */
  readonly confirmation?: (draft: FormDraft) => Record<string, unknown>;
}

/**
 * A public referral form's routes (docs/public-pages.md): its start page, its question pages (question-
 * flow.ts) and its confirmation. Sending goes through the same code as the form's HTTP route (its parser,
 * then ingestReferral), the draft's `submissionId` the referral's reference: one case however often it is
 * sent. An error found on sending is put on "Check your answers", linking to the page that asked it.
 */
export function referralFormRoutes(
  deps: PublicDeps & { readonly referrals: ReferralPagesDeps },
  form: ReferralForm,
): PublicRoute[] {
  const { referrals } = deps;
  const base = `/${form.form}`;
  const firstPage = form.questions[0]?.slug ?? '';
  const submit = async (submission: Submission) => {
    const parsed = form.parse(submission, deps.clock.now());
    if (!parsed.ok) {
      const errors: SummaryError[] = parsed.errors.map((error) => {
        const answer = form.answerOf(error.field, submission.asked);
        return {
          text: form.errorText?.(answer) ?? `Check your answer: ${error.message.replace(/^is /, 'it is ')}`,
          href: `${base}/${form.pageOf[answer] ?? firstPage}?from=check`,
        };
      });
      return { errors };
    }
    const refused = (await form.refusal?.(submission)) ?? [];
    if (refused.length > 0) return { errors: refused };
    const outcome = await ingestReferral(parsed.referral, { channel: form.channel }, referrals);
    return { caseId: outcome.caseId };
  };
  return [
    {
      method: 'GET',
      path: base,
      handler: async (request) =>
        publicPage(request, `${form.form}-start`, { title: form.startTitle, serviceUrl: base }),
    },
    ...questionFlowRoutes({
      form: form.form,
      base,
      questions: form.questions,
      sections: form.sections,
      checkAnswers: form.checkAnswers,
      ...(form.keptAfterSending ? { keptAfterSending: form.keptAfterSending } : {}),
      submit,
      confirmation: async (request, draft) =>
        publicPage(request, `${form.form}-sent`, {
          title: 'Referral sent',
          caseId: draft.caseId,
          serviceUrl: base,
          ...form.confirmation?.(draft),
        }),
      drafts: referrals.drafts,
      clock: deps.clock,
      secureCookies: deps.secureCookies,
    }),
  ];
}
