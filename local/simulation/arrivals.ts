import { DateTime } from 'luxon';
import {
  addCalendarDays,
  isBankHoliday,
  isoWeekdayOf,
  isWorkingDay,
  type LocalDate,
  localDateOf,
  SERVICE_TIME_ZONE,
} from '../../shared/domain/calendar.ts';
import { referralIdFor } from '../../shared/domain/case.ts';
import {
  NEIGHBOURHOOD_POLICING_AREAS,
  OFFENCE_CATEGORIES,
  type ReferralSource,
} from '../../shared/domain/referral-codes.ts';
import { type Row, syntheticRow } from '../synthetic/police-download.ts';
import type { Random } from '../synthetic/random.ts';
import { keyedRandom, weighted } from './keyed-random.ts';

/** One referral the simulation sends in, by the source and reference that name its case and execution. */
export interface SimulatedReferral {
  readonly source: ReferralSource;
  readonly reference: string;
  readonly referralId: string;
}

/** Something arriving at the service at a simulated instant, through one of the real intake routes. */
export type Arrival =
  | {
      readonly kind: 'police-download';
      readonly at: Date;
      readonly day: LocalDate;
      readonly rows: readonly Row[];
      readonly referrals: readonly SimulatedReferral[];
    }
  | {
      readonly kind: 'partner' | 'self';
      readonly at: Date;
      readonly body: Record<string, unknown>;
      readonly referrals: readonly SimulatedReferral[];
    };

export interface ArrivalPlanOptions {
  readonly referrals: number;
  readonly seed: number;
  readonly start: Date;
  /** Referrals on an average day, all routes together. */
  readonly perDay: number;
}

// Shares of the daily volume by route: most come in the police daily download (spec: police referrals),
// the rest from partner agencies on working days and from the self-referral web form at any hour.
const POLICE_SHARE = 0.75;
const PARTNER_SHARE = 0.15;
const SELF_SHARE = 0.1;
/** The police download lands once a day, weekends and bank holidays included, at this local time. */
const DOWNLOAD_TIME = '07:30';

// The police crime system's contact-method labels, weighted as victims choose them.
const POLICE_METHODS = [
  ['Mobile telephone', 45],
  ['Home telephone', 15],
  ['Work telephone', 5],
  ['Email', 13],
  ['SMS text', 9],
  ['Post', 6],
  ['In person', 7],
] as const;

const UNSAFE_LABELS = ['Voicemail', 'Letter', 'SMS', 'Email'] as const;
/** A channel a method needs cannot also be marked unsafe (the referral model refuses it). */
const NEEDED_CHANNEL: Readonly<Record<string, string>> = {
  Email: 'Email',
  'SMS text': 'SMS',
  Post: 'Letter',
};

// Clearly fictional people (as local/synthetic does): example names, Example streets, example.org mail.
const FORENAMES = ['Ada', 'Bram', 'Cleo', 'Dev', 'Esme', 'Finn', 'Gus', 'Hana', 'Ivo', 'Jude', 'Kit', 'Lola'];
const SURNAMES = ['Example', 'Sample', 'Specimen', 'Fictional', 'Placeholder', 'Madeup', 'Testcase'];
const STREETS = ['Example Street', 'Sample Road', 'Fictional Avenue', 'Specimen Close', 'Placeholder Lane'];
const TOWNS = [
  ['Leicester', 'LE1'],
  ['Loughborough', 'LE11'],
  ['Hinckley', 'LE10'],
  ['Oakham', 'LE15'],
] as const;
const PARTNERS = [
  ['Example Domestic Abuse Service', 'DSA', 45],
  ['Example Sexual Violence Service', 'SVS', 20],
  ['Example Housing Association', 'EHA', 20],
  ['Example Hate Crime Network', 'HCN', 15],
] as const;

/** How many of a day's referrals come by each route: weekends and bank holidays are quieter. */
function dayVolumes(day: LocalDate, perDay: number, random: Random) {
  const weekday = isoWeekdayOf(day);
  const policeFactor = isBankHoliday(day) ? 0.85 : weekday === 6 ? 0.85 : weekday === 7 ? 0.7 : 1.05;
  const jitter = () => 0.85 + 0.3 * random.next();
  // Partners refer on working days only: five days carry the week's share.
  const partner = isWorkingDay(day) ? perDay * PARTNER_SHARE * (7 / 5) : 0;
  return {
    police: Math.round(perDay * POLICE_SHARE * policeFactor * jitter()),
    partner: Math.round(partner * jitter()),
    self: Math.round(perDay * SELF_SHARE * jitter()),
  };
}

