import { randomUUID } from 'node:crypto';
import { ingestReferral } from '../../shared/application/ingest.ts';
import { KEYED_VIA, type KeyedVia } from '../../shared/domain/case-records.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import { selfReferralFromForm } from '../../shared/domain/intake/self-referral.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { Workflows } from '../../shared/ports/workflows.ts';
import { redirect, type WebResponse } from '../http.ts';
import {
  allFields,
  type Field,
  type FieldError,
  inputIdOf,
  postedValues,
  readFields,
} from '../public/questions.ts';
import {
  addressFields,
  answerFieldOf,
  areaField,
  communicationNeedsField,
  contactMethodField,
  contactTimesField,
  dateOfBirthField,
  nameFields,
  offenceField,
  safeContactField,
  victimBody,
  whatHappenedField,
} from '../public/referral-questions.ts';
import type { PageKit, SignedInContext } from './page-kit.ts';

export interface NewReferralDeps {
  readonly store: CaseStore;
  readonly clock: Clock;
  /** Starts the new case's contact path. */
  readonly workflows: Workflows;
}

const VIA_WORDS: Readonly<Record<KeyedVia, string>> = {
  telephone: 'By phone (the 0800 line or a call to the office)',
  email: 'By email',
  'community-event': 'In person at a community event',
};

/** The page's fields: how it came, then the self-referral form's questions about the victim. */
const FIELDS: readonly Field[] = [
  {
    kind: 'radios',
    name: 'via',
    label: 'How did the referral reach you?',
    missing: 'Select how the referral reached you',
    choices: KEYED_VIA.map((via) => ({ value: via, text: VIA_WORDS[via] })),
  },
  ...nameFields('their'),
  dateOfBirthField('their'),
  contactMethodField('them'),
  ...addressFields('optional').map((field) =>
    field.name === 'line1' ? { ...field, hint: 'Needed if they want letters.' } : field,
  ),
  contactTimesField('them'),
  safeContactField('them'),
  communicationNeedsField('them'),
  whatHappenedField('them'),
  offenceField('them'),
  areaField('them'),
  {
    kind: 'checkboxes',
    name: 'consent',
    label: 'Agreement',
    missing: 'Select that the person agreed to be referred and contacted',
    choices: [
      { value: 'yes', text: 'The person agreed to Victim First keeping their details and contacting them' },
    ],
  },
];

/**
 * A referral taken by phone, by e-mail or at a community event, keyed in by a caseworker or team leader
 * (docs/public-pages.md, "Referrals keyed in by staff"): the self-referral form's questions on one page, sent
 * through the same code as the public form (selfReferralFromForm, ingestReferral), recorded with how it came
 * and who keyed it on the case's intake and in its audit.
 */
export function createNewReferralPage(kit: PageKit, deps: NewReferralDeps) {
  const page = (
    ctx: SignedInContext,
    form?: { values: Record<string, unknown>; errors: readonly FieldError[] },
  ): WebResponse => {
    const kinds = new Map(allFields(FIELDS).map((f) => [f.name, f.kind]));
    const errors = form?.errors ?? [];
    return kit.render(
      ctx,
      'new-referral',
      {
        title: 'Key in a referral',
        fields: FIELDS,
        values: form?.values ?? {},
        errors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        ...(errors.length > 0
          ? {
              errorSummary: errors.map((e) => ({
                text: e.message,
                href: `#${inputIdOf(e.field, kinds.get(e.field) ?? 'text')}`,
              })),
            }
          : {}),
        formKeyField: FORM_KEY_FIELD,
        formKey: randomUUID(),
      },
      errors.length > 0 ? 400 : 200,
    );
  };

  const post = async (ctx: SignedInContext): Promise<WebResponse> => {
    const lists = ctx.request.formLists ?? {};
    const now = deps.clock.now();
    const values = postedValues(FIELDS, lists);
    const key = ctx.request.form[FORM_KEY_FIELD];
    if (!isFormKey(key)) return page(ctx, { values, errors: [{ field: 'via', message: FORM_KEY_MESSAGE }] });
    const read = readFields(FIELDS, lists, {}, now);
    if (read.errors.length > 0) return page(ctx, { values, errors: read.errors });
    const answers = read.answers;
    const parsed = selfReferralFromForm({ submissionId: key, ...victimBody(answers), consent: true }, now);
    if (!parsed.ok) {
      const errors = parsed.errors.map((e) => ({
        field: answerFieldOf(e.field, answers),
        message: `${allFields(FIELDS).find((f) => f.name === answerFieldOf(e.field, answers))?.label ?? 'This answer'} ${e.message}`,
      }));
      return page(ctx, { values, errors });
    }
    const via = answers.via as KeyedVia;
    const { caseId } = await ingestReferral(
      parsed.referral,
      { channel: 'staff-keyed', keyed: { via, by: ctx.session.user } },
      deps,
    );
    await kit.audit(ctx, caseId, 'changed', `referral:keyed:${via}`);
    return redirect(`/cases/${encodeURIComponent(caseId)}`);
  };

  return { form: (ctx: SignedInContext) => Promise.resolve(page(ctx)), post };
}
