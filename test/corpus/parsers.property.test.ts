import fc from 'fast-check';
import { describe, it } from 'vitest';
import { InvalidDurationError, parseDuration } from '../../local/system/virtual-clock.ts';
import {
  partnerReferralFromJson,
  partnerReferralFromText,
} from '../../shared/domain/intake/partner-referral.ts';
import {
  InvalidDownloadError,
  POLICE_COLUMNS,
  type PoliceColumn,
  parsePoliceDownload,
  type RowOutcome,
} from '../../shared/domain/intake/police-download.ts';
import { parseReferralEmail } from '../../shared/domain/intake/referral-email.ts';
import { selfReferralFromForm } from '../../shared/domain/intake/self-referral.ts';
import { InvalidPhoneNumberError, parsePhoneNumber } from '../../shared/domain/phone.ts';
import {
  COMMUNICATION_NEEDS,
  NEIGHBOURHOOD_POLICING_AREAS,
  OFFENCE_CATEGORIES,
  RISK_LEVELS,
  VULNERABILITY_FACTORS,
} from '../../shared/domain/referral-codes.ts';
import { InvalidQuarterError, parseQuarter, quarterOf } from '../../shared/domain/reporting/quarters.ts';
import {
  BookingSchema,
  FollowUpSchema,
  SATISFACTION,
  VisitSchema,
  validateWith,
} from '../../shared/domain/target-hardening.ts';
import { validateThReferral } from '../../shared/domain/target-hardening-referral.ts';
import { TASK_TYPES, type TaskType, validateOutcome } from '../../shared/domain/task.ts';
import { DEFAULT_SESSION_POLICY, type Session, SessionCodec } from '../../web/session.ts';
import {
  aPartnerEmail,
  aPartnerReferralBody,
  aPoliceDownload,
  aPoliceRow,
  aSelfReferralBody,
  aThReferral,
  csvCell,
  POLICE_HEADER,
  RECEIVED_AT,
} from '../fixtures/referrals.ts';

// Property-based fuzzing of every parser at the doors (the bad-input corpus): on arbitrary input — text, bytes, JSON
// values, valid inputs with one part replaced — each answers a value or its named errors and never throws
// anything but its documented error; every error names a field and never repeats what was sent; and valid
// inputs generated at random are accepted and read back as sent.

const RUNS = { numRuns: 200 } as const;
const ASYNC_RUNS = { numRuns: 100 } as const;

type Errors = ReadonlyArray<{ readonly field: string; readonly message: string }>;

/** Every error names a field and says something. */
const named = (errors: Errors) =>
  errors.length > 0 && errors.every((e) => e.field.trim().length > 0 && e.message.trim().length > 0);

/** A value no message could contain by chance: a message that holds it repeated what was sent. */
const marker = fc.stringMatching(/^[A-Za-z]{4}[0-9]{4}[A-Za-z]{4}$/).map((s) => `Zq${s}`);

/** Text of every kind: any code unit (lone surrogates too), markup, formulas, control characters. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '=HYPERLINK("http://x.example","x")',
    '+1',
    '-1',
    '@A1',
    '\u0000',
    '',
  ),
);

/** Any JSON value, or any string. */
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyText);

/** Every path to a value inside a JSON object (keys and list positions). */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...at, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(child, path)];
  });
}

/** A copy of `value` with the value at `path` replaced. */
function replaced(value: unknown, path: readonly (string | number)[], by: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let into = copy;
  for (const key of path.slice(0, -1)) into = into[key] as Record<string | number, unknown>;
  into[path.at(-1) as string | number] = by;
  return copy;
}

/** A valid object with one of its values (at any depth) replaced by an arbitrary one. */
const mutated = (valid: Record<string, unknown>, by: fc.Arbitrary<unknown> = anyValue) =>
  fc.tuple(fc.constantFrom(...pathsOf(valid)), by).map(([path, value]) => replaced(valid, path, value));

// Valid values, generated.
const nameArb = fc
  .tuple(fc.stringMatching(/^[A-Z][a-z]{1,12}$/), fc.constantFrom('', '-Smith', "'Neill", ' Mary'))
  .map(([a, b]) => `${a}${b}`);