const atLocal = (day: LocalDate, time: string) =>
  DateTime.fromISO(`${day}T${time}`, { zone: SERVICE_TIME_ZONE }).toUTC().toJSDate();

/** A local minute of the day between two hours, drawn from the source. */
const minuteBetween = (random: Random, day: LocalDate, fromHour: number, toHour: number) => {
  const minute = random.int(fromHour * 60, toHour * 60 - 1);
  const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return atLocal(day, time);
};

/** A police row: the contact method, enhanced status, risk, unsafe channels and repeats as they occur. */
function policeRow(random: Random, n: number, receivedAt: Date, earlier: readonly Row[]): Row {
  const method = weighted(random, POLICE_METHODS);
  const repeat = earlier.length > 0 && random.chance(0.06) ? random.pick(earlier) : undefined;
  const enhanced = random.chance(0.1);
  const unsafe = random.chance(0.06)
    ? random.pick(UNSAFE_LABELS.filter((label) => label !== NEEDED_CHANNEL[method]))
    : '';
  return syntheticRow(random, n, receivedAt, {
    method,
    risk: weighted(random, [
      ['Standard', 75],
      ['Medium', 18],
      ['High', 7],
    ] as const),
    child: random.chance(0.04),
    unsafe,
    ...(enhanced
      ? {
          enhancedCategory: random.pick([
            'Serious crime',
            'Persistently targeted',
            'Vulnerable or intimidated',
          ]),
        }
      : {}),
    ...(repeat ? { person: repeat } : {}),
  });
}

