import type { AnswerQuickQuestionDeps } from '../shared/application/quick-questions.ts';
import type { TaskQueueDeps } from '../shared/application/task-queue.ts';
import type { OpenChatRota } from '../shared/domain/open-chat.ts';
import type { ProductLimits } from '../shared/domain/target-hardening.ts';
import type { AgencyList } from '../shared/ports/agencies.ts';
import type { AuditLog } from '../shared/ports/audit-log.ts';
import type { CaseOwners } from '../shared/ports/case-owners.ts';
import type { CaseSearch } from '../shared/ports/case-search.ts';
import type { ContactLog } from '../shared/ports/contact-log.ts';
import type { GroupSessions } from '../shared/ports/group-sessions.ts';
import type { HardshipFund } from '../shared/ports/hardship-fund.ts';
import type { MessageStore } from '../shared/ports/message-store.ts';
import type { MilestoneStore } from '../shared/ports/milestones.ts';
import type { OpenChatRotaStore } from '../shared/ports/open-chat-rota.ts';
import type { OpenChatStore } from '../shared/ports/open-chats.ts';
import type { OutcomeStore } from '../shared/ports/outcomes.ts';
import type { ReturnStore } from '../shared/ports/return-store.ts';
import type { ReturnSubmissions } from '../shared/ports/return-submissions.ts';
import type { MhTriageStore, RjProcessStore } from '../shared/ports/rj-process.ts';
import type { Schedules } from '../shared/ports/schedules.ts';
import type { StaffDirectory } from '../shared/ports/staff-directory.ts';
import type { SupportStore } from '../shared/ports/support-store.ts';
import type { TargetHardeningStores } from '../shared/ports/target-hardening.ts';
import type { ThOversightStore } from '../shared/ports/target-hardening-oversight.ts';
import type { VolunteerAssignments } from '../shared/ports/volunteer-assignments.ts';
import type { WebChatStore } from '../shared/ports/web-chats.ts';
import type {
  CaseChecks,
  SupportReviews,
  TargetHardeningJobs,
  Workflows,
} from '../shared/ports/workflows.ts';
import type { CognitoSignIn } from './cognito-sign-in.ts';
import type { ComplaintPagesDeps } from './pages/complaints.ts';
import type { Person } from './people.ts';
import type { Sessions } from './session.ts';

