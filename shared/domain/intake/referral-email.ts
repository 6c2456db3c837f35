import PostalMime from 'postal-mime';
import type { FieldError } from '../field-errors.ts';
import { validateReferral } from '../referral.ts';
import type { RiskLevel } from '../referral-codes.ts';
import { toIsoDate, toIsoInstant } from './dates.ts';
import { present, toBoolean, toCode, toCodeList } from './field-values.ts';
import {
  compactCandidate,
  type IntakeResult,
  isReferredAfterArrival,
  routeErrors,
} from './partner-referral.ts';

/**
 * The two plain-text referral e-mails (docs/intake-formats.md): a partner agency's referral and the
 * Sentinel high-risk anti-social-behaviour referral. Each carries `Label: value` lines between two marker
 * lines; anything outside the markers (greetings, signatures, disclaimers) is ignored. Values are read as
 * people write them ("Mobile telephone", "SMS text", Y/N, 18/12/2026) and then checked against the one
 * referral model, so an e-mail meets the same rules as every other route (docs/intake-formats.md).
 */

/** Limits on a referral e-mail: the whole message, one value, and the lines between the markers. */
export const REFERRAL_EMAIL_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  maxValueLength: 500,
  maxBlockLines: 200,
} as const;

/** Which of the two e-mail formats a message is, read from its subject. */
export type ReferralEmailFormat = 'partner' | 'sentinel-asb' | 'unknown';

/** The subject of a partner referral e-mail is this, a space, and the partner's reference. */
export const PARTNER_EMAIL_SUBJECT = 'Victim First referral';

/** The subject of a Sentinel referral e-mail is this, a space, and the Sentinel case reference. */
export const SENTINEL_EMAIL_SUBJECT = 'Sentinel high risk ASB referral';

/** The lines that open and close the referral in each format's body. */
export const REFERRAL_EMAIL_MARKERS = {
  partner: { start: '--- VICTIM FIRST REFERRAL ---', end: '--- END ---' },
  'sentinel-asb': { start: '--- SENTINEL ASB REFERRAL ---', end: '--- END ---' },
} as const;

/** The referrer organisation recorded on every Sentinel referral. */
export const SENTINEL_ORGANISATION = 'Sentinel (partner ASB case management)';

// The victim and contact labels both formats share, each with the referral field it fills.
const VICTIM_AND_CONTACT_LABELS = [
  ['Title', 'victim.title'],
  ['Forename', 'victim.forename'],
  ['Surname', 'victim.surname'],
  ['Date of birth', 'victim.dateOfBirth'],
  ['Age', 'victim.age'],
  ['Address line 1', 'victim.address.line1'],
  ['Address line 2', 'victim.address.line2'],
  ['Town', 'victim.address.town'],
  ['Postcode', 'victim.address.postcode'],
  ['Home phone', 'victim.phones.home'],
  ['Mobile phone', 'victim.phones.mobile'],
  ['Work phone', 'victim.phones.work'],
  ['Email', 'victim.email'],
  ['Contact method', 'contactMethod'],
  ['Unsafe channels', 'unsafeChannels'],
  ['Communication needs', 'communicationNeeds'],
  ['Consent', 'consent'],
  ['Vulnerability', 'vulnerabilities'],
  ['Enhanced category', 'enhancedCategory'],
  ['NPA', 'npa'],
  ['Summary', 'summary'],
] as const;

/** The partner e-mail's labels (matched ignoring case, spaces and hyphens), each with the field it fills. */
export const PARTNER_EMAIL_LABELS = [
  ['Reference', 'externalReference'],
  ['Referred at', 'receivedAt'],
  ['Organisation', 'referrer.organisation'],
  ['Referrer name', 'referrer.name'],
  ['Referrer email', 'referrer.email'],
  ['Referrer phone', 'referrer.phone'],
  ...VICTIM_AND_CONTACT_LABELS,
  ['Risk', 'risk'],
  ['Offence', 'offence'],
  ['Sex', 'equality.sex'],
  ['Gender reassignment', 'equality.genderReassignment'],
  ['Disability', 'equality.disability'],
  ['Ethnicity', 'equality.ethnicity'],
  ['Religion or belief', 'equality.religionOrBelief'],
  ['Sexual orientation', 'equality.sexualOrientation'],
  ['Marriage or civil partnership', 'equality.marriageOrCivilPartnership'],
  ['Pregnancy or maternity', 'equality.pregnancyOrMaternity'],
] as const;