/** A fictional victim as the partner form and the web form send one. */
function victim(random: Random, n: number) {
  const [town, outcode] = random.pick(TOWNS);
  const forename = random.pick(FORENAMES);
  const surname = random.pick(SURNAMES);
  const digits = String(n % 1000).padStart(3, '0');
  return {
    forename,
    surname,
    dateOfBirth: `${random.int(1945, 2005)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    address: {
      line1: `${random.int(1, 199)} ${random.pick(STREETS)}`,
      town,
      postcode: `${outcode} ${random.int(1, 9)}ZZ`,
    },
    phones: { mobile: `07700 900${digits}`, home: `0116 496 0${digits}` },
    email: `${forename}.${surname}.s${n}@example.org`.toLowerCase(),
  };
}

/** A partner-agency referral body (POST /referrals/partner), mostly domestic and sexual abuse. */
function partnerBody(random: Random, n: number): { body: Record<string, unknown>; reference: string } {
  const [organisation, prefix] = weighted(
    random,
    PARTNERS.map(([name, code, weight]) => [[name, code] as const, weight] as const),
  );
  const reference = `${prefix}-${String(n).padStart(6, '0')}`;
  const contactMethod = weighted(random, [
    ['mobile-telephone', 60],
    ['home-telephone', 10],
    ['email', 10],
    ['sms', 8],
    ['in-person', 12],
  ] as const);
  const voicemailUnsafe = prefix === 'DSA' && random.chance(0.4);
  return {
    reference,
    body: {
      reference,
      referrer: { organisation, name: 'Bram Sample', email: 'referrals@example.org' },
      victim: victim(random, n),
      contactMethod,
      consent: true,
      risk: weighted(random, [
        ['standard', 30],
        ['medium', 50],
        ['high', 20],
      ] as const),
      vulnerabilities: random.chance(0.6)
        ? [random.pick(['domestic-abuse', 'isolation', 'mental-health'])]
        : [],
      ...(random.chance(0.15) ? { enhancedCategory: 'persistently-targeted' } : {}),
      offence:
        prefix === 'DSA'
          ? 'domestic-abuse'
          : prefix === 'SVS'
            ? 'sexual-offence'
            : prefix === 'HCN'
              ? 'hate-crime'
              : random.pick(['asb-personal', 'criminal-damage', 'stalking-harassment']),
      npa: random.pick(NEIGHBOURHOOD_POLICING_AREAS),
      unsafeChannels: voicemailUnsafe ? ['voicemail'] : [],
    },
  };
}

/** A stable submission id in UUID form (the web form generates one per form shown). */
function submissionId(random: Random): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = random.pick(['8', '9', 'a', 'b']);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A self-referral web form body (POST /referrals/self). */
function selfBody(random: Random, n: number): { body: Record<string, unknown>; reference: string } {
  const id = submissionId(random);
  const { address: _address, ...person } = victim(random, n);
  return {
    reference: id,
    body: {
      submissionId: id,
      ...person,
      contactMethod: weighted(random, [
        ['mobile-telephone', 55],
        ['email', 25],
        ['sms', 10],
        ['home-telephone', 10],
      ] as const),
      offence: random.pick(OFFENCE_CATEGORIES.filter((o) => o !== 'homicide')),
      npa: random.pick(NEIGHBOURHOOD_POLICING_AREAS),
      consent: true,
    },
  };
}

/**
 * The referrals of a simulation, in time order: each morning's police download (every day of the year),
 * partner referrals through working days, self-referrals at any hour, until `referrals` have arrived.
 * Every choice comes from the seed, keyed on the day and the referral's number.
 */
export function planArrivals(options: ArrivalPlanOptions): Arrival[] {
  const arrivals: Arrival[] = [];
  const earlierRows: Row[] = [];
  let total = 0;
  let police = 0;
  let partner = 0;
  let self = 0;
  for (let day = localDateOf(options.start); total < options.referrals; day = addCalendarDays(day, 1)) {
    const volumes = dayVolumes(day, options.perDay, keyedRandom(options.seed, `volume|${day}`));
    const today: Arrival[] = [];
    const downloadAt = new Date(Math.max(atLocal(day, DOWNLOAD_TIME).getTime(), options.start.getTime()));
    const rows: Row[] = [];
    for (let i = 0; i < volumes.police; i++) {
      const n = ++police;
      rows.push(policeRow(keyedRandom(options.seed, `police|${n}`), n, downloadAt, earlierRows));
    }
    if (rows.length > 0) {
      today.push({
        kind: 'police-download',
        at: downloadAt,
        day,
        rows,
        referrals: rows.map((row) => ({
          source: 'police',
          reference: row.crime_reference,
          referralId: referralIdFor('police', row.crime_reference),
        })),
      });
    }
    for (let i = 0; i < volumes.partner; i++) {
      const n = ++partner;
      const random = keyedRandom(options.seed, `partner|${n}`);
      const { body, reference } = partnerBody(random, n);
      const at = minuteBetween(random, day, 9, 17);
      today.push({
        kind: 'partner',
        at,
        body,
        referrals: [{ source: 'partner', reference, referralId: referralIdFor('partner', reference) }],
      });
    }
    for (let i = 0; i < volumes.self; i++) {
      const n = ++self;
      const random = keyedRandom(options.seed, `self|${n}`);
      const { body, reference } = selfBody(random, n);
      today.push({
        kind: 'self',
        at: minuteBetween(random, day, 7, 23),
        body,
        referrals: [{ source: 'self', reference, referralId: referralIdFor('self', reference) }],
      });
    }
    // Time order; the download first when a message lands in the same minute.
    today.sort((a, b) => a.at.getTime() - b.at.getTime() || order(a) - order(b));
    for (const arrival of today) {
      if (arrival.at < options.start) continue;
      const room = options.referrals - total;
      if (room <= 0) break;
      if (arrival.kind === 'police-download' && arrival.rows.length > room) {
        const rows = arrival.rows.slice(0, room);
        arrivals.push({ ...arrival, rows, referrals: arrival.referrals.slice(0, room) });
        total += rows.length;
      } else {
        arrivals.push(arrival);
        total += arrival.referrals.length;
      }
    }
    earlierRows.push(...rows);
    if (earlierRows.length > 500) earlierRows.splice(0, earlierRows.length - 500);
  }
  return arrivals;
}

const order = (arrival: Arrival) =>
  arrival.kind === 'police-download' ? 0 : arrival.kind === 'partner' ? 1 : 2;