const postcodeArb = fc.constantFrom('LE1 1ZZ', 'LE11 6ZZ', 'le2 7zz', 'LE651ZZ', 'LE15 6ZZ', 'LE4 9ZZ');
const dramaMobile = fc.integer({ min: 0, max: 999 }).map((n) => `07700 900${String(n).padStart(3, '0')}`);
const dramaLandline = fc.integer({ min: 0, max: 999 }).map((n) => `0116 496 0${String(n).padStart(3, '0')}`);
const referenceArb = fc.stringMatching(/^[A-Z]{2,4}-[0-9]{4}-[0-9]{1,6}$/);

describe('the police download parser', () => {
  const columns = new Set<string>([...POLICE_COLUMNS.map(([column]) => column), '(row)']);
  const wellFormed = (outcomes: readonly RowOutcome[]) =>
    outcomes.every(
      (o, i) =>
        o.row >= 2 &&
        (i === 0 || o.row > (outcomes[i - 1] as RowOutcome).row) &&
        (o.kind !== 'rejected' || (named(o.errors) && o.errors.every((e) => columns.has(e.field)))),
    );
  const readsOrRefuses = (content: string | Uint8Array) => {
    try {
      return wellFormed(parsePoliceDownload(content));
    } catch (error) {
      return error instanceof InvalidDownloadError && ['file', 'header'].includes(error.field);
    }
  };

  it('reads any text, or refuses the file naming file or header, and throws nothing else', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), readsOrRefuses), RUNS);
  });

  it('reads any bytes (not UTF-8 too), or refuses the file, and throws nothing else', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), readsOrRefuses), RUNS);
  });

  it('reads any rows under the header, each a referral, declined, or rejected naming a column', () => {
    const line = fc.oneof(
      fc
        .array(fc.oneof(anyText, fc.constantFrom('"', '""', ',', 'Y', 'N')), { maxLength: 40 })
        .map((c) => c.join(',')),
      anyText,
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (lines, eol) =>
        readsOrRefuses([POLICE_HEADER, ...lines].join(eol)),
      ),
      RUNS,
    );
  });

  it('rejects a row with any one cell replaced only by itself: the good rows either side are still taken', () => {
    const lineBreaks = (s: string) => (s.match(/\r\n|\r|\n/g) ?? []).length;
    fc.assert(
      fc.property(
        fc.constantFrom(...POLICE_COLUMNS.map(([column]) => column)),
        anyText.filter((s) => lineBreaks(s) < 4),
        (column: PoliceColumn, value) => {
          const outcomes = parsePoliceDownload(
            aPoliceDownload([
              aPoliceRow({ crime_reference: 'LP-1' }),
              aPoliceRow({ crime_reference: 'LP-2', [column]: value }),
              aPoliceRow({ crime_reference: 'LP-3' }),
            ]),
          );
          const [first, middle, last] = outcomes;
          return (
            outcomes.length === 3 &&
            first?.kind === 'referral' &&
            last?.kind === 'referral' &&
            middle?.row === 3 &&
            wellFormed(outcomes)
          );
        },
      ),
      RUNS,
    );
  });

  it('takes any valid row generated, reading back what was written', () => {
    const row = fc.record({
      crime_reference: referenceArb,
      forename: nameArb,
      surname: nameArb,
      postcode: postcodeArb,
      mobile_phone: dramaMobile,
      contact_method: fc.constantFrom('Mobile telephone', 'SMS text', 'Post', 'In person', 'Home telephone'),
      risk_level: fc.constantFrom('Standard', 'MEDIUM', 'high'),
      offence: fc.constantFrom(...OFFENCE_CATEGORIES).map((code) => code.replaceAll('-', ' ')),
      npa: fc.constantFrom(...NEIGHBOURHOOD_POLICING_AREAS).map((code) => code.toUpperCase()),
    });
    fc.assert(
      fc.property(row, (cells) => {
        const [outcome] = parsePoliceDownload(aPoliceDownload([aPoliceRow(cells)]));
        return (
          outcome?.kind === 'referral' &&
          outcome.referral.externalReference === cells.crime_reference &&
          outcome.referral.victim.forename === cells.forename &&
          outcome.referral.victim.address?.postcode ===
            cells.postcode.toUpperCase().replace(/^(.+?)\s*(\d[A-Z]{2})$/, '$1 $2')
        );
      }),
      RUNS,
    );
  });

  it('writes every error message without the value that was sent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...POLICE_COLUMNS.map(([column]) => column)), marker, (column, value) => {
        const [outcome] = parsePoliceDownload(aPoliceDownload([aPoliceRow({ [column]: value })]));
        return outcome?.kind !== 'rejected' || outcome.errors.every((e) => !e.message.includes(value));
      }),
      RUNS,
    );
  });

  it('reads a header in any order of its columns', () => {
    const ordered = POLICE_COLUMNS.map(([column]) => column);
    fc.assert(
      fc.property(fc.shuffledSubarray(ordered, { minLength: ordered.length }), (columns) => {
        const row = aPoliceRow();
        const text = `${columns.join(',')}\r\n${columns.map((c) => csvCell(row[c])).join(',')}\r\n`;
        return parsePoliceDownload(text)[0]?.kind === 'referral';
      }),
      RUNS,
    );
  });
});

