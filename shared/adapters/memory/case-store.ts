import { localDateOf } from '../../domain/calendar.ts';
import type { Case } from '../../domain/case.ts';
import {
  type CaseEvent,
  CaseIdCollisionError,
  type DeclinedReferral,
  type IntakeRun,
  type NewCase,
  type QuarantineRecord,
} from '../../domain/case-records.ts';
import { searchOrderOf, searchTermsOf } from '../../domain/case-search.ts';
import type { ReferralSource } from '../../domain/referral-codes.ts';
import type { CaseStore } from '../../ports/case-store.ts';
import { kept } from './kept.ts';

/**
 * The most writes one transaction of new cases may hold (DynamoDB's limit): each case writes its referral
 * key and the case, and a person link when it has a person key.
 */
const MAX_TRANSACTION_ITEMS = 100;

/** A batch of new cases the table would refuse whole, named as DynamoDB names it. */
class ValidationError extends Error {
  override name = 'ValidationException';
}

/** A referral key: the case it opened, or none for a declined referral, and when it was received. */
interface ReferralKey {
  readonly caseId?: string;
  readonly receivedAt: string;
}

/** The key that finds a referral, whatever the case of its reference. */
const referralKey = (source: ReferralSource, externalReference: string) =>
  `${source}#${externalReference.toUpperCase()}`;

const quarantinePosition = (record: QuarantineRecord) =>
  `QUARANTINE#${String(record.row).padStart(6, '0')}#${record.field}`;

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The event as kept: an instant of its own, and its detail without fields left undefined. */
function copyOfEvent(event: CaseEvent): CaseEvent {
  return {
    eventId: event.eventId,
    caseId: event.caseId,
    type: event.type,
    at: new Date(event.at.toISOString()),
    detail: Object.fromEntries(Object.entries(event.detail ?? {}).filter(([, value]) => value !== undefined)),
  };
}

/**
 * The case store in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/case-store.test.ts). New cases are written all or nothing, each once per referral key;
 * a batch the table would refuse whole (more than it can write at once, or one record twice) is refused
 * here too.
 */
export class InMemoryCaseStore implements CaseStore {
  /** Each case as opened, a copy of its own (no field left undefined) given out as a copy again. */
  private readonly cases = new Map<string, Case>();
  private readonly referrals = new Map<string, ReferralKey>();
  private readonly people = new Map<string, Set<string>>();
  private readonly quarantined = new Map<string, Map<string, QuarantineRecord>>();
  private readonly intakeRuns = new Map<string, IntakeRun>();
  private readonly events = new Map<string, Map<string, CaseEvent>>();
  /**
   * Each search term's cases (shared/domain/case-search.ts), by their newest-first order: what the table's
   * search keys hold, written with each case and read by InMemoryCaseSearch.
   */
  readonly searchKeys = new Map<string, Map<string, string>>();

