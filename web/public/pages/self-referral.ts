import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../../../shared/domain/calendar.ts';
import { CONTACT_METHODS, type ContactMethod } from '../../../shared/domain/contact-method.ts';
import {
  selfReferralFromForm,
  WEB_CHAT_BOOKING_WORKING_DAYS,
  webChatSlotsFor,
} from '../../../shared/domain/intake/self-referral.ts';
import type { PublicDeps, ReferralPagesDeps } from '../deps.ts';
import type { Answers, Field, Question } from '../questions.ts';
import { referralFormRoutes } from '../referral-form.ts';
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
} from '../referral-questions.ts';
import type { PublicRoute } from '../routes.ts';
import { CONTACT_METHOD_WORDS } from '../wording.ts';

const local = (iso: string) => DateTime.fromISO(iso, { zone: SERVICE_TIME_ZONE });
/** "Tuesday 15 December": a web chat's day. */
const dayText = (iso: string) => local(iso).toFormat('cccc d LLLL');
/** "10:30am": a web chat's time. */
const timeText = (iso: string) => local(iso).toFormat('h:mma').toLowerCase();
/** "Tuesday 15 December at 10:30am". */
export const slotText = (iso: string) => `${dayText(iso)} at ${timeText(iso)}`;

/**
 * The web chat slots a referral made now can book and that still have room: every slot of rule 9 (inside
 * service hours, within 5 working days), less those booked to capacity.
 */
async function freeSlots(deps: ReferralPagesDeps, now: Date): Promise<string[]> {
  const slots = webChatSlotsFor(now);
  if (slots.length === 0) return [];
  const last = slots[slots.length - 1] as Date;
  const booked = await deps.webChatSlots.bookedBetween(slots[0] as Date, new Date(last.getTime() + 1));
  return slots
    .map((slot) => slot.toISOString())
    .filter((slot) => (booked.get(slot) ?? 0) < deps.webChatSlotCapacity);
}

/** The self-referral form's questions, a page each, in order. */
function selfReferralQuestions(deps: ReferralPagesDeps): Question[] {
  const wantsChat = (answers: Answers) => answers.webChat === 'yes';
  return [
    { slug: 'name', title: 'What is your name?', fields: () => nameFields('your') },
    { slug: 'date-of-birth', title: 'What is your date of birth?', fields: () => [dateOfBirthField('your')] },
    {
      slug: 'contact',
      title: 'How would you like us to contact you?',
      fields: () => [contactMethodField('you')],
    },
    {
      slug: 'address',
      title: 'What is your address?',
      lead: ['We will send letters to this address.'],
      asked: (answers) => answers.contactMethod === 'post',
      fields: () => addressFields('required'),
    },
    {
      slug: 'contact-times',
      title: 'When is the best time to contact you?',
      fields: () => [contactTimesField('you')],
    },
    {
      slug: 'safe-contact',
      title: 'Are there any ways it is not safe for us to contact you?',
      fields: () => [safeContactField('you')],
    },
    {
      slug: 'communication-needs',
      title: 'Do you need any help to communicate with us?',
      fields: () => [communicationNeedsField('you')],
    },
    { slug: 'what-happened', title: 'What happened? (optional)', fields: () => [whatHappenedField('you')] },
    {
      slug: 'crime-type',
      title: 'Which of these is closest to what happened?',
      fields: () => [offenceField('you')],
    },
    { slug: 'area', title: 'Where do you live?', fields: () => [areaField('you')] },
    {
      slug: 'web-chat',
      title: 'Would you like to book a secure web chat?',
      resets: ['web-chat-day', 'web-chat-time'],
      fields: (): Field[] => [
        {
          kind: 'radios',
          name: 'webChat',
          key: 'Web chat',
          label: 'Would you like to book a secure web chat?',
          hint: `You can chat online with one of our team at a time that suits you, in the next ${WEB_CHAT_BOOKING_WORKING_DAYS} working days. Nobody else can join the chat.`,
          missing: 'Select yes if you would like to book a web chat',
          choices: [
            { value: 'yes', text: 'Yes, book a web chat' },
            { value: 'no', text: 'No, contact me the way I chose' },
          ],
        },
      ],
    },
    {
      slug: 'web-chat-day',
      title: 'Which day would you like your web chat?',
      resets: ['web-chat-time'],
      asked: wantsChat,
      fields: async (_answers, now): Promise<Field[]> => {
        const days = [
          ...new Set((await freeSlots(deps, now)).map((slot) => local(slot).toISODate() as string)),
        ];
        return [
          {
            kind: 'radios',
            name: 'webChatDay',
            key: 'Day',
            label: 'Which day would you like your web chat?',
            hint:
              days.length > 0
                ? 'These are the days with times still free.'
                : 'Sorry, every web chat time in the next 5 working days has been booked. Go back and choose no, and we will contact you the way you chose.',
            missing: 'Select a day for your web chat',
            describe: (day) => local(day).toFormat('cccc d LLLL'),
            choices: days.map((day) => ({ value: day, text: local(day).toFormat('cccc d LLLL') })),
          },
        ];
      },
    },
    {
      slug: 'web-chat-time',
      title: 'What time would you like your web chat?',
      asked: wantsChat,
      fields: async (answers, now): Promise<Field[]> => {
        const slots = (await freeSlots(deps, now)).filter(
          (slot) => local(slot).toISODate() === answers.webChatDay,
        );
        return [
          {
            kind: 'radios',
            name: 'webChatSlot',
            key: 'Booked for',
            label: 'What time would you like your web chat?',
            hint: `On ${typeof answers.webChatDay === 'string' ? local(answers.webChatDay).toFormat('cccc d LLLL') : 'that day'}. Each chat lasts up to 30 minutes.`,
            missing: 'Select a time for your web chat',
            describe: slotText,
            choices: slots.map((slot) => ({ value: slot, text: timeText(slot) })),
          },
        ];
      },
    },
    {
      slug: 'consent',
      title: 'Agree to us contacting you',
      lead: [
        'Victim First will keep the details you have given us safe and use them only to support you. We will not share them without asking you first, unless someone is at risk of serious harm.',
      ],
      fields: (): Field[] => [
        {
          kind: 'checkboxes',
          name: 'consent',
          key: 'Agreed',
          label: 'Do you agree?',
          missing: 'Select that you agree to us contacting you, so we can support you',
          choices: [{ value: 'yes', text: 'I agree to Victim First keeping my details and contacting me' }],
        },
      ],
    },
  ];
}

