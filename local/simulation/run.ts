import { ingestRows, intakeFileId } from '../../shared/application/ingest.ts';
import { completeTask } from '../../shared/application/task-queue.ts';
import {
  addCalendarDays,
  localDateOf,
  nextServiceOpening,
  startOfLocalDay,
} from '../../shared/domain/calendar.ts';
import { parsePoliceDownload } from '../../shared/domain/intake/police-download.ts';
import type { Queue } from '../../shared/domain/task.ts';
import { TaskNotOpenError } from '../../shared/domain/task.ts';
import type { ExecutionStore } from '../engine/execution-store.ts';
import { httpApiRequest, localContext, localDeliveryEvent } from '../lambda-events.ts';
import { toCsv } from '../synthetic/police-download.ts';
import type { LocalSystem } from '../system/local-system.ts';
import type { VirtualClock } from '../system/virtual-clock.ts';
import { type CareStep, type CaseInCare, carePlan, workCareStep } from './aftercare.ts';
import type { Arrival } from './arrivals.ts';
import { decideRjExceptionTask } from './casework-extras.ts';
import { workOn } from './caseworkers.ts';
import { inParallel } from './in-parallel.ts';
import { recordedOptions, type SimulationOptions } from './options.ts';
import type { SimulatedProvider } from './provider.ts';
import { type RunState, type WorkInHand, writeRunState } from './run-state.ts';
import { caseworkerShift, type Shift, Team, teamLeaderShift } from './staff.ts';

/** Where a run stands, as it reports once per simulated day. */
export interface SimulationProgress {
  readonly at: Date;
  readonly arrived: number;
  readonly referrals: number;
  readonly tasksCompleted: number;
}

/** What a run reports to its caller, and where a kept run writes its state. */
export interface RunEnvironment {
  /** The kept data directory, whose run state is written before every moment. */
  readonly dataDir?: string;
  /** Called once per simulated day. */
  readonly onProgress?: (progress: SimulationProgress) => void;
}

/** The longest a run goes on after the last arrival: the contact path's own timeout (60 days) and more. */
const DRAIN_DAYS = 75;
const COMPLETIONS_AT_ONCE = 8;
export const DAY_MS = 86_400_000;

/** One run of the simulation: the clock, the staff, the work in hand. */
export class Run {
  opened = 0;
  lateRefused = 0;
  readonly tasksCompleted = new Map<string, number>();
  private readonly inProgress = new Map<string, WorkInHand>();
  private readonly caseworkers: Team;
  private readonly teamLeaders: Team;
  private readonly stepMs: number;
  /** The last work moment; work moments lie on a grid of steps and each happens once. */
  private lastWork = Number.NEGATIVE_INFINITY;
  /** Whether a queue may hold a task nobody has picked up (the engine has run since it was last read). */
  private readonly pending: Record<Queue, boolean> = { caseworkers: false, 'team-leaders': false };
  /** Arrivals taken in so far (an index into the plan), and the referrals they held. */
  private arrivalsTaken = 0;
  private arrived = 0;
  private reportedDay: number;
  /** Cases in further support after first contact, with their casework (local/simulation/aftercare.ts). */
  private readonly inCare = new Map<string, { care: CaseInCare; steps: readonly CareStep[] }>();
  /** Contacts logged and cases closed (by reason) by the caseworkers after first contact. */
  contactsLogged = 0;
  readonly casesClosed = new Map<string, number>();

  constructor(
    private readonly system: LocalSystem,
    private readonly wakes: ExecutionStore,
    private readonly clock: VirtualClock,
    private readonly options: SimulationOptions,
    private readonly environment: RunEnvironment,
    private readonly provider: SimulatedProvider,
    /** The state of a stopped run this one carries on. */
    private readonly resumed?: RunState,
  ) {
    this.caseworkers = new Team('caseworker', options.staff, resumed?.caseworkersFreeAt);
    this.teamLeaders = new Team('team.leader', options.teamLeaders, resumed?.teamLeadersFreeAt);
    this.stepMs = options.stepMinutes * 60_000;
    this.reportedDay = Math.floor(options.start.getTime() / DAY_MS);
    if (resumed) {
      this.opened = resumed.opened;
      this.lateRefused = resumed.lateRefused;
      for (const [type, n] of Object.entries(resumed.tasksCompleted)) this.tasksCompleted.set(type, n);
      for (const item of resumed.inProgress) this.inProgress.set(item.taskId, item);
      this.lastWork = resumed.lastWork ?? Number.NEGATIVE_INFINITY;
      this.pending.caseworkers = resumed.pending.caseworkers;
      this.pending['team-leaders'] = resumed.pending['team-leaders'];
      this.arrivalsTaken = resumed.arrivalsTaken;
      this.arrived = resumed.arrived;
      this.reportedDay = resumed.reportedDay;
      for (const care of resumed.inCare ?? []) this.takeIntoCare(care);
      this.contactsLogged = resumed.contactsLogged ?? 0;
      for (const [reason, n] of Object.entries(resumed.casesClosed ?? {})) this.casesClosed.set(reason, n);
      for (const owed of resumed.owed) {
        this.provider.owe({
          ...owed,
          message: { ...owed.message, status: 'sent', sentAt: new Date(owed.message.sentAt) },
        });
      }
    }
  }