/** The Sentinel e-mail's labels (matched ignoring case, spaces and hyphens), each with the field it fills. */
export const SENTINEL_EMAIL_LABELS = [
  ['Sentinel reference', 'externalReference'],
  ['Referred at', 'receivedAt'],
  ['Reporting officer', 'referrer.name'],
  ['Reporting officer email', 'referrer.email'],
  ['Reporting officer phone', 'referrer.phone'],
  ['Risk score', 'risk'],
  ['Incident category', 'offence'],
  ...VICTIM_AND_CONTACT_LABELS,
] as const;

/**
 * The project's defined mapping from a Sentinel risk score (0–100) to the service's risk level: 60 and
 * above is high, 30–59 medium, below 30 standard. Sentinel publishes no banding of its own; these bounds
 * were set for this service and are documented in docs/intake-formats.md.
 */
export const SENTINEL_RISK_THRESHOLDS = { high: 60, medium: 30 } as const;

/** The risk level for a Sentinel risk score, by SENTINEL_RISK_THRESHOLDS. */
export function riskFromSentinelScore(score: number): RiskLevel {
  if (score >= SENTINEL_RISK_THRESHOLDS.high) return 'high';
  if (score >= SENTINEL_RISK_THRESHOLDS.medium) return 'medium';
  return 'standard';
}

/** Sentinel's incident categories and the offence category each becomes. */
export const SENTINEL_INCIDENT_CATEGORIES = {
  personal: 'asb-personal',
  nuisance: 'asb-nuisance',
  environmental: 'asb-environmental',
} as const;

// The words people use for the seven contact methods (docs/intake-formats.md), and the model's codes.
const CONTACT_METHOD_WORDS: Readonly<Record<string, string>> = {
  'home-telephone': 'home-telephone',
  'home-phone': 'home-telephone',
  'mobile-telephone': 'mobile-telephone',
  'mobile-phone': 'mobile-telephone',
  mobile: 'mobile-telephone',
  'work-telephone': 'work-telephone',
  'work-phone': 'work-telephone',
  email: 'email',
  'e-mail': 'email',
  post: 'post',
  letter: 'post',
  sms: 'sms',
  'sms-text': 'sms',
  text: 'sms',
  'text-message': 'sms',
  'in-person': 'in-person',
  'home-visit': 'in-person',
};

// The words people use for the unsafe channels (docs/service-rules.md, rule 5).
const UNSAFE_CHANNEL_WORDS: Readonly<Record<string, string>> = {
  'voice-mail': 'voicemail',
  letters: 'letter',
  post: 'letter',
  text: 'sms',
  'sms-text': 'sms',
  'text-message': 'sms',
  'e-mail': 'email',
};

const COMMUNICATION_NEED_WORDS: Readonly<Record<string, string>> = { bsl: 'british-sign-language' };

// Yes/no equality questions are often answered Y or N.
const EQUALITY_WORDS: Readonly<Record<string, string>> = { y: 'yes', n: 'no' };

const word = (words: Readonly<Record<string, string>>) => (value: string) =>
  words[toCode(value)] ?? toCode(value);

type Format = Exclude<ReferralEmailFormat, 'unknown'>;
type LabelTable = readonly (readonly [string, string])[];

const TABLES: Record<Format, LabelTable> = {
  partner: PARTNER_EMAIL_LABELS,
  'sentinel-asb': SENTINEL_EMAIL_LABELS,
};
const SUBJECTS: Record<Format, string> = {
  partner: PARTNER_EMAIL_SUBJECT,
  'sentinel-asb': SENTINEL_EMAIL_SUBJECT,
};
const REFERENCE_LABELS: Record<Format, string> = {
  partner: 'Reference',
  'sentinel-asb': 'Sentinel reference',
};
const REFERRER_LABELS: Record<Format, string> = {
  partner: 'Organisation',
  'sentinel-asb': 'Reporting officer',
};
const FORMAT_NAMES: Record<Format, string> = {
  partner: 'Victim First referral',
  'sentinel-asb': 'Sentinel ASB referral',
};