  async previousCaseIds(personKeys: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const personKey of new Set(personKeys)) {
      const caseIds = this.people.get(personKey);
      if (caseIds) found.set(personKey, [...caseIds].sort());
    }
    return found;
  }

  async createCases(cases: readonly NewCase[]): Promise<Array<'created' | 'duplicate'>> {
    const written = cases.map(({ opened }) => ({
      opened: kept(opened),
      key: referralKey(opened.referral.source, opened.referral.externalReference),
      receivedAt: opened.referral.receivedAt.toISOString(),
    }));
    refuseAsTheTableWould(cases);
    // A taken referral key is a duplicate; a taken case id under a new referral key is a collision.
    const statuses = written.map(({ key }) => (this.referrals.has(key) ? 'duplicate' : 'created'));
    written.forEach(({ opened }, index) => {
      if (statuses[index] === 'created' && this.cases.has(opened.caseId)) {
        throw new CaseIdCollisionError(`case reference ${opened.caseId} is already taken`);
      }
    });
    written.forEach(({ opened, key, receivedAt }, index) => {
      if (statuses[index] !== 'created') return;
      this.referrals.set(key, { caseId: opened.caseId, receivedAt });
      this.cases.set(opened.caseId, opened);
      const order = searchOrderOf(receivedAt, opened.caseId);
      for (const term of searchTermsOf(opened.referral)) {
        const key = `${term.kind}#${term.hash}`;
        this.searchKeys.set(key, (this.searchKeys.get(key) ?? new Map()).set(order, opened.caseId));
      }
      if (opened.personKey) {
        this.people.set(
          opened.personKey,
          (this.people.get(opened.personKey) ?? new Set()).add(opened.caseId),
        );
      }
    });
    return statuses;
  }

  async recordDeclined(declined: DeclinedReferral): Promise<'recorded' | 'duplicate'> {
    const receivedAt = declined.receivedAt.toISOString();
    const key = referralKey(declined.source, declined.externalReference);
    if (this.referrals.has(key)) return 'duplicate';
    this.referrals.set(key, { receivedAt });
    return 'recorded';
  }

  async quarantine(given: readonly QuarantineRecord[]): Promise<void> {
    // One record per row and field (its key); two reasons for the same field are kept together.
    const byKey = new Map<string, QuarantineRecord>();
    for (const record of given) {
      const key = `${record.fileId}\n${quarantinePosition(record)}`;
      const earlier = byKey.get(key);
      byKey.set(key, earlier ? { ...earlier, message: `${earlier.message}; ${record.message}` } : record);
    }
    for (const record of byKey.values()) {
      const copy = {
        fileId: record.fileId,
        file: record.file,
        row: record.row,
        field: record.field,
        message: record.message,
        rejectedAt: new Date(record.rejectedAt.toISOString()),
      };
      const ofFile = this.quarantined.get(record.fileId) ?? new Map<string, QuarantineRecord>();
      ofFile.set(quarantinePosition(record), copy);
      this.quarantined.set(record.fileId, ofFile);
    }
  }

  async listQuarantine(fileId: string): Promise<QuarantineRecord[]> {
    return [...(this.quarantined.get(fileId)?.entries() ?? [])]
      .sort(([a], [b]) => byBytes(a, b))
      .map(([, record]) => ({ ...record, rejectedAt: new Date(record.rejectedAt.getTime()) }));
  }

  async recordIntakeRun(run: IntakeRun): Promise<void> {
    const startedAt = new Date(run.startedAt.toISOString());
    const finishedAt = new Date(run.finishedAt.toISOString());
    // A run recorded again at the same start is the same run: the later record stands.
    this.intakeRuns.set(`${run.fileId}\n${startedAt.toISOString()}`, { ...run, startedAt, finishedAt });
  }

  async getCase(caseId: string): Promise<Case | undefined> {
    const found = this.cases.get(caseId);
    return found ? kept(found) : undefined;
  }

  /** Every stored case's id, in order: what the rebuild of the search keys pages through in memory. */
  storedCaseIds(): string[] {
    return [...this.cases.keys()].sort();
  }

  async recordEvent(event: CaseEvent): Promise<'recorded' | 'duplicate'> {
    const copy = copyOfEvent(event);
    const ofCase = this.events.get(event.caseId) ?? new Map<string, CaseEvent>();
    if (ofCase.has(event.eventId)) return 'duplicate';
    ofCase.set(event.eventId, copy);
    this.events.set(event.caseId, ofCase);
    return 'recorded';
  }

  async timeline(caseId: string): Promise<CaseEvent[]> {
    return [...(this.events.get(caseId)?.values() ?? [])]
      .sort((a, b) => byBytes(a.eventId, b.eventId))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.eventId.localeCompare(b.eventId))
      .map(copyOfEvent);
  }

  async breachesOn(date: string): Promise<CaseEvent[]> {
    return [...this.events.values()]
      .flatMap((ofCase) => [...ofCase.values()])
      .filter((event) => event.type === 'deadline-breached' && localDateOf(event.at) === date)
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.eventId.localeCompare(b.eventId))
      .map(copyOfEvent);
  }

  async caseIdsReceivedOn(date: string): Promise<string[]> {
    // Listed as the table lists a day's cases: by the instant received, then the case id.
    const listedAt = ({ referral, caseId }: Case) => `${referral.receivedAt.toISOString()}#${caseId}`;
    return [...this.cases.values()]
      .filter((opened) => localDateOf(opened.referral.receivedAt) === date)
      .sort((a, b) => byBytes(listedAt(a), listedAt(b)))
      .map(({ caseId }) => caseId);
  }

  async findCaseId(source: ReferralSource, externalReference: string): Promise<string | undefined> {
    return this.referrals.get(referralKey(source, externalReference))?.caseId;
  }
}

/**
 * Refuses a batch DynamoDB refuses before it writes anything: more writes than one transaction holds, or
 * two writes to one record (the same referral, case or person twice in the batch).
 */
function refuseAsTheTableWould(cases: readonly NewCase[]): void {
  const records = cases.flatMap(({ opened }) => [
    `REFERRAL#${referralKey(opened.referral.source, opened.referral.externalReference)}`,
    `CASE#${opened.caseId}`,
    ...(opened.personKey ? [`PERSON#${opened.personKey}`] : []),
  ]);
  if (records.length > MAX_TRANSACTION_ITEMS) {
    throw new ValidationError(`a transaction can write at most ${MAX_TRANSACTION_ITEMS} items`);
  }
  if (new Set(records).size < records.length) {
    throw new ValidationError('Transaction request cannot include multiple operations on one item');
  }
}
