import type { Agency } from '../agencies.ts';
import type { Case } from '../case.ts';
import type { CaseEvent } from '../case-records.ts';
import type { CaseSupport } from '../case-support.ts';
import type { Complaint } from '../complaints.ts';
import type { Contact } from '../contact-log.ts';
import type { GroupSessionRecord } from '../group-session.ts';
import type { SurveyResult } from '../outcomes/surveys.ts';
import type { Target } from '../outcomes/targets.ts';
import type { QuickQuestionCounts } from '../quick-questions.ts';
import type { Job, JobEvent, ThReferral } from '../target-hardening-jobs.ts';
import type { Quarter } from './quarters.ts';

/** A case and everything recorded on it, as the return reads it. */
export interface CaseLedger {
  readonly case: Case;
  readonly events: readonly CaseEvent[];
  readonly support: CaseSupport;
}

/** A target-hardening job, its referral and its events. */
export interface JobLedger {
  readonly job: Job;
  readonly events: readonly JobEvent[];
}

export interface ReturnInputs {
  readonly quarter: Quarter;
  /** Every case that may have something in the quarter: received in it, or before it with events in it. */
  readonly cases: readonly CaseLedger[];
  /** Target-hardening referrals received up to the quarter's end. */
  readonly thReferrals: readonly ThReferral[];
  readonly jobs: readonly JobLedger[];
  /** The kept agency list: onward referrals are counted under these names, never under typed text. */
  readonly agencies: readonly Agency[];
  /**
   * The contact log's contacts that happened in the quarter (docs/reporting.md, further support). A return
   * computed without the log has no further-support measures and says Victim Personal Statements are not
   * recorded.
   */
  readonly contacts?: readonly Contact[];
  /**
   * Young people's group sessions held in the quarter, each with its attendees (docs/reporting.md). A
   * return computed without them counts none held.
   */
  readonly groupSessions?: readonly GroupSessionRecord[];
  /** Quick questions asked and answered in the quarter (docs/reporting.md); without them, none counted. */
  readonly quickQuestions?: QuickQuestionCounts;
  /** Complaints received or closed in the quarter, both lots (docs/complaints.md); without them, none counted. */
  readonly complaints?: readonly Complaint[];
  /**
   * The police survey's answers given in the financial year up to the quarter's end (docs/outcomes.md): the
   * quarter's are counted, the earlier quarters' drawn as the outcomes' trend; without them, none counted.
   */
  readonly surveys?: readonly SurveyResult[];
  /** The quarter's financial year's targets; without them the return shows none. */
  readonly targets?: readonly Target[];
  readonly productBudgetPence: number;
  /** The target-hardening contract's value, products and labour; CONTRACT_VALUE_PENCE without it. */
  readonly contractValuePence?: number;
  readonly producedAt: Date;
}