/** "Date of birth", "date-of-birth" and "DATE OF BIRTH" are one label. */
const labelKey = (label: string) => label.toLowerCase().replace(/[\s_-]+/g, '');

// A label as written is echoed as the field name when it is unknown, so cap its length.
const MAX_LABEL_ECHO = 60;

interface Block {
  /** Raw values by the referral field they fill. */
  readonly values: Map<string, string>;
  readonly errors: FieldError[];
}

const fail = (field: string, message: string): IntakeResult => ({ ok: false, errors: [{ field, message }] });

/** Reads the `Label: value` lines between a format's markers; line numbers count from the body's first line. */
function readBlock(text: string, format: Format): Block {
  const { start, end } = REFERRAL_EMAIL_MARKERS[format];
  const table = TABLES[format];
  const byKey = new Map(table.map(([label, field]) => [labelKey(label), { label, field }]));
  const values = new Map<string, string>();
  const errors: FieldError[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  const isLine = (marker: string) => (line: string) => line.trim().toLowerCase() === marker.toLowerCase();
  const starts = lines.flatMap((line, i) => (isLine(start)(line) ? [i] : []));
  const first = starts[0];
  if (first === undefined) {
    errors.push({
      field: 'body',
      message: `has no line "${start}": the referral goes between "${start}" and "${end}"`,
    });
    return { values, errors };
  }
  if (starts.length > 1) {
    errors.push({
      field: 'body',
      message: `has more than one "${start}" line: send one referral per e-mail`,
    });
    return { values, errors };
  }
  const last = lines.findIndex((line, i) => i > first && isLine(end)(line));
  if (last === -1) {
    errors.push({ field: 'body', message: `has no line "${end}" after "${start}"` });
    return { values, errors };
  }
  if (last - first - 1 > REFERRAL_EMAIL_LIMITS.maxBlockLines) {
    errors.push({
      field: 'body',
      message: `has more than ${REFERRAL_EMAIL_LIMITS.maxBlockLines} lines between the markers`,
    });
    return { values, errors };
  }
  const seen = new Set<string>();
  for (let i = first + 1; i < last; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const written = colon === -1 ? '' : line.slice(0, colon).trim();
    if (written === '') {
      errors.push({ field: `body line ${i + 1}`, message: 'is not written as "Label: value"' });
      continue;
    }
    const entry = byKey.get(labelKey(written));
    if (!entry) {
      const field = written.length > MAX_LABEL_ECHO ? `${written.slice(0, MAX_LABEL_ECHO)}…` : written;
      errors.push({ field, message: `is not a label of the ${FORMAT_NAMES[format]} e-mail` });
      continue;
    }
    if (seen.has(entry.label)) {
      errors.push({ field: entry.label, message: 'appears more than once' });
      continue;
    }
    seen.add(entry.label);
    const value = line.slice(colon + 1).trim();
    if (value.length > REFERRAL_EMAIL_LIMITS.maxValueLength) {
      errors.push({
        field: entry.label,
        message: `is longer than ${REFERRAL_EMAIL_LIMITS.maxValueLength} characters`,
      });
    } else if (value.includes('\uFFFD')) {
      errors.push({ field: entry.label, message: 'contains bytes that could not be read as text' });
    } else if (value !== '') {
      values.set(entry.field, value);
    }
  }
  return { values, errors };
}

/** The referral candidate from a block's values; `own` collects errors the model cannot name. */
function candidateFrom(
  format: Format,
  values: Map<string, string>,
  reference: string,
  receivedAt: Date,
  own: FieldError[],
) {
  const get = (field: string) => present(values.get(field));
  const read = <T>(field: string, convert: (value: string) => T) => {
    const value = get(field);
    return value === undefined ? undefined : convert(value);
  };
  const hasAddress = ['line1', 'line2', 'town', 'postcode'].some((part) => get(`victim.address.${part}`));
  const age = get('victim.age');
  let risk = read('risk', toCode);
  let offence = read('offence', toCode);
  if (format === 'sentinel-asb') {
    const score = get('risk');
    if (score === undefined) own.push({ field: 'Risk score', message: 'is required' });
    else if (!/^\d{1,3}$/.test(score) || Number(score) > 100) {
      own.push({ field: 'Risk score', message: 'must be a whole number from 0 to 100' });
    }
    risk =
      score !== undefined && /^\d{1,3}$/.test(score) && Number(score) <= 100
        ? riskFromSentinelScore(Number(score))
        : '';
    const category = offence?.replace(/^asb-/, '');
    offence =
      category !== undefined && Object.hasOwn(SENTINEL_INCIDENT_CATEGORIES, category)
        ? SENTINEL_INCIDENT_CATEGORIES[category as keyof typeof SENTINEL_INCIDENT_CATEGORIES]
        : '';
    if (category === undefined) own.push({ field: 'Incident category', message: 'is required' });
    else if (offence === '')
      own.push({ field: 'Incident category', message: 'must be Personal, Nuisance or Environmental' });
  }
  return compactCandidate({
    source: format === 'partner' ? 'partner' : 'sentinel-asb',
    externalReference: reference,
    receivedAt: read('receivedAt', toIsoInstant) ?? receivedAt.toISOString(),
    referrer: {
      organisation: format === 'partner' ? (get('referrer.organisation') ?? '') : SENTINEL_ORGANISATION,
      name: get('referrer.name'),
      email: get('referrer.email'),
      phone: get('referrer.phone'),
    },
    victim: {
      title: get('victim.title'),
      forename: get('victim.forename') ?? '',
      surname: get('victim.surname') ?? '',
      dateOfBirth: read('victim.dateOfBirth', toIsoDate),
      age: age === undefined ? undefined : /^\d{1,3}$/.test(age) ? Number(age) : age,
      address: hasAddress
        ? {
            line1: get('victim.address.line1') ?? '',
            line2: get('victim.address.line2'),
            town: get('victim.address.town') ?? '',
            postcode: get('victim.address.postcode') ?? '',
          }
        : undefined,
      phones: {
        home: get('victim.phones.home'),
        mobile: get('victim.phones.mobile'),
        work: get('victim.phones.work'),
      },
      email: get('victim.email'),
    },
    contactMethod: read('contactMethod', (value) => CONTACT_METHOD_WORDS[toCode(value)] ?? value),
    consent: read('consent', toBoolean),
    risk: risk ?? '',
    vulnerabilities: read('vulnerabilities', toCodeList),
    enhancedCategory: read('enhancedCategory', toCode),
    offence: offence ?? '',
    npa: read('npa', toCode) ?? '',
    unsafeChannels: read('unsafeChannels', (value) => toCodeList(value).map(word(UNSAFE_CHANNEL_WORDS))),
    communicationNeeds: read('communicationNeeds', (value) =>
      toCodeList(value).map(word(COMMUNICATION_NEED_WORDS)),
    ),
    equality: Object.fromEntries(
      [...values.keys()]
        .filter((field) => field.startsWith('equality.'))
        .map((field) => [field.slice('equality.'.length), read(field, word(EQUALITY_WORDS))]),
    ),
    summary: get('summary'),
  });
}

/** Reads one format's referral from the message's subject reference and plain-text body. */
function referralFrom(
  format: Format,
  subjectReference: string | undefined,
  text: string,
  receivedAt: Date,
): IntakeResult {
  const table = TABLES[format];
  const labelFor = new Map<string, string>(table.map(([label, field]) => [field, label]));
  const block = readBlock(text, format);
  if (block.errors.some((e) => e.field === 'body')) return { ok: false, errors: block.errors };
  const referenceLabel = REFERENCE_LABELS[format];
  const bodyReference = present(block.values.get('externalReference'));
  const own: FieldError[] = [...block.errors];
  if (
    bodyReference !== undefined &&
    subjectReference !== undefined &&
    bodyReference.toUpperCase() !== subjectReference.toUpperCase()
  ) {
    own.push({ field: referenceLabel, message: 'does not match the reference in the subject' });
  }
  const reference = bodyReference ?? subjectReference;
  if (reference === undefined)
    own.push({ field: 'subject', message: "must end with the referral's reference" });
  const candidate = candidateFrom(format, block.values, reference ?? '', receivedAt, own);
  const referredAt = block.values.get('receivedAt');
  if (referredAt !== undefined && isReferredAfterArrival(referredAt, receivedAt)) {
    own.push({ field: 'Referred at', message: 'is later than the time the referral arrived' });
  }

  // Names a model path by the label that filled it (`vulnerabilities.2` → Vulnerability).
  const rename = (field: string): string => {
    if (field === 'externalReference') return bodyReference === undefined ? 'subject' : referenceLabel;
    if (field === '(referral)') return 'body';
    if (field === 'referrer') return REFERRER_LABELS[format];
    if (field === 'victim.address') return 'Address line 1';
    for (let path = field; path; path = path.slice(0, Math.max(path.lastIndexOf('.'), 0))) {
      const label = labelFor.get(path);
      if (label) return label;
    }
    return field;
  };
  const result = validateReferral(candidate);
  const modelErrors = result.ok ? [] : routeErrors(result.errors, rename);
  // Errors found while reading come first; the model's error for a field already named adds nothing.
  const errors = routeErrors([...own, ...modelErrors], (field) => field);
  return errors.length > 0 ? { ok: false, errors } : result;
}

/** The format a subject names and the reference after it; replies and forwards (RE:, FW:) match neither. */
function formatOf(subject: string): { format: Format; reference: string | undefined } | undefined {
  for (const format of ['partner', 'sentinel-asb'] as const) {
    const prefix = SUBJECTS[format];
    const trimmed = subject.trim();
    if (trimmed.toLowerCase() === prefix.toLowerCase()) return { format, reference: undefined };
    if (trimmed.toLowerCase().startsWith(`${prefix.toLowerCase()} `)) {
      return { format, reference: present(trimmed.slice(prefix.length)) };
    }
  }
  return undefined;
}

// A boundary that cannot occur in base64 ('_' is not in its alphabet), so no HTML can end the part early.
const HTML_BOUNDARY = 'vf_html_only_message';

/**
 * The text of an HTML-only message (some mail clients send no plain-text part). postal-mime turns HTML into
 * text only where a message also has a plain-text part, so the HTML is read again beside an empty one: the
 * library's own conversion, with its line breaks for paragraphs and its decoding of every entity.
 */
async function textOfHtml(html: string): Promise<string> {
  const message = [
    `Content-Type: multipart/mixed; boundary="${HTML_BOUNDARY}"`,
    '',
    `--${HTML_BOUNDARY}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    '',
    `--${HTML_BOUNDARY}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(html, 'utf8').toString('base64'),
    `--${HTML_BOUNDARY}--`,
    '',
  ].join('\r\n');
  try {
    return (await PostalMime.parse(message)).text ?? '';
  } catch {
    return '';
  }
}

/**
 * Reads a referral e-mail (a raw RFC 822 message) as a partner or Sentinel referral, chosen by its subject.
 * Never throws: an unreadable message, an unknown subject or a bad line is an error naming `(message)`,
 * `subject`, `body`, `body line N` or the label concerned. Messages never echo what was written.
 */
export async function parseReferralEmail(
  raw: string | Uint8Array,
  receivedAt: Date,
): Promise<{ format: ReferralEmailFormat; result: IntakeResult }> {
  const { maxBytes } = REFERRAL_EMAIL_LIMITS;
  const size =
    typeof raw === 'string'
      ? raw.length > maxBytes
        ? raw.length
        : new TextEncoder().encode(raw).byteLength
      : raw.byteLength;
  if (size > maxBytes) {
    return { format: 'unknown', result: fail('(message)', `is larger than ${maxBytes / 1024 / 1024} MiB`) };
  }
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw);
  } catch {
    return { format: 'unknown', result: fail('(message)', 'cannot be read as an e-mail message') };
  }
  const subject = email.subject?.trim();
  if (!subject) return { format: 'unknown', result: fail('subject', 'is missing') };
  const recognised = formatOf(subject);
  if (!recognised) {
    return {
      format: 'unknown',
      result: fail(
        'subject',
        `must start "${PARTNER_EMAIL_SUBJECT}" or "${SENTINEL_EMAIL_SUBJECT}", then the reference`,
      ),
    };
  }
  const { format, reference } = recognised;
  // The plain-text part, or text made from the HTML part when there is none (docs/intake-formats.md).
  const text = email.text ?? (email.html === undefined ? '' : await textOfHtml(email.html));
  if (text.trim() === '') return { format, result: fail('body', 'has no text') };
  return { format, result: referralFrom(format, reference, text, receivedAt) };
}
