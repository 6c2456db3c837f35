import {
  type AssessmentKind,
  type CaseSupport,
  type Closure,
  type ClosureGiven,
  needsClosingAssessment,
  type RecordedAssessment,
  type Reopening,
  type RjRecord,
  RjStateError,
  type SupportChange,
  SupportClosedError,
  SupportOpenError,
  sameClosure,
  sameReopening,
} from '../../domain/case-support.ts';
import type { PlanAction } from '../../domain/support-plan.ts';
import type { SupportStore } from '../../ports/support-store.ts';

/** One case's support as the store keeps it. */
interface Kept {
  readonly assessments: Map<AssessmentKind, RecordedAssessment>;
  readonly plan: Map<string, PlanAction>;
  /** Every closure and reopening, oldest first: the last is where the case stands. */
  readonly changes: SupportChange[];
  restorativeJustice?: {
    status: RjRecord['status'];
    readonly requestedBy: string;
    readonly requestedAt: Date;
    decidedBy?: string;
    decidedAt?: Date;
  };
}

/** Keys in the order DynamoDB sorts them: by their UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The instant as kept, written as the table writes it: an invalid date is refused (RangeError). */
const copyOfDate = (date: Date) => new Date(date.toISOString());

/** The assessment as kept: its own copy (either form), with no field left undefined. */
const copyOfRecorded = (recorded: RecordedAssessment): RecordedAssessment =>
  ({
    kind: recorded.kind,
    ...(JSON.parse(
      JSON.stringify(
        recorded.form === 'young-person'
          ? { form: recorded.form, assessment: recorded.assessment }
          : { assessment: recorded.assessment },
      ),
    ) as Pick<RecordedAssessment, 'form' | 'assessment'>),
    by: recorded.by,
    at: copyOfDate(recorded.at),
  }) as RecordedAssessment;

/** A closure or reopening as kept: its own copy, with no field left undefined. */
const copyOfChange = (change: SupportChange): SupportChange =>
  change.change === 'closed'
    ? {
        change: 'closed',
        by: change.by,
        at: copyOfDate(change.at),
        ...(change.reason === undefined ? {} : { reason: change.reason }),
        ...(change.reasonText === undefined ? {} : { reasonText: change.reasonText }),
      }
    : { change: 'reopened', by: change.by, at: copyOfDate(change.at), reason: change.reason };

/** The case's closures and reopenings as getSupport gives them: the last, and those before it. */
function historyOf(changes: readonly SupportChange[]): Pick<CaseSupport, 'closed' | 'reopened' | 'earlier'> {
  const last = changes.at(-1);
  if (!last) return {};
  const { change, ...current } = copyOfChange(last);
  const earlier = changes.slice(0, -1).map(copyOfChange);
  return {
    ...(change === 'closed' ? { closed: current as Closure } : { reopened: current as Reopening }),
    ...(earlier.length > 0 ? { earlier } : {}),
  };
}

const copyOfAction = (action: PlanAction): PlanAction => ({
  actionId: action.actionId,
  area: action.area,
  action: action.action,
  owner: action.owner,
  reviewBy: action.reviewBy,
  addedBy: action.addedBy,
  addedAt: copyOfDate(action.addedAt),
});

/**
 * The support store in memory: the DynamoDB store's twin, held to the same contract
 * (test/contract/support-store.test.ts). Every change waits on the case's support being open, except a
 * repeat of what was done before it closed, and a team leader's decision on restorative justice.
 */
export class InMemorySupportStore implements SupportStore {
  private readonly cases = new Map<string, Kept>();