describe('the partner referral parser (JSON)', () => {
  const answers = (result: ReturnType<typeof partnerReferralFromJson>) => result.ok || named(result.errors);

  it('answers any text with a referral or named errors, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) =>
        answers(partnerReferralFromText(t, RECEIVED_AT)),
      ),
      RUNS,
    );
  });

  it('answers any JSON value with named errors', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => answers(partnerReferralFromJson(body, RECEIVED_AT))),
      RUNS,
    );
  });

  it('answers a valid body with any one value replaced, naming a field, never echoing the value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...pathsOf(aPartnerReferralBody())),
        marker,
        anyValue,
        (path, mark, value) => {
          const withMark = partnerReferralFromJson(replaced(aPartnerReferralBody(), path, mark), RECEIVED_AT);
          const withValue = partnerReferralFromJson(
            replaced(aPartnerReferralBody(), path, value),
            RECEIVED_AT,
          );
          return (
            answers(withValue) &&
            answers(withMark) &&
            (withMark.ok || withMark.errors.every((e) => !e.message.includes(mark)))
          );
        },
      ),
      RUNS,
    );
  });

  it('accepts any valid body generated, reading back what was sent', () => {
    const body = fc.record({
      reference: referenceArb,
      forename: nameArb,
      surname: nameArb,
      postcode: postcodeArb,
      mobile: dramaMobile,
      risk: fc.constantFrom(...RISK_LEVELS),
      offence: fc.constantFrom(...OFFENCE_CATEGORIES),
      npa: fc.constantFrom(...NEIGHBOURHOOD_POLICING_AREAS),
      vulnerabilities: fc.uniqueArray(fc.constantFrom(...VULNERABILITY_FACTORS)),
      needs: fc.uniqueArray(fc.constantFrom(...COMMUNICATION_NEEDS)),
    });
    fc.assert(
      fc.property(body, (b) => {
        const result = partnerReferralFromJson(
          aPartnerReferralBody({
            reference: b.reference,
            victim: {
              forename: b.forename,
              surname: b.surname,
              address: { line1: '1 Test Road', town: 'Leicester', postcode: b.postcode },
              phones: { mobile: b.mobile },
            },
            risk: b.risk,
            offence: b.offence,
            npa: b.npa,
            vulnerabilities: b.vulnerabilities,
            communicationNeeds: b.needs,
          }),
          RECEIVED_AT,
        );
        return (
          result.ok &&
          result.referral.externalReference === b.reference &&
          result.referral.victim.surname === b.surname &&
          result.referral.risk === b.risk &&
          result.referral.victim.phones.mobile?.kind === 'mobile' &&
          result.referral.vulnerabilities.length === b.vulnerabilities.length
        );
      }),
      RUNS,
    );
  });
});