  /**
   * Moves from one moment to the next where something happens: an arrival, an engine timer, or a work
   * moment (finished work to record, or a queue with work while someone is on duty). Moments where nothing
   * can happen are skipped, which gives the same results as visiting them.
   *
   * A kept run writes its state before each moment. A resumed run works the moment its predecessor was
   * working again, from that state: whatever part of it was done is found done (every step is idempotent),
   * and the rest is done as it would have been.
   */
  async go(arrivals: readonly Arrival[]): Promise<void> {
    const { engine } = this.system;
    const lastArrival = arrivals.at(-1)?.at.getTime() ?? this.options.start.getTime();
    const cap = lastArrival + DRAIN_DAYS * DAY_MS;
    const kept = this.environment.dataDir;
    let replay = this.resumed?.moment;
    let stalledAt: number | undefined;
    for (;;) {
      const now = this.clock.now().getTime();
      const work = this.nextWorkMoment(now);
      const replaying = replay !== undefined;
      let moment: number;
      let wake: number | undefined;
      if (replay !== undefined) {
        // The engine may be anywhere inside the moment: let it fire whatever is still due up to it.
        moment = replay;
        wake = moment;
        replay = undefined;
      } else {
        const arrival = arrivals[this.arrivalsTaken];
        wake = (await this.wakes.nextWake())?.getTime();
        const report = this.provider.nextReport();
        const care = this.nextCareStep();
        if (
          !arrival &&
          wake === undefined &&
          work === undefined &&
          report === undefined &&
          care === undefined
        )
          return;
        moment = Math.max(
          now,
          Math.min(
            arrival?.at.getTime() ?? Number.POSITIVE_INFINITY,
            care ?? Number.POSITIVE_INFINITY,
            wake ?? Number.POSITIVE_INFINITY,
            work ?? Number.POSITIVE_INFINITY,
            report ?? Number.POSITIVE_INFINITY,
          ),
        );
        if (moment > cap) return;
        if (kept) writeRunState(kept, this.state(moment));
      }
      let writes = 0;
      if (wake !== undefined && wake <= moment)
        writes += await engine.advanceTo(new Date(moment), this.clock);
      else this.clock.set(new Date(moment));
      while (
        arrivals[this.arrivalsTaken] &&
        (arrivals[this.arrivalsTaken] as Arrival).at.getTime() <= moment
      ) {
        const next = arrivals[this.arrivalsTaken++] as Arrival;
        await this.receive(next, replaying);
        this.arrived += next.referrals.length;
        writes += await engine.runDue();
      }
      for (const due of this.provider.takeDue(moment)) {
        await this.system.handlers.recordDeliveryStatus(
          localDeliveryEvent(due.message, due.mark, new Date(due.at)),
          localContext('record-delivery-status'),
        );
        writes += await engine.runDue();
      }
      writes += await this.workCare(moment);
      // A moment worked again may find its writes made already: its queues may hold new tasks all the same.
      if (writes > 0 || replaying) this.queuesChanged();
      if (work === moment) {
        await this.work(moment);
        this.lastWork = moment;
      } else if (!replaying && writes === 0 && moment === now && wake !== undefined && wake <= now) {
        // Something is due that the engine will not move: say so rather than spin.
        if (stalledAt === moment)
          throw new Error(`the engine has work due at ${new Date(moment).toISOString()} it does not do`);
        stalledAt = moment;
      }
      const day = Math.floor(moment / DAY_MS);
      if (day !== this.reportedDay) {
        this.reportedDay = day;
        this.environment.onProgress?.({
          at: new Date(moment),
          arrived: this.arrived,
          referrals: this.options.referrals,
          tasksCompleted: [...this.tasksCompleted.values()].reduce((a, b) => a + b, 0),
        });
      }
    }
  }