  async getSupport(caseId: string): Promise<CaseSupport> {
    const kept = this.cases.get(caseId);
    const initial = kept?.assessments.get('initial');
    const closing = kept?.assessments.get('closing');
    const rj = kept?.restorativeJustice;
    return {
      ...(initial ? { initial: copyOfRecorded(initial) } : {}),
      ...(closing ? { closing: copyOfRecorded(closing) } : {}),
      plan: [...(kept?.plan.values() ?? [])]
        .sort((a, b) => byBytes(a.actionId, b.actionId))
        .sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime() || a.actionId.localeCompare(b.actionId))
        .map(copyOfAction),
      ...historyOf(kept?.changes ?? []),
      ...(rj
        ? {
            restorativeJustice: {
              status: rj.status,
              requestedBy: rj.requestedBy,
              requestedAt: copyOfDate(rj.requestedAt),
              ...(rj.decidedBy && rj.decidedAt
                ? { decidedBy: rj.decidedBy, decidedAt: copyOfDate(rj.decidedAt) }
                : {}),
            },
          }
        : {}),
    };
  }

  async saveAssessment(caseId: string, recorded: RecordedAssessment): Promise<void> {
    const copy = copyOfRecorded(recorded);
    this.whileOpen(caseId).assessments.set(recorded.kind, copy);
  }

  async addPlanAction(caseId: string, action: PlanAction): Promise<'added' | 'already-added'> {
    const copy = copyOfAction(action);
    // A repeat of an action added before the case closed is answered as the first was.
    if (this.cases.get(caseId)?.plan.has(action.actionId)) return 'already-added';
    this.whileOpen(caseId).plan.set(action.actionId, copy);
    return 'added';
  }

  async requestRestorativeJustice(caseId: string, record: RjRecord): Promise<void> {
    // The request as made: a decision comes later, by decideRestorativeJustice.
    const request = {
      status: record.status,
      requestedBy: record.requestedBy,
      requestedAt: copyOfDate(record.requestedAt),
    };
    if (this.cases.get(caseId)?.restorativeJustice) {
      throw new RjStateError(`case ${caseId} already has a restorative justice request`);
    }
    this.whileOpen(caseId).restorativeJustice = request;
  }

  async decideRestorativeJustice(caseId: string, approved: boolean, by: string, at: Date): Promise<void> {
    const decidedAt = copyOfDate(at);
    const rj = this.cases.get(caseId)?.restorativeJustice;
    if (rj?.status !== 'awaiting-approval') {
      throw new RjStateError(`case ${caseId} has no restorative justice request awaiting approval`);
    }
    rj.status = approved ? 'approved' : 'not-approved';
    rj.decidedBy = by;
    rj.decidedAt = decidedAt;
  }

  async closeSupport(caseId: string, by: string, at: Date, given?: ClosureGiven): Promise<void> {
    const closure = copyOfChange({
      change: 'closed',
      by,
      at,
      ...(given ? { reason: given.reason } : {}),
      ...(given?.reasonText === undefined ? {} : { reasonText: given.reasonText }),
    });
    const kept = this.cases.get(caseId);
    const last = kept?.changes.at(-1);
    if (last?.change === 'closed') {
      if (closure.change === 'closed' && sameClosure(last, closure)) return;
      throw new SupportClosedError(`case ${caseId} is already closed`);
    }
    if (needsClosingAssessment(given) && !kept?.assessments.has('closing')) {
      throw new SupportClosedError(`case ${caseId} has no closing assessment yet`);
    }
    this.keptFor(caseId).changes.push(closure);
  }

  async reopen(caseId: string, reopening: Reopening): Promise<void> {
    const change = copyOfChange({ change: 'reopened', ...reopening });
    const kept = this.cases.get(caseId);
    const last = kept?.changes.at(-1);
    if (last?.change === 'reopened' && change.change === 'reopened' && sameReopening(last, change)) return;
    if (!kept || last?.change !== 'closed') throw new SupportOpenError(`case ${caseId} is not closed`);
    kept.changes.push(change);
  }

  /** The case's support as kept, made empty the first time. */
  private keptFor(caseId: string): Kept {
    const kept: Kept = this.cases.get(caseId) ?? { assessments: new Map(), plan: new Map(), changes: [] };
    this.cases.set(caseId, kept);
    return kept;
  }

  /** The case's support to change, refused once it is closed. */
  private whileOpen(caseId: string): Kept {
    if (this.cases.get(caseId)?.changes.at(-1)?.change === 'closed')
      throw new SupportClosedError(`case ${caseId} is closed: its support can no longer change`);
    return this.keptFor(caseId);
  }
}