describe('the self-referral form parser', () => {
  const answers = (result: ReturnType<typeof selfReferralFromForm>) => result.ok || named(result.errors);

  it('answers any JSON value with named errors', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => answers(selfReferralFromForm(body, RECEIVED_AT))),
      RUNS,
    );
  });

  it('answers a valid form with any one value replaced, naming a field, never echoing the value', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pathsOf(aSelfReferralBody())), marker, anyValue, (path, mark, value) => {
        const withMark = selfReferralFromForm(replaced(aSelfReferralBody(), path, mark), RECEIVED_AT);
        const withValue = selfReferralFromForm(replaced(aSelfReferralBody(), path, value), RECEIVED_AT);
        return (
          answers(withValue) &&
          answers(withMark) &&
          (withMark.ok || withMark.errors.every((e) => !e.message.includes(mark)))
        );
      }),
      RUNS,
    );
  });

  it('accepts any valid form generated, with any web chat slot it offers', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        nameArb,
        nameArb,
        fc.integer({ min: 1, max: 60 }),
        (id, forename, surname, n) => {
          // Tuesday 15 December 2026 10:00: slots run on the half hour from 10:30, inside service hours.
          const slot = new Date(Date.UTC(2026, 11, 15, 10, 30) + ((n - 1) % 15) * 30 * 60_000);
          const result = selfReferralFromForm(
            aSelfReferralBody({ submissionId: id, forename, surname, webChatSlot: slot.toISOString() }),
            RECEIVED_AT,
          );
          return (
            result.ok &&
            result.referral.externalReference === id.toLowerCase() &&
            result.referral.victim.forename === forename
          );
        },
      ),
      RUNS,
    );
  });
});

describe('the referral e-mail parser', () => {
  const answers = async (raw: string | Uint8Array) => {
    const { result } = await parseReferralEmail(raw, RECEIVED_AT);
    return result.ok || named(result.errors);
  };

  it('answers any text with named errors, never a rejection', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), answers), ASYNC_RUNS);
  });

  it('answers any bytes with named errors, never a rejection', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), answers), ASYNC_RUNS);
  });

  it('answers a valid e-mail with any one label given any value, never echoing the value', async () => {
    const labels = [
      'Reference',
      'Forename',
      'Surname',
      'Postcode',
      'Mobile phone',
      'Contact method',
      'Consent',
      'Risk',
      'NPA',
      'Referred at',
      'Date of birth',
      'Shoe size',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...labels),
        marker,
        anyText.map((s) => s.replace(/[\r\n]/g, ' ')),
        async (label, mark, value) => {
          const withMark = (await parseReferralEmail(aPartnerEmail({ [label]: mark }), RECEIVED_AT)).result;
          return (
            (await answers(aPartnerEmail({ [label]: value }))) &&
            (withMark.ok ||
              (named(withMark.errors) && withMark.errors.every((e) => !e.message.includes(mark))))
          );
        },
      ),
      ASYNC_RUNS,
    );
  });

  it('accepts any valid e-mail generated, in any transfer encoding, reading back what was sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        nameArb,
        postcodeArb,
        dramaMobile,
        fc.constantFrom('8bit', 'quoted-printable', 'base64') as fc.Arbitrary<
          '8bit' | 'quoted-printable' | 'base64'
        >,
        async (surname, postcode, mobile, encoding) => {
          const { result } = await parseReferralEmail(
            aPartnerEmail({ Surname: surname, Postcode: postcode, 'Mobile phone': mobile }, { encoding }),
            RECEIVED_AT,
          );
          return result.ok && result.referral.victim.surname === surname;
        },
      ),
      ASYNC_RUNS,
    );
  });
});

describe('the target-hardening referral schema', () => {
  const sample = aThReferral({ referrer: { name: 'Dee Specimen', email: 'dee.specimen@example.org' } });
  const answers = (candidate: unknown) => {
    const result = validateThReferral(candidate);
    return result.ok || named(result.errors);
  };

  it('answers any JSON value, and a valid referral with any one value replaced, with named errors', () => {
    fc.assert(fc.property(fc.jsonValue(), answers), RUNS);
    fc.assert(fc.property(mutated(sample), answers), RUNS);
  });

  it('names an unknown key by its own path, at any depth', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([], ['referrer'], ['victim'], ['victim', 'address']),
        fc.stringMatching(/^[a-z]{3,12}$/),
        (at, key) => {
          fc.pre(
            ![
              'name',
              'email',
              'title',
              'forename',
              'surname',
              'address',
              'phone',
              'line1',
              'line2',
              'town',
              'postcode',
              'service',
              'reference',
              'referrer',
              'victim',
              'vulnerabilities',
              'urgency',
              'consentToFeedback',
            ].includes(key),
          );
          const body = structuredClone(sample) as Record<string, unknown>;
          let into = body;
          for (const part of at) into = into[part] as Record<string, unknown>;
          into[key] = 'x';
          const result = validateThReferral(body);
          return !result.ok && result.errors.some((e) => e.field === [...at, key].join('.'));
        },
      ),
      RUNS,
    );
  });

  it('accepts any valid referral generated', () => {
    fc.assert(
      fc.property(
        nameArb,
        postcodeArb,
        fc.oneof(dramaMobile, dramaLandline),
        fc.constantFrom('standard', 'emergency'),
        (surname, postcode, phone, urgency) => {
          const result = validateThReferral({
            ...sample,
            victim: { ...sample.victim, surname, phone, address: { ...sample.victim.address, postcode } },
            urgency,
          });
          return (
            result.ok &&
            result.referral.victim.surname === surname &&
            result.referral.victim.phone.startsWith('+44')
          );
        },
      ),
      RUNS,
    );
  });
});

