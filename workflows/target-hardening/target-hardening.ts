import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  ENTERED,
  lambdaStep,
  standardStateMachine,
  TASK_TOKEN,
  type WorkflowProps,
  workflowSteps,
} from '../standard-state-machine.ts';

/** The functions a target-hardening job calls (from functions/registry.ts). */
export interface TargetHardeningFunctions {
  readonly planJob: IFunction;
  readonly awaitJob: IFunction;
  readonly recordJobEvent: IFunction;
  readonly notifyJob: IFunction;
  readonly scheduleFollowUp: IFunction;
}

export interface TargetHardeningProps extends WorkflowProps {
  readonly functions: TargetHardeningFunctions;
}

const entered = ENTERED;

// The follow-up call: due within two weeks of its date, closed as missed after thirty days.
const FOLLOW_UP_DUE = Duration.days(14);
const FOLLOW_UP_WINDOW = Duration.days(30);

/**
 * A target-hardening job (docs/service-rules.md, rule 12), as a Standard state machine in JSONata. Execution
 * name = job id; input `{ jobId }`. Standard: the contractor phones the victim and books, then attends within
 * 5 working days; emergency: the contractor is alerted by text and e-mail and attends within 4 hours. One
 * wait for the contractor serves every stage (booking, then visit); its timeout is the next deadline: first the alert
 * (a team leader is told before the deadline is missed, rule 13), then the deadline (a breach is recorded),
 * then a last fortnight before the job is closed as not attended. After the visit: a team leader is told of
 * needs beyond the price cap or budget, the referrer of further needs (with consent), and the 12-month
 * follow-up is scheduled — a one-time schedule that starts this machine again with `{ jobId, followUp: true }`.
 */
export class TargetHardening extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TargetHardeningProps) {
    super(scope, id);
    const fn = props.functions;

    const { invoke, recorder } = workflowSteps(this, [fn.notifyJob]);
    const recordEvent = recorder(fn.recordJobEvent, { jobId: '{% $plan.jobId %}' });
    const notify = (name: string, purpose: string) =>
      invoke(name, fn.notifyJob, { jobId: '{% $plan.jobId %}', purpose });
    const rule = "{% $plan.kind = 'emergency' ? 'th-emergency-attendance' : 'th-standard-attendance' %}";