/** Where each field of the model is asked, for an error found when sending. */
const PAGE_OF: Readonly<Record<string, string>> = {
  forename: 'name',
  surname: 'name',
  dateOfBirth: 'date-of-birth',
  contactMethod: 'contact',
  callMobile: 'contact',
  homePhone: 'contact',
  textMobile: 'contact',
  email: 'contact',
  line1: 'address',
  line2: 'address',
  town: 'address',
  postcode: 'address',
  contactTimes: 'contact-times',
  unsafeChannels: 'safe-contact',
  communicationNeeds: 'communication-needs',
  whatHappened: 'what-happened',
  offence: 'crime-type',
  npa: 'area',
  webChatSlot: 'web-chat-time',
  consent: 'consent',
};

/** The web chat slot the answers chose, if they chose one. */
const chosenSlot = (answers: Answers) =>
  answers.webChat === 'yes' && typeof answers.webChatSlot === 'string' ? answers.webChatSlot : undefined;

/**
 * The self-referral form (docs/public-pages.md, "Self-referral"): a start page, a page per question,
 * "Check your answers" and a confirmation. Sending it goes through the same code as `POST /referrals/self`
 * (selfReferralFromForm, then ingestReferral): one case per draft, however often it is sent. A web chat
 * slot is booked first, by one conditional write: a slot taken since it was offered is refused with the
 * error summary, and nothing is written.
 */
export function createSelfReferralPages(
  deps: PublicDeps & { readonly referrals: ReferralPagesDeps },
): PublicRoute[] {
  const { referrals } = deps;
  return referralFormRoutes(deps, {
    form: 'self-referral',
    startTitle: 'Ask Victim First for support',
    channel: 'self-referral-form',
    questions: selfReferralQuestions(referrals),
    sections: [
      { heading: 'About you', slugs: ['name', 'date-of-birth', 'area'] },
      {
        heading: 'How we contact you',
        slugs: ['contact', 'address', 'contact-times', 'safe-contact', 'communication-needs'],
      },
      { heading: 'What happened', slugs: ['what-happened', 'crime-type'] },
      { heading: 'Web chat', slugs: ['web-chat', 'web-chat-day', 'web-chat-time'] },
      { heading: 'Agreement', slugs: ['consent'] },
    ],
    checkAnswers: { submitText: 'Send my referral' },
    parse: ({ submissionId, asked }, now) => {
      const slot = chosenSlot(asked);
      const body = {
        submissionId,
        ...victimBody(asked),
        consent: Array.isArray(asked.consent) && asked.consent.includes('yes'),
        ...(slot ? { webChatSlot: slot } : {}),
      };
      return selfReferralFromForm(body, now);
    },
    answerOf: answerFieldOf,
    pageOf: PAGE_OF,
    errorText: (answer) =>
      answer === 'webChatSlot'
        ? 'The web chat time you chose can no longer be booked. Choose another time'
        : undefined,
    refusal: async ({ submissionId, asked }) => {
      const slot = chosenSlot(asked);
      if (
        !slot ||
        (await referrals.webChatSlots.book(new Date(slot), submissionId, referrals.webChatSlotCapacity)) !==
          'full'
      )
        return [];
      return [
        {
          text: `Someone has just booked the web chat at ${slotText(slot)}. Choose another time`,
          href: '/self-referral/web-chat-day?from=check',
        },
      ];
    },
    keptAfterSending: ['contactMethod', 'webChat', 'webChatSlot'],
    confirmation: (draft) => {
      const method = draft.answers.contactMethod as ContactMethod;
      const slot = chosenSlot(draft.answers);
      return {
        slot: slot ? slotText(slot) : undefined,
        method: CONTACT_METHODS.includes(method) ? CONTACT_METHOD_WORDS[method].toLowerCase() : undefined,
      };
    },
  });
}