describe('the contractor’s booking, visit and follow-up schemas', () => {
  const valid = {
    booking: { outcome: 'booked', visitAt: '2026-12-17T14:30:00Z' },
    visit: {
      outcome: 'visited',
      assessmentScore: 5,
      items: [{ product: 'Door chain', quantity: 1, unitCostPence: 1250, approvedStandard: true }],
      survey: 'satisfied',
      notes: 'Fitted.',
    },
    followUp: { outcome: 'spoke-to-victim', stillSecure: true, satisfaction: 'satisfied' },
  };
  const schemas = { booking: BookingSchema, visit: VisitSchema, followUp: FollowUpSchema } as const;

  it.each(Object.keys(schemas) as (keyof typeof schemas)[])(
    '%s: answers any value with named errors, never a throw',
    (name) => {
      const answers = (candidate: unknown) => {
        const result = validateWith(schemas[name], candidate);
        return result.ok || named(result.errors);
      };
      fc.assert(fc.property(fc.jsonValue(), answers), RUNS);
      fc.assert(fc.property(mutated(valid[name]), answers), RUNS);
    },
  );

  it('accepts any valid visit generated', () => {
    const itemArb = fc.record({
      product: fc.stringMatching(/^[A-Z][a-z]{2,20}( lock| chain)?$/),
      quantity: fc.integer({ min: 1, max: 20 }),
      unitCostPence: fc.integer({ min: 0, max: 100_000 }),
      approvedStandard: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.array(itemArb, { maxLength: 20 }),
        fc.constantFrom(...SATISFACTION, 'declined'),
        (assessmentScore, items, survey) =>
          validateWith(VisitSchema, { outcome: 'visited', assessmentScore, items, survey }).ok,
      ),
      RUNS,
    );
  });

  it('accepts any valid follow-up and booking generated', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom(...SATISFACTION),
        fc.date({ min: new Date('2026-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        (stillSecure, satisfaction, at) =>
          validateWith(FollowUpSchema, { outcome: 'spoke-to-victim', stillSecure, satisfaction }).ok &&
          validateWith(BookingSchema, { outcome: 'booked', visitAt: at.toISOString() }).ok,
      ),
      RUNS,
    );
  });
});

describe('the task outcome schemas', () => {
  it.each(TASK_TYPES.map((type) => [type]))(
    '%s: answers any value with named errors, never a throw',
    (type: TaskType) => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.jsonValue(),
            fc.dictionary(
              fc.constantFrom('outcome', 'notes', 'firstContact', 'onwardService', 'appointmentAt', 'extra'),
              anyValue,
            ),
          ),
          (body) => {
            const result = validateOutcome(type, body);
            return result.ok || named(result.errors);
          },
        ),
        RUNS,
      );
    },
  );
});

describe('the telephone number parser', () => {
  it('answers any text with a number or InvalidPhoneNumberError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^[+()\d\s.-]{6,25}$/)), (text) => {
        try {
          const phone = parsePhoneNumber(text);
          return /^\+\d{6,15}$/.test(phone.e164) && ['mobile', 'landline'].includes(phone.kind);
        } catch (error) {
          return error instanceof InvalidPhoneNumberError && error.message.length > 0;
        }
      }),
      RUNS,
    );
  });

  it('reads any drama-range mobile and Leicester landline, as written by people, back to the same E.164', () => {
    const written = (digits: string) =>
      fc.constantFrom(
        digits,
        digits.replaceAll(' ', ''),
        `+44 ${digits.slice(1)}`,
        digits.replace(/^(\d+) /, '($1) '),
      );
    fc.assert(
      fc.property(
        fc.oneof(dramaMobile, dramaLandline).chain((d) => fc.tuple(fc.constant(d), written(d))),
        ([digits, as]) => {
          const phone = parsePhoneNumber(as);
          return (
            phone.e164 === `+44${digits.replaceAll(' ', '').slice(1)}` &&
            phone.kind === (digits.startsWith('07') ? 'mobile' : 'landline') &&
            parsePhoneNumber(phone.e164).e164 === phone.e164
          );
        },
      ),
      RUNS,
    );
  });
});