  /** The run's state before `moment` is worked, as a resumed run takes it up. */
  private state(moment: number): RunState {
    return {
      version: 1,
      options: recordedOptions(this.options),
      moment,
      clock: this.clock.now().getTime(),
      arrivalsTaken: this.arrivalsTaken,
      arrived: this.arrived,
      opened: this.opened,
      lateRefused: this.lateRefused,
      tasksCompleted: Object.fromEntries(this.tasksCompleted),
      inProgress: [...this.inProgress.values()],
      caseworkersFreeAt: this.caseworkers.freeFrom(),
      teamLeadersFreeAt: this.teamLeaders.freeFrom(),
      lastWork: Number.isFinite(this.lastWork) ? this.lastWork : null,
      pending: { ...this.pending },
      reportedDay: this.reportedDay,
      inCare: [...this.inCare.values()].map(({ care }) => care),
      contactsLogged: this.contactsLogged,
      casesClosed: Object.fromEntries(this.casesClosed),
      owed: this.provider.owed().map((report) => ({
        at: report.at,
        mark: report.mark,
        message: {
          caseId: report.message.caseId,
          messageId: report.message.messageId,
          channel: report.message.channel as 'email' | 'sms',
          purpose: report.message.purpose,
          sentAt: report.message.sentAt.toISOString(),
          ...(report.message.providerMessageId
            ? { providerMessageId: report.message.providerMessageId }
            : {}),
        },
      })),
    };
  }

  private takeIntoCare(care: CaseInCare): void {
    this.inCare.set(care.caseId, { care, steps: carePlan(this.options.seed, care.caseId, care.from) });
  }

  /** When the next step of casework after first contact is due, if any is left. */
  private nextCareStep(): number | undefined {
    let best = Number.POSITIVE_INFINITY;
    for (const { care, steps } of this.inCare.values())
      best = Math.min(best, steps[care.done]?.at ?? Number.POSITIVE_INFINITY);
    return Number.isFinite(best) ? best : undefined;
  }

  /**
   * Works every step of casework due by `moment`, case by case in case id order; a case whose casework is
   * done leaves care.
   * Worked again after a stop, a step records nothing twice (each is keyed: shared/application/log-contact.ts,
   * case-actions.ts). Returns the engine's writes.
   */
  private async workCare(moment: number): Promise<number> {
    const due = [...this.inCare.values()]
      .filter(({ care, steps }) => (steps[care.done]?.at ?? Number.POSITIVE_INFINITY) <= moment)
      .sort((a, b) => a.care.caseId.localeCompare(b.care.caseId));
    if (due.length === 0) return 0;
    let queued = false;
    for (const entry of due) {
      let { care } = entry;
      for (let step = entry.steps[care.done]; step && step.at <= moment; step = entry.steps[care.done]) {
        if (await workCareStep(this.system, this.clock, this.options.seed, care, step)) queued = true;
        if (step.kind === 'contact') this.contactsLogged++;
        if (step.kind === 'close')
          this.casesClosed.set(step.reason, (this.casesClosed.get(step.reason) ?? 0) + 1);
        care = { ...care, done: care.done + 1 };
        entry.care = care;
      }
      if (care.done >= entry.steps.length) this.inCare.delete(care.caseId);
    }
    // A task raised outside the engine (a restorative justice exception): the team leaders look again.
    if (queued) this.queuesChanged();
    return this.system.engine.runDue();
  }

  private queuesChanged(): void {
    this.pending.caseworkers = true;
    this.pending['team-leaders'] = true;
  }

  private onGrid(at: number): number {
    return Math.ceil(at / this.stepMs) * this.stepMs;
  }

  /** The next moment on the step grid when work in hand finishes, or a queue has work and its team is on duty. */
  private nextWorkMoment(now: number): number | undefined {
    const from = Math.max(now, this.lastWork + 1);
    let best = Number.POSITIVE_INFINITY;
    for (const item of this.inProgress.values())
      best = Math.min(best, this.onGrid(Math.max(item.finishAt, from)));
    if (this.pending.caseworkers)
      best = Math.min(
        best,
        this.nextOnDuty(from, (at) => caseworkerShift(at, this.options.staff)),
      );
    if (this.pending['team-leaders'])
      best = Math.min(
        best,
        this.nextOnDuty(from, (at) => teamLeaderShift(at, this.options.teamLeaders)),
      );
    return Number.isFinite(best) ? best : undefined;
  }

