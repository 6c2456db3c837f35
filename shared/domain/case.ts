import { createHash } from 'node:crypto';
import { localDateOf } from './calendar.ts';
import { type ContactPath, contactPathFor } from './contact-method.ts';
import { contactDeadlines } from './deadlines.ts';
import type { Referral } from './referral.ts';
import type { ReferralSource } from './referral-codes.ts';
import { type Triage, triage } from './triage.ts';

/** A case as the service holds it: the referral, its triage, its deadlines and its repeat-victim flag. */
export interface Case {
  readonly caseId: string;
  readonly referralId: string;
  readonly referral: Referral;
  readonly triage: Triage;
  readonly contactPath: ContactPath;
  readonly deadlines: {
    readonly initialContactDue: Date;
    readonly homeVisitDue?: Date;
    readonly secondHomeVisitDue?: Date;
  };
  readonly repeatVictim: boolean;
  readonly previousCaseIds: readonly string[];
  /** Absent when neither date of birth nor postcode is known: such a victim cannot be matched. */
  readonly personKey?: string;
  readonly status: 'open';
  readonly openedAt: Date;
}

// Crockford base32: no I, L, O or U, so a reference read out over the phone is not misheard.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Buffer, length: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === length) break;
  }
  return out;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * The case reference for a referral, derived from its source and external reference so that the same
 * referral always names the same case (50 bits: a collision is refused by the store, never merged).
 */
export function caseIdFor(source: ReferralSource, externalReference: string): string {
  const code = base32(digest(`${source}|${externalReference.toUpperCase()}`), 10);
  return `VF-${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The referral id (and Step Functions execution name) for a referral; one referral opens one case. */
export function referralIdFor(source: ReferralSource, externalReference: string): string {
  return `R-${caseIdFor(source, externalReference).slice(3)}`;
}

const normalise = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * The key that finds earlier cases for the same person (docs/service-rules.md, rule 11): name with date of
 * birth, or name with postcode when no date of birth is known. Hashed, so no personal data sits in an
 * index key.
 */
export function personKeyFor(victim: Referral['victim']): string | undefined {
  const anchor = victim.dateOfBirth ?? victim.address?.postcode;
  if (!anchor) return undefined;
  return digest(
    `person-v1|${normalise(victim.forename)}|${normalise(victim.surname)}|${normalise(anchor)}`,
  ).toString('hex');
}

/** Opens a case for a validated referral: ids, triage and every deadline known from the moment it lands. */
export function openCase(referral: Referral, previousCaseIds: readonly string[], openedAt: Date): Case {
  const repeatVictim = previousCaseIds.length > 0;
  const result = triage(referral, localDateOf(referral.receivedAt), repeatVictim);
  const personKey = personKeyFor(referral.victim);
  return {
    caseId: caseIdFor(referral.source, referral.externalReference),
    referralId: referralIdFor(referral.source, referral.externalReference),
    referral,
    triage: result,
    contactPath: contactPathFor(referral.contactMethod),
    deadlines: contactDeadlines({
      receivedAt: referral.receivedAt,
      method: referral.contactMethod,
      enhanced: result.enhanced,
    }),
    repeatVictim,
    previousCaseIds,
    ...(personKey ? { personKey } : {}),
    status: 'open',
    openedAt,
  };
}
