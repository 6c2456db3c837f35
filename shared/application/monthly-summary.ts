import { type Month, monthDays, monthTitle } from '../domain/reporting/months.ts';
import type { CaseStore } from '../ports/case-store.ts';
import type { ComplaintStore } from '../ports/complaints.ts';
import type { ContactLog } from '../ports/contact-log.ts';
import type { OutcomeStore } from '../ports/outcomes.ts';
import type { ThReferralStore } from '../ports/target-hardening.ts';

/**
 * The monthly catch-up summary (docs/reporting.md, "Monthly catch-up"): for the months without a quarterly
 * meeting, what the commissioner's office hears about between returns: referrals, contacts, missed deadlines,
 * complaints and the actions still open. Counts only, no victim's details.
 */
export interface MonthlySummary {
  /** `2026-05`. */
  readonly month: string;
  /** "May 2026". */
  readonly title: string;
  /** Lot 1 cases opened, by the day received. */
  readonly referralsReceived: number;
  /** Contacts in the contact log that happened in the month, and the victims (cases) they were with. */
  readonly contacts: number;
  readonly victimsContacted: number;
  /** Deadline breaches recorded in the month, and by rule. */
  readonly breaches: number;
  readonly breachesByRule: Readonly<Record<string, number>>;
  /** Target-hardening (Lot 2) referrals received. */
  readonly targetHardeningReferrals: number;
  /** Complaints received in the month, about each service. */
  readonly complaintsReceived: { readonly victimFirst: number; readonly targetHardening: number };
  /**
   * Actions not done at the month's end (or now, in a month still running): those of closed complaints
   * and of improvement plans.
   */
  readonly openActions: { readonly complaints: number; readonly improvementPlans: number };
}

/** Closed complaints looked at for their actions, per lot: the latest closed. */
const CLOSED_COMPLAINTS_READ = 500;

export interface MonthlySummarySources {
  readonly store: Pick<CaseStore, 'caseIdsReceivedOn' | 'breachesOn'>;
  readonly contacts: Pick<ContactLog, 'listInPeriod'>;
  readonly thReferrals: Pick<ThReferralStore, 'referralsReceivedOn'>;
  readonly complaints: Pick<ComplaintStore, 'listForPeriod' | 'listClosed'>;
  readonly plans: Pick<OutcomeStore, 'listPlans' | 'listActions'>;
}

/** Reads a month's figures day by day from the indexes by local date (no Scan), a few days at a time. */
export async function monthlySummary(sources: MonthlySummarySources, month: Month): Promise<MonthlySummary> {
  const days = monthDays(month);
  const perDay = await Promise.all(
    days.map(async (day) => {
      const [received, breaches, thReferrals] = await Promise.all([
        sources.store.caseIdsReceivedOn(day),
        sources.store.breachesOn(day),
        sources.thReferrals.referralsReceivedOn(day),
      ]);
      return { received: received.length, breaches, thReferrals: thReferrals.length };
    }),
  );
  const contacts = await sources.contacts.listInPeriod(month.from, month.to);
  const end = month.to.getTime();
  const inMonth = (at: Date) => at.getTime() >= month.from.getTime() && at.getTime() < end;
  const received = (await sources.complaints.listForPeriod(month.from, month.to)).filter((c) =>
    inMonth(c.receivedAt),
  );
  const openAt = (added: Date | undefined, done: Date | undefined) =>
    (added === undefined || added.getTime() < end) && (done === undefined || done.getTime() >= end);
  const closed = (
    await Promise.all(
      [1, 2].map((lot) => sources.complaints.listClosed(lot as 1 | 2, CLOSED_COMPLAINTS_READ)),
    )
  ).flat();
  const complaintActionsOpen = closed
    .filter((c) => c.closed && c.closed.at.getTime() < end)
    .flatMap((c) => c.actions)
    .filter((a) => openAt(undefined, a.done?.at)).length;
  const planActions = (
    await Promise.all((await sources.plans.listPlans()).map((plan) => sources.plans.listActions(plan.planId)))
  ).flat();
  const planActionsOpen = planActions.filter((a) => openAt(a.addedAt, a.doneAt)).length;
  const breaches = perDay.flatMap((day) => day.breaches);
  const breachesByRule: Record<string, number> = {};
  for (const breach of breaches) {
    const rule = typeof breach.detail.rule === 'string' ? breach.detail.rule : 'unknown';
    breachesByRule[rule] = (breachesByRule[rule] ?? 0) + 1;
  }
  return {
    month: month.name,
    title: monthTitle(month),
    referralsReceived: perDay.reduce((sum, day) => sum + day.received, 0),
    contacts: contacts.length,
    victimsContacted: new Set(contacts.map((contact) => contact.caseId)).size,
    breaches: breaches.length,
    breachesByRule,
    targetHardeningReferrals: perDay.reduce((sum, day) => sum + day.thReferrals, 0),
    complaintsReceived: {
      victimFirst: received.filter((c) => c.lot === 1).length,
      targetHardening: received.filter((c) => c.lot === 2).length,
    },
    openActions: { complaints: complaintActionsOpen, improvementPlans: planActionsOpen },
  };
}