  /** The first grid moment from `from` at which a team is on duty. */
  private nextOnDuty(from: number, shift: (at: Date) => Shift | undefined): number {
    let at = this.onGrid(from);
    for (let day = 0; day < 30; day++) {
      if (shift(new Date(at))) return at;
      const opening = nextServiceOpening(new Date(at)).getTime();
      // Open but this team is off (team leaders on a Saturday): try the next day's opening.
      at = this.onGrid(
        opening > at ? opening : startOfLocalDay(addCalendarDays(localDateOf(new Date(at)), 1)).getTime(),
      );
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * Takes an arrival in through its real route at the clock's time. Worked again (`again`), it may find
   * some or all of its referrals received already: intake answers them as duplicates, each the case it opened.
   */
  private async receive(arrival: Arrival, again: boolean): Promise<void> {
    const { system } = this;
    if (arrival.kind === 'police-download') {
      const file = `police-download-${arrival.day}.csv`;
      const csv = toCsv(arrival.rows);
      const summary = await ingestRows(
        parsePoliceDownload(csv),
        { file, fileId: intakeFileId(file, csv), channel: 'police-download' },
        { store: system.store, clock: this.clock, workflows: system.workflows },
      );
      if (summary.rejected > 0 || summary.declined > 0) {
        const first = summary.errors[0];
        throw new Error(
          `the simulated download for ${arrival.day} had ${summary.rejected} rejected rows${first ? ` (row ${first.row} ${first.field} ${first.message})` : ''}`,
        );
      }
      this.opened += summary.accepted + (again ? summary.duplicates : 0);
      return;
    }
    const path = arrival.kind === 'partner' ? '/referrals/partner' : '/referrals/self';
    const response = (await system.handlers.receiveReferral(
      httpApiRequest('POST', path, JSON.stringify(arrival.body)),
      localContext('receive-referral'),
    )) as { statusCode: number; body: string };
    if (response.statusCode !== 201 && !(again && response.statusCode === 200)) {
      throw new Error(
        `a simulated ${arrival.kind} referral was refused: ${response.statusCode} ${response.body}`,
      );
    }
    this.opened += 1;
  }

  /** A work moment: finished work is recorded, then whoever is free picks up the next tasks in the queue. */
  private async work(moment: number): Promise<void> {
    const finished = [...this.inProgress.values()]
      .filter((item) => item.finishAt <= moment)
      .sort((a, b) => a.finishAt - b.finishAt || a.taskId.localeCompare(b.taskId));
    if (finished.length > 0) {
      const { tasks, store, workflows } = this.system;
      await inParallel(finished, COMPLETIONS_AT_ONCE, async (item) => {
        this.inProgress.delete(item.taskId);
        try {
          // An exception decision is made on its page against the three criteria, which completes the task.
          if (item.type === 'rj-exception-decision')
            await decideRjExceptionTask(this.system, this.clock, {
              taskId: item.taskId,
              user: item.user,
              approved: item.outcome.outcome === 'approved',
            });
          else
            await completeTask(item.taskId, item.user, item.outcome, {
              tasks,
              store,
              workflows,
              // A review's next review and a reassessment's next mark start as the web app starts them.
              reviews: workflows,
              caseChecks: workflows,
              clock: this.clock,
            });
          this.tasksCompleted.set(item.type, (this.tasksCompleted.get(item.type) ?? 0) + 1);
          // First contact led to further support: the caseworker who made it works the case from here.
          if (item.outcome.firstContact === 'further-support') {
            const caseId = item.taskId.slice(0, item.taskId.indexOf('.'));
            if (!this.inCare.has(caseId))
              this.takeIntoCare({ caseId, from: item.finishAt, user: item.user, done: 0 });
          }
        } catch (error) {
          // The deadline passed while the work was being done: the path has escalated without it.
          if (!(error instanceof TaskNotOpenError)) throw error;
          this.lateRefused++;
        }
      });
      if ((await this.system.engine.runDue()) > 0) this.queuesChanged();
    }
    const at = new Date(moment);
    const caseworkers = caseworkerShift(at, this.options.staff);
    if (caseworkers) await this.pickUp('caseworkers', this.caseworkers, caseworkers, moment);
    const leaders = teamLeaderShift(at, this.options.teamLeaders);
    if (leaders) await this.pickUp('team-leaders', this.teamLeaders, leaders, moment);
  }

  /** People free in this step take open tasks in queue order (due, priority, task id). */
  private async pickUp(queue: Queue, team: Team, shift: Shift, moment: number): Promise<void> {
    if (!this.pending[queue]) return;
    const until = moment + this.stepMs;
    if (!team.next(shift, moment, until)) return;
    let after: string | undefined;
    do {
      const page = await this.system.tasks.listOpen({ queue }, { limit: 100, ...(after ? { after } : {}) });
      for (const task of page.tasks) {
        if (this.inProgress.has(task.taskId)) continue;
        const who = team.next(shift, moment, until);
        // Everyone is busy: the rest of the queue waits for the next step.
        if (!who) return;
        const done = workOn(task, this.options.seed, new Date(who.start));
        const finishAt = who.start + done.minutes * 60_000;
        team.busyUntil(who.member, finishAt);
        this.inProgress.set(task.taskId, {
          taskId: task.taskId,
          type: task.type,
          outcome: done.outcome,
          finishAt,
          user: team.user(who.member),
        });
      }
      after = page.next;
    } while (after);
    // The whole queue has been read and taken: nothing waits in it until the engine runs again.
    this.pending[queue] = false;
  }
}
