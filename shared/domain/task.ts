import * as z from 'zod';
import { shapeErrors } from './field-errors.ts';

/** The work a person does on a case; each waits in a queue until its outcome is recorded. */
export const TASK_TYPES = [
  'call-attempt',
  'home-visit',
  'book-needs-assessment',
  'onward-referral',
  'safe-contact-review',
  'deadline-escalation',
  'plan-review',
  're-engagement-call',
  'reassessment',
  'dependency-check',
  'rj-exception-decision',
  'web-chat',
  'improvement-plan',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const QUEUES = ['caseworkers', 'team-leaders'] as const;
export type Queue = (typeof QUEUES)[number];

/**
 * The queue each type of task is made in (the workflows name it when they make the task). Who may work a
 * task is decided by the queue it sits in (shared/domain/roles.ts): a safe-contact review or an escalation
 * is a team leader's, the rest are the caseworkers'.
 */
export const TASK_QUEUE: Readonly<Record<TaskType, Queue>> = {
  'call-attempt': 'caseworkers',
  'home-visit': 'caseworkers',
  'book-needs-assessment': 'caseworkers',
  'onward-referral': 'caseworkers',
  'safe-contact-review': 'team-leaders',
  'deadline-escalation': 'team-leaders',
  'plan-review': 'caseworkers',
  're-engagement-call': 'caseworkers',
  reassessment: 'caseworkers',
  'dependency-check': 'caseworkers',
  // Restorative justice for an excepted offence: decided on the case's decision page (shared/domain/rj-process.ts).
  'rj-exception-decision': 'team-leaders',
  // A self-referrer's booked web chat, at its slot (shared/domain/web-chat.ts): the case's caseworker's.
  'web-chat': 'caseworkers',
  // A target the quarterly return shows missed (shared/domain/outcomes): written on the plan's page.
  'improvement-plan': 'team-leaders',
};

export type TaskStatus = 'open' | 'completed' | 'timed-out';

/** A task as the queue shows it; the token that resumes the workflow never leaves the server. */
export interface Task {
  readonly taskId: string;
  readonly caseId: string;
  readonly type: TaskType;
  readonly queue: Queue;
  readonly priority: 1 | 2 | 3;
  readonly due: Date;
  readonly attempt: number;
  readonly status: TaskStatus;
  readonly createdAt: Date;
  readonly assignee?: string;
  readonly reason?: string;
  readonly voicemailAllowed?: boolean;
  /** Copied from the case when the task is made, for the queue's filters. */
  readonly enhanced?: boolean;
  readonly area?: string;
  readonly outcome?: TaskOutcome;
  readonly completedBy?: string;
  readonly completedAt?: Date;
}

/** The task id: one task per case, type and attempt, so a re-run workflow step never makes a second. */
export function taskIdFor(caseId: string, type: TaskType, attempt: number): string {
  return `${caseId}.${type}.${attempt}`;
}

// A task id as taskIdFor writes it: a case reference, a task type and an attempt number.
const TASK_ID = new RegExp(
  `^[A-Z0-9]{1,8}(?:-[A-Z0-9]{1,16}){1,3}\\.(?:${TASK_TYPES.join('|')})\\.\\d{1,6}$`,
);

/** Whether a value could be a task id at all (anything else is no task, without asking the store). */
export const isTaskId = (value: unknown): value is string => typeof value === 'string' && TASK_ID.test(value);

/** What first contact led to (docs/service-rules.md, rule 6). */
export const FIRST_CONTACT_RESULTS = [
  'initial-contact-only',
  'further-support',
  'onward-referral',
  'declined',
] as const;

const onwardService = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
const notes = z.string().trim().max(2000, 'must be at most 2000 characters').optional();

const firstContact = {
  firstContact: z.enum(FIRST_CONTACT_RESULTS, {
    error: `must be one of ${FIRST_CONTACT_RESULTS.join(', ')}`,
  }),
  onwardService: onwardService.optional(),
};

/** Valid outcomes per task type; anything else is refused naming the field. */
export const TaskOutcomeSchemas = {
  'call-attempt': z.discriminatedUnion(
    'outcome',
    [
      z.strictObject({ outcome: z.literal('spoke-to-victim'), ...firstContact, notes }),
      z.strictObject({ outcome: z.literal('no-answer'), notes }),
      z.strictObject({ outcome: z.literal('voicemail-left'), notes }),
      z.strictObject({ outcome: z.literal('wrong-number'), notes }),
      z.strictObject({ outcome: z.literal('declined'), notes }),
    ],
    { error: 'must be one of spoke-to-victim, no-answer, voicemail-left, wrong-number, declined' },
  ),
  'home-visit': z.discriminatedUnion(
    'outcome',
    [
      z.strictObject({ outcome: z.literal('visited'), ...firstContact, notes }),
      z.strictObject({ outcome: z.literal('no-one-home'), notes }),
      z.strictObject({ outcome: z.literal('declined'), notes }),
    ],
    { error: 'must be one of visited, no-one-home, declined' },
  ),
  'book-needs-assessment': z.strictObject({
    outcome: z.literal('booked', { error: 'must be booked' }),
    appointmentAt: z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' }),
    notes,
  }),
  'onward-referral': z.strictObject({
    outcome: z.literal('referred', { error: 'must be referred' }),
    onwardService,
    notes,
  }),
  'safe-contact-review': z.strictObject({
    outcome: z.enum(['contacted-safely', 'not-contactable'], {
      error: 'must be contacted-safely or not-contactable',
    }),
    notes,
  }),
  'deadline-escalation': z.strictObject({
    outcome: z.enum(['resolved', 'not-contactable'], { error: 'must be resolved or not-contactable' }),
    notes,
  }),
  // Every review but the last sets the next (shared/domain/long-cases.ts checks the date against today).
  'plan-review': z.strictObject({
    outcome: z.enum(['on-track', 'done', 'changed'], { error: 'must be on-track, done or changed' }),
    nextReviewAt: z.iso.date({ error: 'must be a real date' }).optional(),
    notes,
  }),
  // At a six-month mark: the needs assessment repeated, or the victim would not have it.
  reassessment: z.strictObject({
    outcome: z.enum(['reassessed', 'declined'], { error: 'must be reassessed or declined' }),
    notes,
  }),
  // After a month of support: carry on, taper it off, or hand the case to a volunteer.
  'dependency-check': z.strictObject({
    outcome: z.enum(['continue', 'taper', 'volunteer'], { error: 'must be continue, taper or volunteer' }),
    notes,
  }),
  // Before a court date or a release: the victim reached (offered support again), not reached, turned it
  // down, or the call no longer needed (the date moved or was withdrawn).
  're-engagement-call': z.strictObject({
    outcome: z.enum(['spoke-to-victim', 'no-answer', 'declined', 'not-needed'], {
      error: 'must be spoke-to-victim, no-answer, declined or not-needed',
    }),
    notes,
  }),
  'rj-exception-decision': z.strictObject({
    outcome: z.enum(['approved', 'not-approved'], { error: 'must be approved or not-approved' }),
    notes,
  }),
  // A booked web chat: held (the chat ended and its transcript kept on the case), or the victim never came.
  'web-chat': z.strictObject({
    outcome: z.enum(['held', 'victim-did-not-join'], { error: 'must be held or victim-did-not-join' }),
    notes,
  }),
  // Done on the plan's page once its actions are written (shared/application/improvement-plans.ts).
  'improvement-plan': z.strictObject({
    outcome: z.literal('written', { error: 'must be written' }),
    notes,
  }),
} as const satisfies Record<TaskType, z.ZodType>;

export type TaskOutcome = z.output<(typeof TaskOutcomeSchemas)[TaskType]>;

/** Validates an outcome for a task type, naming each bad field. */
export function validateOutcome(
  type: TaskType,
  body: unknown,
): { ok: true; outcome: TaskOutcome } | { ok: false; errors: Array<{ field: string; message: string }> } {
  const result = TaskOutcomeSchemas[type].safeParse(body);
  if (result.success) {
    const outcome = result.data as TaskOutcome & { firstContact?: string; onwardService?: string };
    if (outcome.firstContact === 'onward-referral' && !outcome.onwardService) {
      return {
        ok: false,
        errors: [{ field: 'onwardService', message: 'is required for an onward referral' }],
      };
    }
    return { ok: true, outcome };
  }
  // An unknown key is named by itself, not by the outcome beside it (a misspelt `notes` says `nots`).
  return { ok: false, errors: shapeErrors(result.error.issues, 'outcome') };
}

/** The task is not open any more (done, or its deadline passed and it was escalated). */
export class TaskNotOpenError extends Error {
  override name = 'TaskNotOpenError';
}

/** Someone else has claimed the task. */
export class TaskAlreadyClaimedError extends Error {
  override name = 'TaskAlreadyClaimedError';
}

export class TaskNotFoundError extends Error {
  override name = 'TaskNotFoundError';
}

/**
 * Why a claim, assignment or completion of a task lost, as the task now stands (none: it is not there).
 * Every task store answers a lost write with this error.
 */
export function whyTaskNotTaken(taskId: string, task: Task | undefined, action: 'claim' | 'complete'): Error {
  if (!task) return new TaskNotFoundError(`task ${taskId} does not exist`);
  if (task.status === 'completed') {
    return new TaskNotOpenError(
      `task ${taskId} was already completed by ${task.completedBy ?? 'someone else'}`,
    );
  }
  if (task.status === 'timed-out') {
    return new TaskNotOpenError(`task ${taskId} passed its deadline and was escalated to a team leader`);
  }
  return new TaskAlreadyClaimedError(
    `task ${taskId} is claimed by ${task.assignee ?? 'someone else'}; you cannot ${action} it`,
  );
}
