import { describe, expect, it } from 'vitest';
import { InMemoryCaseStore } from '../../shared/adapters/memory/case-store.ts';
import { caseIdFor, openCase, personKeyFor } from '../../shared/domain/case.ts';
import {
  type CaseEvent,
  CaseIdCollisionError,
  type DeclinedReferral,
  type NewCase,
  type QuarantineRecord,
} from '../../shared/domain/case-records.ts';
import type { Referral } from '../../shared/domain/referral.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import { aValidatedReferral, RECEIVED_AT } from '../fixtures/referrals.ts';
import { freshStore } from '../support/store.ts';

const OPENED_AT = new Date('2026-12-15T10:00:05Z');
const ORIGIN = { channel: 'police-download', file: 'download-2026-12-15.csv', row: 2 } as const;

const aNewCase = (referral: Referral, previousCaseIds: string[] = []): NewCase => ({
  opened: openCase(referral, previousCaseIds, OPENED_AT),
  origin: ORIGIN,
});

/** Another victim: a person of their own. */
const someoneElse = (reference: string, overrides: Record<string, unknown> = {}) =>
  aValidatedReferral(reference, overrides, {
    forename: 'Bram',
    surname: 'Sample',
    dateOfBirth: '1975-06-01',
  });

/** The nth of many victims, each a person of their own. */
const victimNumber = (n: number) => ({
  surname: `Example ${String.fromCharCode(65 + (n % 26))}${String.fromCharCode(65 + Math.floor(n / 26))}`,
});

const ADA_KEY = personKeyFor(aValidatedReferral('LP-0000001').victim) as string;

const event = (overrides: Partial<CaseEvent> = {}): CaseEvent => ({
  eventId: 'task.call-attempt.1',
  caseId: caseIdFor('police', 'LP-0000001'),
  type: 'task-completed',
  at: new Date('2026-12-15T11:00:00Z'),
  detail: { taskId: 'call-attempt.1', outcome: 'no-answer' },
  ...overrides,
});

const rejected = (row: number, field: string, message: string, fileId = 'file-1'): QuarantineRecord => ({
  fileId,
  file: 'download-2026-12-15.csv',
  row,
  field,
  message,
  rejectedAt: new Date('2026-12-15T09:00:00Z'),
});

const declined = (reference: string): DeclinedReferral => ({
  source: 'police',
  externalReference: reference,
  receivedAt: RECEIVED_AT,
  origin: ORIGIN,
});