describe('the quarter parser', () => {
  it('answers any text with a quarter or InvalidQuarterError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^\d{4}\/\d{2}-Q\d$/)), (text) => {
        try {
          const quarter = parseQuarter(text);
          return quarter.from.getTime() < quarter.to.getTime();
        } catch (error) {
          return error instanceof InvalidQuarterError;
        }
      }),
      RUNS,
    );
  });

  it('reads every quarter back to its own name, three months long, the quarter of its own first day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2200 }), fc.integer({ min: 1, max: 4 }), (year, n) => {
        const name = `${year}/${String((year + 1) % 100).padStart(2, '0')}-Q${n}`;
        const quarter = parseQuarter(name);
        const days = (quarter.to.getTime() - quarter.from.getTime()) / 86_400_000;
        return quarter.name === name && quarterOf(quarter.from).name === name && days >= 89 && days <= 93;
      }),
      RUNS,
    );
  });
});

describe('the duration parser (vf clock advance, POST /clock/advance)', () => {
  const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

  it('answers any text with milliseconds or InvalidDurationError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, fc.stringMatching(/^(\d{1,3} ?[smhdwx]){1,3}$/)), (text) => {
        try {
          const ms = parseDuration(text);
          return Number.isFinite(ms) && ms >= 0;
        } catch (error) {
          return error instanceof InvalidDurationError;
        }
      }),
      RUNS,
    );
  });

  it('adds up any duration written as parts', () => {
    const part = fc.tuple(
      fc.integer({ min: 0, max: 999 }),
      fc.constantFrom(...(Object.keys(UNIT_MS) as (keyof typeof UNIT_MS)[])),
    );
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('', ' '),
        (parts, gap) =>
          parseDuration(parts.map(([n, unit]) => `${n}${unit}`).join(gap)) ===
          parts.reduce((sum, [n, unit]) => sum + n * UNIT_MS[unit], 0),
      ),
      RUNS,
    );
  });
});

describe('the session cookie', () => {
  const codec = new SessionCodec(Buffer.alloc(32, 7), { ...DEFAULT_SESSION_POLICY, secureCookie: false });
  const now = new Date('2026-12-15T10:00:00Z');
  const session = (user: string, issuedAgo: number, seenAgo: number): Session => ({
    sid: 's'.repeat(43),
    user,
    name: 'Alex Example',
    roles: ['caseworker'],
    csrf: 'c'.repeat(32),
    issuedAt: now.getTime() - issuedAgo,
    seenAt: now.getTime() - seenAgo,
  });

  it('reads any forged text or bytes as no session, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        (value) => codec.decode(value, now) === undefined,
      ),
      RUNS,
    );
  });

  it('reads any cookie changed in one character as no session', () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...'ABCabc012-_.='), (at, ch) => {
        const cookie = codec.encode(session('caseworker.one', 0, 0));
        const i = at % cookie.length;
        fc.pre(cookie[i] !== ch);
        return codec.decode(`${cookie.slice(0, i)}${ch}${cookie.slice(i + 1)}`, now) === undefined;
      }),
      RUNS,
    );
  });

  it('reads back any session inside its time, and none past the idle or working-day limit', () => {
    const { idleMs, absoluteMs } = DEFAULT_SESSION_POLICY;
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,12}\.[a-z]{1,12}$/),
        fc.integer({ min: 0, max: 2 * absoluteMs }),
        fc.integer({ min: 0, max: 2 * idleMs }),
        (user, issuedAgo, seenAgo) => {
          const decoded = codec.decode(codec.encode(session(user, issuedAgo, seenAgo)), now);
          const live = issuedAgo <= absoluteMs && seenAgo <= idleMs;
          return live ? decoded?.user === user : decoded === undefined;
        },
      ),
      RUNS,
    );
  });
});