/** What the web app is built from: the stores and workflows its pages read and change. */
export interface WebAppDeps extends TaskQueueDeps {
  readonly messages: Pick<MessageStore, 'listMessages'>;
  readonly support: SupportStore;
  readonly audit: Pick<AuditLog, 'record'>;
  /** The signed session cookie and the server-side record of open sessions (signing out ends one). */
  readonly sessions: Sessions;
  /** The local system's people and its sign-in page; absent in AWS, where people sign in through Cognito. */
  readonly localPeople?: readonly Person[];
  /** Starts each plan action's review on its date (a support-review execution). */
  readonly reviews?: SupportReviews;
  /** A long case's reassessments and dependency check (docs/service-rules.md, long cases). */
  readonly caseChecks?: CaseChecks;
  /** The hardship fund; without it the case page has no hardship section. */
  readonly hardship?: HardshipFund;
  /**
   * The contact log (docs/web-app.md, the contact log): every contact with a victim after the first. Without
   * it there are no contact pages.
   */
  readonly contacts?: ContactLog;
  /**
   * The quick questions asked on the public pages, and what answering one needs to tell the asker
   * (docs/web-app.md, "Quick questions"). Without it there are no quick-question pages. `publicBaseUrl` is
   * the public site's origin for the link e-mailed to the asker; absent on the local system, where the
   * public pages are served from this app's own origin.
   */
  readonly quickQuestions?: Omit<AnswerQuickQuestionDeps, 'audit' | 'publicBaseUrl'> & {
    readonly publicBaseUrl?: string;
  };
  /**
   * Complaints (docs/complaints.md): the store, the clocks that raise their warnings, the clock's settings,
   * and the messaging that acknowledges them on the complainant's safe channel.
   */
  readonly complaints?: Omit<ComplaintPagesDeps, 'audit' | 'clock' | 'staff'>;
  /** Booked web chats: the caseworker's chat page (docs/web-chat.md). */
  readonly webChats?: WebChatStore;
  /** In AWS: booked web chats run on Amazon Connect, answered in its agent workspace (docs/web-chat.md). */
  readonly webChatsInConnect?: boolean;
  /**
   * Open web chats and the call-taking rota that answers them (docs/web-chat.md, "Open web chat"): `rota` is
   * the configured starting pattern (OPEN_CHAT_ROTA), `rotaStore` the pattern and cover team leaders keep.
   */
  readonly openChats?: {
    readonly chats: OpenChatStore;
    readonly rota: OpenChatRota;
    readonly rotaStore: OpenChatRotaStore;
  };
  /** Young people's group sessions (docs/web-app.md, group sessions); without it there are no such pages. */
  readonly groupSessions?: GroupSessions;
  /**
   * The kept list of onward-referral agencies (shared/domain/agencies.ts), kept by an administrator on the
   * agency pages. Without it the case page has no onward-referral form and there are no agency pages.
   */
  readonly agencies?: AgencyList;
  /** The caseworkers a team leader allocates to; without it the task page offers no allocation. */
  readonly staff?: StaffDirectory;
  /**
   * Who owns each case (docs/service-rules.md, "Allocation"): My cases, the caseloads and allocating a case.
   * Without it there are no such pages, and closing a case touches no caseload.
   */
  readonly owners?: CaseOwners;
  /**
   * Which volunteers have which cases (docs/web-app.md, "Volunteers"). Without it no volunteer opens any
   * case and there is no page assigning one.
   */
  readonly volunteers?: VolunteerAssignments;
  /** Sign-in through the Cognito user pool's managed login (AWS). */
  readonly cognito?: CognitoSignIn;
  /**
   * Target hardening (docs/target-hardening.md): the jobs, the money rules their items are checked against, and starting a
   * standard job's workflow. Without it there are no job pages and no referral from the case page.
   */
  readonly targetHardening?: {
    readonly jobs: TargetHardeningStores;
    readonly limits: ProductLimits;
    readonly workflows: TargetHardeningJobs;
    /** Guarantees, requests for work outside the contract and inspections; without it, no such pages. */
    readonly oversight?: ThOversightStore;
  };
  /**
   * The commissioner's quarterly returns as stored (docs/reporting.md), for the analyst to list, download
   * and mark as submitted, with the submissions kept. Without it there are no return pages.
   */
  readonly returns?: {
    readonly stored: Pick<ReturnStore, 'list' | 'get'>;
    readonly submissions: ReturnSubmissions;
  };
  /**
   * Outcomes against targets (docs/outcomes.md): the police survey's answers, the year's targets and the
   * improvement plans a missed target raises. Without it there are no such pages.
   */
  readonly outcomes?: OutcomeStore;
  /**
   * Criminal justice milestones and the re-engagement calls before them (docs/service-rules.md,
   * re-engagement): the milestones, the one-time schedules that raise the calls, and the state machine they
   * start. Without it the case record has no milestones.
   */
  readonly reEngagement?: {
    readonly milestones: MilestoneStore;
    readonly schedules: Pick<Schedules, 'scheduleExecution' | 'cancelSchedule'>;
    readonly reEngagementArn: string;
  };
  /**
   * Finding a case by reference, name, date of birth or postcode (docs/web-app.md, "Find a case"). Without
   * it there is no search page.
   */
  readonly caseSearch?: CaseSearch;
  /**
   * Restorative justice as a process and mental health triage (docs/service-rules.md): the offer, the
   * exception decision and stages, and referrals to the mental health nurses. Without it the case keeps
   * only the earlier restorative justice request.
   */
  readonly restorativeJustice?: { readonly rj: RjProcessStore; readonly triage: MhTriageStore };
  /**
   * Referrals keyed in by staff (docs/public-pages.md, "Referrals keyed in by staff"): the contact paths their
   * cases start on. Without it there is no page for keying one in.
   */
  readonly keyedReferrals?: { readonly workflows: Workflows };
  /**
   * Where the web app notes what no case's audit holds (a search that found nothing): ids and codes only,
   * never a value typed. In AWS the function's logger; locally not kept.
   */
  readonly log?: (message: string, detail: Readonly<Record<string, string>>) => void;
}