// The same contract for the in-memory twin and the DynamoDB adapter on DynamoDB Local.
describe.each([
  ['in memory', async (): Promise<CaseStore> => new InMemoryCaseStore()],
  ['on DynamoDB Local', async (): Promise<CaseStore> => (await freshStore()).store],
])('the case store %s', (_where, open) => {
  it('opens a case with its referral key and person link, and gives it back as opened', async () => {
    const store = await open();
    const opening = aNewCase(aValidatedReferral('LP-0000001', { summary: 'Shed broken into overnight.' }));

    expect(await store.createCases([opening])).toEqual(['created']);

    expect(await store.getCase(opening.opened.caseId)).toEqual(opening.opened);
    expect(await store.findCaseId('police', 'LP-0000001')).toBe(opening.opened.caseId);
    expect(await store.previousCaseIds([ADA_KEY])).toEqual(new Map([[ADA_KEY, [opening.opened.caseId]]]));
  });

  it('knows no case, referral or person it never kept', async () => {
    const store = await open();

    expect(await store.getCase('VF-00000-00000')).toBeUndefined();
    expect(await store.findCaseId('police', 'LP-0000001')).toBeUndefined();
    expect(await store.previousCaseIds([ADA_KEY])).toEqual(new Map());
    expect(await store.previousCaseIds([])).toEqual(new Map());
    expect(await store.timeline('VF-00000-00000')).toEqual([]);
    expect(await store.caseIdsReceivedOn('2026-12-15')).toEqual([]);
    expect(await store.listQuarantine('file-1')).toEqual([]);
  });

  it('finds a referral whatever the case of its reference, for its own source only', async () => {
    const store = await open();
    const opening = aNewCase(aValidatedReferral('lp-abc-1'));
    await store.createCases([opening]);

    expect(await store.findCaseId('police', 'LP-ABC-1')).toBe(opening.opened.caseId);
    expect(await store.findCaseId('police', 'lp-abc-1')).toBe(opening.opened.caseId);
    expect(await store.findCaseId('partner', 'LP-ABC-1')).toBeUndefined();
  });

  it('opens a case once however often its referral is written, the first standing', async () => {
    const store = await open();
    const first = aNewCase(aValidatedReferral('LP-0000001'));
    await store.createCases([first]);

    expect(await store.createCases([first])).toEqual(['duplicate']);
    // The same referral sent again, later and changed, is still the same referral.
    const again = aNewCase(
      aValidatedReferral('lp-0000001', { risk: 'high', receivedAt: '2026-12-16T10:00:00Z' }),
    );
    expect(await store.createCases([again])).toEqual(['duplicate']);

    expect(await store.getCase(first.opened.caseId)).toEqual(first.opened);
    expect(await store.previousCaseIds([ADA_KEY])).toEqual(new Map([[ADA_KEY, [first.opened.caseId]]]));
    expect(await store.caseIdsReceivedOn('2026-12-16')).toEqual([]);
  });

  it('writes the new cases of a batch and leaves out its duplicates', async () => {
    const store = await open();
    const kept = aNewCase(someoneElse('LP-0000002'));
    await store.createCases([kept]);
    const fresh = aNewCase(aValidatedReferral('LP-0000003'));

    expect(await store.createCases([aNewCase(someoneElse('LP-0000002')), fresh])).toEqual([
      'duplicate',
      'created',
    ]);

    expect(await store.getCase(fresh.opened.caseId)).toEqual(fresh.opened);
    expect(await store.getCase(kept.opened.caseId)).toEqual(kept.opened);
    expect(await store.createCases([])).toEqual([]);
  });

  it('opens one of two copies of a referral written at the same moment', async () => {
    const store = await open();
    const opening = aNewCase(aValidatedReferral('LP-0000001'));

    const outcomes = await Promise.all([store.createCases([opening]), store.createCases([opening])]);

    expect(outcomes.flat().sort()).toEqual(['created', 'duplicate']);
    expect(await store.previousCaseIds([ADA_KEY])).toEqual(new Map([[ADA_KEY, [opening.opened.caseId]]]));
  });

  it("refuses a new referral whose case reference another's case has, and writes nothing of the batch", async () => {
    const store = await open();
    const first = aNewCase(aValidatedReferral('LP-0000001'));
    await store.createCases([first]);
    const clash: NewCase = {
      opened: { ...first.opened, referral: { ...first.opened.referral, externalReference: 'LP-0000099' } },
      origin: ORIGIN,
    };
    const innocent = aNewCase(someoneElse('LP-0000002'));

    await expect(store.createCases([innocent, clash])).rejects.toBeInstanceOf(CaseIdCollisionError);

    expect(await store.getCase(innocent.opened.caseId)).toBeUndefined();
    expect(await store.findCaseId('police', 'LP-0000002')).toBeUndefined();
    expect(await store.findCaseId('police', 'LP-0000099')).toBeUndefined();
    expect(await store.getCase(first.opened.caseId)).toEqual(first.opened);
    // The innocent case is opened when it is written on its own.
    expect(await store.createCases([innocent])).toEqual(['created']);
  });

  it("lists a person's earlier cases in order, for each key asked about that has any", async () => {
    const store = await open();
    const one = aNewCase(aValidatedReferral('LP-0000001'));
    const two = aNewCase(aValidatedReferral('LP-0000002'), [one.opened.caseId]);
    const bram = aNewCase(someoneElse('LP-0000003'));
    await store.createCases([one, bram]);
    await store.createCases([two]);
    const bramKey = bram.opened.personKey as string;

    const found = await store.previousCaseIds([ADA_KEY, bramKey, ADA_KEY, 'no-such-person']);

    expect(found).toEqual(
      new Map([
        [ADA_KEY, [one.opened.caseId, two.opened.caseId].sort()],
        [bramKey, [bram.opened.caseId]],
      ]),
    );
    expect((await store.getCase(two.opened.caseId))?.previousCaseIds).toEqual([one.opened.caseId]);
    expect((await store.getCase(two.opened.caseId))?.repeatVictim).toBe(true);
  });

  it('opens a case for a victim who cannot be matched, with no person link', async () => {
    const store = await open();
    const unmatched = aNewCase(
      aValidatedReferral(
        'LP-0000001',
        {},
        { dateOfBirth: undefined, address: undefined, phones: { mobile: '07700 900002' } },
      ),
    );
    expect(unmatched.opened.personKey).toBeUndefined();

    expect(await store.createCases([unmatched])).toEqual(['created']);

    expect(await store.getCase(unmatched.opened.caseId)).toEqual(unmatched.opened);
    expect(await store.getCase(unmatched.opened.caseId)).not.toHaveProperty('personKey');
  });

  it('keeps the web-chat slot a self-referral booked', async () => {
    const store = await open();
    const self = aNewCase(
      aValidatedReferral(
        'SR-0000001',
        {
          source: 'self',
          contactMethod: 'email',
          webChatSlot: '2026-12-16T14:00:00Z',
        },
        { email: 'ada.example@example.org' },
      ),
    );

    await store.createCases([self]);

    const kept = await store.getCase(self.opened.caseId);
    expect(kept).toEqual(self.opened);
    expect(kept?.referral.webChatSlot).toEqual(new Date('2026-12-16T14:00:00Z'));
  });

  it('refuses a batch that writes one person, case or referral twice, or more than a transaction holds', async () => {
    const store = await open();
    const one = aNewCase(aValidatedReferral('LP-0000001'));
    const samePerson = aNewCase(aValidatedReferral('LP-0000002'));
    const many = Array.from({ length: 34 }, (_, n) =>
      aNewCase(aValidatedReferral(`LP-1${String(n).padStart(6, '0')}`, {}, victimNumber(n))),
    );

    for (const batch of [[one, samePerson], [one, one], many]) {
      await expect(store.createCases(batch)).rejects.toMatchObject({ name: 'ValidationException' });
    }

    expect(await store.getCase(one.opened.caseId)).toBeUndefined();
    expect(await store.getCase(many[0]?.opened.caseId as string)).toBeUndefined();
    expect(await store.createCases(many.slice(0, 33))).toEqual(Array(33).fill('created'));
  });

  it('records a declined referral once, by reference only: never a case, and a duplicate if it comes back', async () => {
    const store = await open();

    expect(await store.recordDeclined(declined('LP-0000001'))).toBe('recorded');
    expect(await store.recordDeclined(declined('lp-0000001'))).toBe('duplicate');

    expect(await store.findCaseId('police', 'LP-0000001')).toBeUndefined();
    expect(await store.createCases([aNewCase(aValidatedReferral('LP-0000001'))])).toEqual(['duplicate']);
    expect(await store.getCase(caseIdFor('police', 'LP-0000001'))).toBeUndefined();
    expect(await store.previousCaseIds([ADA_KEY])).toEqual(new Map());
  });

  it('answers a decline of a referral that opened a case as a duplicate', async () => {
    const store = await open();
    const opening = aNewCase(aValidatedReferral('LP-0000001'));
    await store.createCases([opening]);

    expect(await store.recordDeclined(declined('LP-0000001'))).toBe('duplicate');

    expect(await store.findCaseId('police', 'LP-0000001')).toBe(opening.opened.caseId);
  });

  it('lists the cases received on a local date in the order received: 23:30 UTC on 30 June is 1 July', async () => {
    const store = await open();
    const at = (reference: string, iso: string) => aNewCase(someoneElse(reference, { receivedAt: iso }));
    const late = at('LP-0000001', '2026-06-30T23:30:00Z');
    const morning = at('LP-0000002', '2026-07-01T09:00:00Z');
    const before = at('LP-0000003', '2026-06-30T22:59:00Z');
    const evening = at('LP-0000004', '2026-07-01T22:00:00Z');
    await store.createCases([morning]);
    await store.createCases([evening]);
    await store.createCases([before]);
    await store.createCases([late]);

    expect(await store.caseIdsReceivedOn('2026-07-01')).toEqual([
      late.opened.caseId,
      morning.opened.caseId,
      evening.opened.caseId,
    ]);
    expect(await store.caseIdsReceivedOn('2026-06-30')).toEqual([before.opened.caseId]);
  });

  it('orders cases received at the same instant by case reference', async () => {
    const store = await open();
    const cases = ['LP-0000001', 'LP-0000002', 'LP-0000003'].map((reference, n) =>
      aNewCase(aValidatedReferral(reference, {}, victimNumber(n))),
    );
    await store.createCases(cases);

    expect(await store.caseIdsReceivedOn('2026-12-15')).toEqual(cases.map((c) => c.opened.caseId).sort());
  });

  it('adds an event to the timeline once, however often it is recorded, the first standing', async () => {
    const store = await open();

    expect(await store.recordEvent(event())).toBe('recorded');
    expect(await store.recordEvent(event({ at: new Date('2026-12-15T12:00:00Z'), detail: {} }))).toBe(
      'duplicate',
    );
    const together = await Promise.all([
      store.recordEvent(event({ eventId: 'task.call-attempt.2' })),
      store.recordEvent(event({ eventId: 'task.call-attempt.2' })),
    ]);

    expect(together.sort()).toEqual(['duplicate', 'recorded']);
    expect(await store.timeline(event().caseId)).toEqual([
      event(),
      event({ eventId: 'task.call-attempt.2' }),
    ]);
  });

  it("gives a case's timeline oldest first, events of one instant by id, and no other case's", async () => {
    const store = await open();
    const at = (iso: string) => new Date(iso);
    await store.recordEvent(
      event({ eventId: 'c.message', type: 'message-recorded', at: at('2026-12-15T12:00:00Z') }),
    );
    await store.recordEvent(
      event({ eventId: 'b.breach', type: 'deadline-breached', at: at('2026-12-15T10:30:00Z') }),
    );
    await store.recordEvent(
      event({ eventId: 'a.at-risk', type: 'deadline-at-risk', at: at('2026-12-15T10:30:00Z') }),
    );
    await store.recordEvent(
      event({ eventId: 'd.other', caseId: 'VF-00000-00001', at: at('2026-12-15T09:00:00Z') }),
    );

    expect((await store.timeline(event().caseId)).map((e) => [e.eventId, e.type])).toEqual([
      ['a.at-risk', 'deadline-at-risk'],
      ['b.breach', 'deadline-breached'],
      ['c.message', 'message-recorded'],
    ]);
    expect((await store.timeline('VF-00000-00001')).map((e) => e.eventId)).toEqual(['d.other']);
  });

  it('lists the breaches recorded on a local date, of every case and of no other type or day', async () => {
    const store = await open();
    const at = (iso: string) => new Date(iso);
    const breach = (eventId: string, caseId: string, iso: string) =>
      event({ eventId, caseId, type: 'deadline-breached', at: at(iso), detail: { rule: 'initial-contact' } });
    await store.recordEvent(breach('b.breach', event().caseId, '2026-06-30T23:30:00Z')); // 1 July in BST
    await store.recordEvent(breach('a.breach', 'VF-00000-00001', '2026-07-01T09:00:00Z'));
    await store.recordEvent(breach('c.breach', 'VF-00000-00002', '2026-07-02T09:00:00Z'));
    await store.recordEvent(
      event({ eventId: 'd.at-risk', type: 'deadline-at-risk', at: at('2026-07-01T10:00:00Z') }),
    );

    expect((await store.breachesOn('2026-07-01')).map((e) => [e.eventId, e.caseId, e.detail])).toEqual([
      ['b.breach', event().caseId, { rule: 'initial-contact' }],
      ['a.breach', 'VF-00000-00001', { rule: 'initial-contact' }],
    ]);
    expect(await store.breachesOn('2026-07-03')).toEqual([]);
  });

  it("keeps an event's detail as given, without fields left undefined", async () => {
    const store = await open();
    const detail = { messageId: 'message.support-offer.1', permanent: false, attempt: 2, reason: undefined };

    await store.recordEvent(
      event({ type: 'message-status', detail: detail as unknown as CaseEvent['detail'] }),
    );

    const [kept] = await store.timeline(event().caseId);
    expect(kept?.detail).toEqual({ messageId: 'message.support-offer.1', permanent: false, attempt: 2 });
    expect(kept?.detail).not.toHaveProperty('reason');
  });

  it("keeps a file's rejected rows in row then field order, two reasons for one field together", async () => {
    const store = await open();

    await store.quarantine([
      rejected(12, 'victim.dateOfBirth', 'is not a date'),
      rejected(3, 'risk', 'is required'),
      rejected(3, 'npa', 'is not an area'),
      rejected(3, 'risk', 'must be one of standard, medium, high'),
      rejected(1000000, 'offence', 'is required'),
      rejected(4, 'risk', 'is required', 'file-2'),
    ]);

    expect(await store.listQuarantine('file-1')).toEqual([
      rejected(3, 'npa', 'is not an area'),
      rejected(3, 'risk', 'is required; must be one of standard, medium, high'),
      rejected(12, 'victim.dateOfBirth', 'is not a date'),
      rejected(1000000, 'offence', 'is required'),
    ]);
    expect(await store.listQuarantine('file-2')).toEqual([rejected(4, 'risk', 'is required', 'file-2')]);
  });

  it('keeps the latest reason when a row is quarantined again, and many rows at once', async () => {
    const store = await open();
    await store.quarantine([rejected(3, 'risk', 'is required')]);
    await store.quarantine([rejected(3, 'risk', 'must be one of standard, medium, high')]);
    await store.quarantine([]);
    const many = Array.from({ length: 60 }, (_, n) => rejected(n + 10, 'npa', 'is not an area'));
    await store.quarantine(many);

    const listed = await store.listQuarantine('file-1');

    expect(listed[0]).toEqual(rejected(3, 'risk', 'must be one of standard, medium, high'));
    expect(listed.slice(1)).toEqual(many);
  });

  it("keeps an intake run's counts apart from the file's rejected rows", async () => {
    const store = await open();
    const run = {
      fileId: 'file-1',
      file: 'download-2026-12-15.csv',
      channel: 'police-download' as const,
      startedAt: new Date('2026-12-15T09:00:00Z'),
      finishedAt: new Date('2026-12-15T09:00:30Z'),
      accepted: 10,
      duplicates: 1,
      declined: 2,
      rejected: 1,
    };

    await store.recordIntakeRun(run);
    await store.recordIntakeRun(run);
    await store.quarantine([rejected(3, 'risk', 'is required')]);

    expect(await store.listQuarantine('file-1')).toEqual([rejected(3, 'risk', 'is required')]);
    expect(await store.caseIdsReceivedOn('2026-12-15')).toEqual([]);
  });
});