    // --- The follow-up, a year after the visit ------------------------------------------------------
    const followedUp = recordEvent('Record follow-up done', {
      eventId: 'follow-up',
      type: 'job-ended',
      detail: { result: '{% $followUp.outcome %}' },
    }).next(sfn.Succeed.jsonata(this, 'Followed up'));
    const followUpMissed = recordEvent('Record follow-up missed', {
      eventId: 'follow-up-missed',
      type: 'follow-up-missed',
      detail: { reason: 'follow-up not recorded within thirty days of its date' },
      status: 'closed',
    }).next(sfn.Succeed.jsonata(this, 'Follow-up missed'));
    const awaitFollowUp = lambdaStep(this, 'Wait for the follow-up', {
      lambdaFunction: fn.awaitJob,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: TASK_TOKEN,
        jobId: '{% $plan.jobId %}',
        stage: 'follow-up',
        due: `{% $fromMillis(${entered} + ${FOLLOW_UP_DUE.toMilliseconds()}) %}`,
      }),
      taskTimeout: sfn.Timeout.duration(FOLLOW_UP_WINDOW),
      assign: { followUp: '{% $states.result %}' },
    });
    awaitFollowUp.addCatch(followUpMissed, { errors: [sfn.Errors.TIMEOUT] });
    awaitFollowUp.next(followedUp);

    // --- After the visit ------------------------------------------------------------------------------
    const scheduleFollowUp = invoke('Schedule the follow-up', fn.scheduleFollowUp, {
      jobId: '{% $plan.jobId %}',
    }).next(sfn.Succeed.jsonata(this, 'Visited'));
    const feedBack = notify('Tell the referrer of further needs', 'additional-needs').next(scheduleFollowUp);
    const feedback = sfn.Choice.jsonata(this, 'Further needs to pass back?')
      .when(sfn.Condition.jsonata('{% $answer.additionalNeeds = true %}'), feedBack)
      .otherwise(scheduleFollowUp);
    const withheld = recordEvent('Record items withheld', {
      eventId: 'items-withheld',
      type: 'items-withheld',
      detail: { reason: 'the home needed more than the price cap or the product budget allows' },
    })
      .next(notify('Tell a team leader of items withheld', 'items-withheld'))
      .next(feedback);
    const afterVisit = sfn.Choice.jsonata(this, 'Needed more than allowed?')
      .when(sfn.Condition.jsonata('{% $answer.neededMoreThanAllowed = true %}'), withheld)
      .otherwise(feedback);

    const refused = recordEvent('Record refusal', {
      eventId: 'refused',
      type: 'job-ended',
      detail: { result: 'refused', stage: '{% $stage %}' },
      status: 'refused',
    }).next(sfn.Succeed.jsonata(this, 'Refused'));

    // --- The wait for the contractor, with its deadlines ---------------------------------------------
    const awaitContractor = lambdaStep(this, 'Wait for the contractor', {
      lambdaFunction: fn.awaitJob,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: TASK_TOKEN,
        jobId: '{% $plan.jobId %}',
        stage: '{% $stage %}',
        due: '{% $plan.attendBy %}',
      }),
      taskTimeout: sfn.Timeout.jsonata(
        `{% $max([60, $floor(($toMillis($phase = 'before-alert' ? $plan.alertAt : $phase = 'before-deadline' ? $plan.attendBy : $plan.closeBy) - ${entered}) / 1000)]) %}`,
      ),
      assign: { answer: '{% $states.result %}' },
    });

    const alerted = sfn.Pass.jsonata(this, 'Alerted', { assign: { phase: 'before-deadline' } }).next(
      awaitContractor,
    );
    const atRisk = recordEvent('Record attendance at risk', {
      eventId: 'at-risk.attendance',
      type: 'deadline-at-risk',
      detail: { rule, reason: "{% 'no ' & $stage & ' recorded as the deadline nears' %}" },
    })
      .next(notify('Tell a team leader the job is at risk', 'at-risk'))
      .next(alerted);
    const breached = recordEvent('Record attendance missed', {
      eventId: 'breach.attendance',
      type: 'deadline-breached',
      detail: { rule, reason: "{% 'no ' & $stage & ' recorded by the deadline' %}" },
    }).next(sfn.Pass.jsonata(this, 'Late', { assign: { phase: 'late' } }).next(awaitContractor));
    const notAttended = recordEvent('Record not attended', {
      eventId: 'not-attended',
      type: 'job-ended',
      detail: { result: 'not-attended' },
      status: 'not-attended',
    }).next(sfn.Succeed.jsonata(this, 'Not attended'));
    awaitContractor.addCatch(
      sfn.Choice.jsonata(this, 'Which deadline passed?')
        .when(sfn.Condition.jsonata("{% $phase = 'before-alert' %}"), atRisk)
        .when(sfn.Condition.jsonata("{% $phase = 'before-deadline' %}"), breached)
        .otherwise(notAttended),
      { errors: [sfn.Errors.TIMEOUT] },
    );
    awaitContractor.next(
      sfn.Choice.jsonata(this, 'What did the contractor record?')
        .when(
          sfn.Condition.jsonata("{% $stage = 'booking' and $answer.outcome = 'booked' %}"),
          sfn.Pass.jsonata(this, 'Booked', { assign: { stage: 'visit' } }).next(awaitContractor),
        )
        .when(sfn.Condition.jsonata("{% $answer.outcome = 'refused' %}"), refused)
        .when(sfn.Condition.jsonata("{% $stage = 'visit' and $answer.outcome = 'visited' %}"), afterVisit)
        .otherwise(
          sfn.Fail.jsonata(this, 'Unexpected answer', {
            error: 'UnexpectedJobAnswer',
            cause: "{% 'the contractor portal answered ' & $string($answer.outcome) & ' at ' & $stage %}",
          }),
        ),
    );

    // --- Plan, then the job by kind -------------------------------------------------------------------
    const alertContractor = notify('Alert the contractor', 'emergency-alert');
    // The alert could not be sent for good (a wrong number): the job goes on, and the team leader's alert
    // before the deadline still comes.
    alertContractor.addCatch(awaitContractor, { errors: ['PermanentDeliveryError'] });
    alertContractor.next(awaitContractor);
    const plan = lambdaStep(this, 'Plan the job', {
      lambdaFunction: fn.planJob,
      payload: sfn.TaskInput.fromObject({
        jobId: '{% $states.input.jobId %}',
        followUp: '{% $exists($states.input.followUp) and $states.input.followUp = true %}',
      }),
      assign: {
        plan: '{% $states.result.Payload %}',
        stage: "{% $states.result.Payload.kind = 'emergency' ? 'visit' : 'booking' %}",
        phase: 'before-alert',
      },
    });
    plan.next(
      sfn.Choice.jsonata(this, 'Follow-up or job?')
        .when(sfn.Condition.jsonata('{% $plan.followUp %}'), awaitFollowUp)
        .when(sfn.Condition.jsonata("{% $plan.kind = 'emergency' %}"), alertContractor)
        .otherwise(awaitContractor),
    );

    // Booking and visit within 5 working days, then at most a fortnight late; a follow-up run, 30 days.
    this.stateMachine = standardStateMachine(this, props, plan, Duration.days(60));
  }
}
