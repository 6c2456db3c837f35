import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { DELIVERY_REPORT_WINDOW_HOURS, MESSAGE_UNDELIVERABLE } from '../../shared/domain/delivery.ts';
import {
  ENTERED,
  lambdaStep,
  standardStateMachine,
  TASK_TOKEN,
  type WorkflowProps,
  workflowSteps,
} from '../standard-state-machine.ts';

/** The functions the contact path calls (from functions/registry.ts). */
export interface ContactPathFunctions {
  readonly planContactPath: IFunction;
  readonly createTask: IFunction;
  readonly sendMessage: IFunction;
  readonly recordCaseEvent: IFunction;
  readonly computeDeadline: IFunction;
  readonly awaitDelivery: IFunction;
}

export interface ContactPathProps extends WorkflowProps {
  readonly functions: ContactPathFunctions;
}

// JSONata helpers: times come from the state's entered time (ENTERED).
const entered = ENTERED;
const secondsUntil = (instant: string) =>
  `{% $max([60, $floor(($toMillis(${instant}) - ${entered}) / 1000)]) %}`;

// A team leader has five days to act on an escalation before it is itself recorded as missed.
const TEAM_LEADER_SLA = Duration.days(5);

// A message the provider refuses for good, or a letter that cannot be printed: a team leader finds
// another way to reach the victim (docs/messages.md: the path's fallback).
const UNDELIVERABLE = ['PermanentDeliveryError', 'LetterLayoutError'];

// How long the path waits for an e-mail's or text's delivery report before going on as if it arrived
// (shared/domain/delivery.ts says why).
const DELIVERY_REPORT_WINDOW = Duration.hours(DELIVERY_REPORT_WINDOW_HOURS);

// A call attempt whose slot is after the initial-contact deadline has this long to be made.
const LATE_CALL_WINDOW = Duration.hours(3);

/**
 * The contact path of one referral (docs/service-rules.md, rules 1–7 and 13), as a Standard state machine
 * in JSONata. Execution name = referral id; input `{ caseId }`. Every caseworker step is a task-token wait
 * with its SLA as TimeoutSeconds and a Catch on States.Timeout that records the breach and escalates.
 */
export class ContactPath extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ContactPathProps) {
    super(scope, id);
    const fn = props.functions;

    const { invoke, recorder } = workflowSteps(this, [fn.sendMessage]);

    const waitForTask = (
      name: string,
      payload: Record<string, unknown>,
      timeout: sfn.Timeout,
      assign: Record<string, unknown> = { outcome: '{% $states.result %}' },
    ) =>
      lambdaStep(this, name, {
        lambdaFunction: fn.createTask,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({
          taskToken: TASK_TOKEN,
          caseId: '{% $plan.caseId %}',
          ...payload,
        }),
        taskTimeout: timeout,
        assign,
      });

    const recordEvent = recorder(fn.recordCaseEvent, { caseId: '{% $plan.caseId %}' });

    const finish = (name: string, result: string) =>
      recordEvent(`Record ${name}`, {
        eventId: 'contact-path-completed',
        type: 'contact-path-completed',
        detail: { result },
      }).next(
        sfn.Succeed.jsonata(this, name, {
          outputs: { caseId: '{% $plan.caseId %}', result },
        }),
      );

    // --- Endings -----------------------------------------------------------------------------------
    const notContactable = finish('Not contactable', 'not-contactable');
    const declined = finish('Declined support', 'declined');
    const initialContactOnly = finish('Initial contact only', 'initial-contact-only');
    const furtherSupport = finish('Further support', 'further-support');
    const onwardReferred = finish('Passed to another service', 'onward-referral');

    // --- Team leader: a channel the path needs is unsafe (rule 5), or a deadline was missed ---------
    const safeContactMissed = recordEvent('Record safe contact review missed', {
      eventId: 'breach.safe-contact-review',
      type: 'deadline-breached',
      detail: { rule: 'team-leader-review', reason: 'safe contact review not completed within five days' },
      timedOutTaskId: "{% $plan.caseId & '.safe-contact-review.1' %}",
    }).next(notContactable);
    const safeContactReview = waitForTask(
      'Team leader reviews safe contact',
      {
        type: 'safe-contact-review',
        queue: 'team-leaders',
        priority: 1,
        due: `{% $fromMillis(${entered} + ${TEAM_LEADER_SLA.toMilliseconds()}) %}`,
        attempt: 1,
        reason: '{% $safeContactReason %}',
      },
      sfn.Timeout.duration(TEAM_LEADER_SLA),
    );
    safeContactReview.addCatch(safeContactMissed, { errors: [sfn.Errors.TIMEOUT] });
    safeContactReview.next(
      sfn.Choice.jsonata(this, 'Reached safely?')
        .when(sfn.Condition.jsonata("{% $outcome.outcome = 'contacted-safely' %}"), initialContactOnly)
        .otherwise(notContactable),
    );
    const needSafeContact = (name: string, reason: string) =>
      sfn.Pass.jsonata(this, name, { assign: { safeContactReason: reason } }).next(safeContactReview);

    // --- Final letter after failed contact (rules 1 and 3) -------------------------------------------
    const sendFinalLetter = invoke('Send final letter', fn.sendMessage, {
      caseId: '{% $plan.caseId %}',
      purpose: 'final-letter',
      channel: 'letter',
      attempt: 1,
    });
    sendFinalLetter.addCatch(needSafeContact('Final letter refused as unsafe', 'final letter unsafe'), {
      errors: ['UnsafeChannelError'],
    });
    sendFinalLetter.addCatch(
      needSafeContact('Final letter undeliverable', 'final letter could not be sent'),
      {
        errors: UNDELIVERABLE,
      },
    );
    sendFinalLetter.next(notContactable);
    const finalLetter = sfn.Choice.jsonata(this, 'Final letter safe?')
      .when(sfn.Condition.jsonata('{% $plan.finalLetterAllowed %}'), sendFinalLetter)
      .otherwise(needSafeContact('Final letter unsafe', 'final letter unsafe or no address'));

    // --- After first contact (rule 6) -----------------------------------------------------------------
    const bookingMissed = recordEvent('Record booking missed', {
      eventId: 'breach.needs-assessment-booking',
      type: 'deadline-breached',
      detail: {
        rule: 'needs-assessment-booking',
        reason: 'needs assessment not booked within 5 working days of contact',
      },
      timedOutTaskId: "{% $plan.caseId & '.book-needs-assessment.1' %}",
    }).next(furtherSupport);
    const bookingDue = invoke(
      'Booking deadline',
      fn.computeDeadline,
      {
        from: '{% $states.context.State.EnteredTime %}',
        workingDays: 5,
      },
      { assign: { booking: '{% $states.result.Payload %}' } },
    );
    const bookAssessment = waitForTask(
      'Book needs assessment',
      {
        type: 'book-needs-assessment',
        queue: 'caseworkers',
        priority: '{% $plan.priority %}',
        due: '{% $booking.due %}',
        attempt: 1,
      },
      sfn.Timeout.jsonata('{% $booking.secondsLeft %}'),
    );
    bookAssessment.addCatch(bookingMissed, { errors: [sfn.Errors.TIMEOUT] });
    bookingDue.next(bookAssessment);
    bookAssessment.next(furtherSupport);

    const onwardDue = invoke(
      'Onward referral deadline',
      fn.computeDeadline,
      {
        from: '{% $states.context.State.EnteredTime %}',
        workingDays: 1,
      },
      { assign: { onward: '{% $states.result.Payload %}' } },
    );
    const onwardReferral = waitForTask(
      'Refer to another service',
      {
        type: 'onward-referral',
        queue: 'caseworkers',
        priority: '{% $plan.priority %}',
        due: '{% $onward.due %}',
        attempt: 1,
      },
      sfn.Timeout.jsonata('{% $onward.secondsLeft %}'),
    );
    onwardReferral.addCatch(
      recordEvent('Record onward referral missed', {
        eventId: 'breach.onward-referral',
        type: 'deadline-breached',
        detail: { rule: 'onward-referral', reason: 'onward referral not made within 1 working day' },
        timedOutTaskId: "{% $plan.caseId & '.onward-referral.1' %}",
      }).next(onwardReferred),
      { errors: [sfn.Errors.TIMEOUT] },
    );
    onwardDue.next(onwardReferral);
    onwardReferral.next(onwardReferred);

    const firstContact = sfn.Choice.jsonata(this, 'First contact outcome')
      .when(sfn.Condition.jsonata("{% $contact.firstContact = 'further-support' %}"), bookingDue)
      .when(sfn.Condition.jsonata("{% $contact.firstContact = 'onward-referral' %}"), onwardDue)
      .when(sfn.Condition.jsonata("{% $contact.firstContact = 'declined' %}"), declined)
      .otherwise(initialContactOnly);

    // --- Telephone: three attempts before the deadline (rules 1 and 4) -------------------------------
    const escalateMissedCalls = recordEvent('Record initial contact missed', {
      eventId: 'breach.initial-contact',
      type: 'deadline-breached',
      detail: { rule: 'initial-contact-telephone', reason: 'call attempts not recorded before the deadline' },
      timedOutTaskId: "{% $plan.caseId & '.call-attempt.' & $attempt %}",
    }).next(needSafeContact('Escalate missed calls', 'initial contact deadline missed'));

    const waitForCallSlot = sfn.Wait.jsonata(this, 'Wait for call slot', {
      time: sfn.WaitTime.timestamp('{% $plan.callSlots[$attempt - 1] %}'),
    });
    const callAttempt = waitForTask(
      'Call attempt',
      {
        type: 'call-attempt',
        queue: 'caseworkers',
        priority: '{% $plan.priority %}',
        due: '{% $attempt < 3 ? $plan.callSlots[$attempt] : $plan.initialContactDue %}',
        attempt: '{% $attempt %}',
        voicemailAllowed: '{% $plan.voicemailAllowed %}',
      },
      // Until the deadline; a call that could only be placed after it still gets three hours.
      sfn.Timeout.jsonata(
        `{% $max([60, $floor(($max([$toMillis($plan.initialContactDue), $toMillis($plan.callSlots[$attempt - 1]) + ${LATE_CALL_WINDOW.toMilliseconds()}]) - ${entered}) / 1000)]) %}`,
      ),
      { contact: '{% $states.result %}' },
    );
    callAttempt.addCatch(escalateMissedCalls, { errors: [sfn.Errors.TIMEOUT] });
    // The next slot falls after the deadline (rule 13): the breach is recorded when the deadline passes,
    // not when a late call times out, and the calls go on — a late call is better than none.
    const recordCallsLate = recordEvent('Record initial contact late', {
      eventId: 'breach.initial-contact',
      type: 'deadline-breached',
      detail: {
        rule: 'initial-contact-telephone',
        reason: 'three calls could not all be made before the deadline',
      },
    });
    const waitForDeadline = sfn.Wait.jsonata(this, 'Wait for the initial contact deadline', {
      time: sfn.WaitTime.timestamp('{% $plan.initialContactDue %}'),
    });
    waitForDeadline.next(recordCallsLate);
    recordCallsLate.next(waitForCallSlot);
    const nextAttempt = sfn.Pass.jsonata(this, 'Next call attempt', {
      assign: { attempt: '{% $attempt + 1 %}' },
    });
    const slotAfterDeadline = sfn.Choice.jsonata(this, 'Call slot after the deadline?')
      .when(
        sfn.Condition.jsonata(
          '{% $toMillis($plan.callSlots[$attempt - 1]) > $toMillis($plan.initialContactDue) %}',
        ),
        waitForDeadline,
      )
      .otherwise(waitForCallSlot);
    nextAttempt.next(slotAfterDeadline);
    waitForCallSlot.next(callAttempt);
    callAttempt.next(
      sfn.Choice.jsonata(this, 'Call outcome')
        .when(sfn.Condition.jsonata("{% $contact.outcome = 'spoke-to-victim' %}"), firstContact)
        .when(sfn.Condition.jsonata("{% $contact.outcome = 'declined' %}"), declined)
        .when(sfn.Condition.jsonata("{% $contact.outcome = 'wrong-number' %}"), finalLetter)
        .when(sfn.Condition.jsonata('{% $attempt < 3 %}'), nextAttempt)
        .otherwise(finalLetter),
    );
    const alertCallsAtRisk = recordEvent('Alert calls at risk', {
      eventId: 'at-risk.initial-contact',
      type: 'deadline-at-risk',
      detail: {
        rule: 'initial-contact-telephone',
        reason: 'three calls do not fit in service hours before the deadline',
      },
    }).next(slotAfterDeadline);
    const telephone = sfn.Choice.jsonata(this, 'Calls fit before deadline?')
      .when(sfn.Condition.jsonata('{% $plan.callsFitBeforeDeadline %}'), waitForCallSlot)
      .otherwise(alertCallsAtRisk);

    // --- Written: the message on the day received (rule 2) -------------------------------------------
    // An e-mail or text that bounces, or that the provider refuses for good, becomes a letter when a letter
    // is safe and the address known (docs/messages.md); otherwise a team leader finds another way.
    const sendOfferByLetter = invoke('Send support offer by letter', fn.sendMessage, {
      caseId: '{% $plan.caseId %}',
      purpose: 'support-offer',
      channel: 'letter',
      attempt: 2,
    });
    sendOfferByLetter.addCatch(
      needSafeContact('Letter instead refused as unsafe', 'support offer undelivered; letter unsafe'),
      { errors: ['UnsafeChannelError'] },
    );
    sendOfferByLetter.addCatch(
      needSafeContact('Letter instead undeliverable', 'support offer undelivered; letter could not be sent'),
      { errors: UNDELIVERABLE },
    );
    sendOfferByLetter.next(initialContactOnly);
    const letterInstead = sfn.Choice.jsonata(this, 'Letter instead?')
      .when(
        sfn.Condition.jsonata("{% $plan.writtenChannel != 'letter' and $plan.finalLetterAllowed %}"),
        sendOfferByLetter,
      )
      .otherwise(needSafeContact('Support offer undeliverable', 'support offer did not reach the victim'));

    // A letter has no delivery report; an e-mail or text is waited on, and no report is taken as delivered.
    const awaitDelivery = lambdaStep(this, 'Await delivery report', {
      lambdaFunction: fn.awaitDelivery,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: TASK_TOKEN,
        caseId: '{% $plan.caseId %}',
        messageId: '{% $offer.messageId %}',
      }),
      taskTimeout: sfn.Timeout.duration(DELIVERY_REPORT_WINDOW),
    });
    awaitDelivery.addCatch(letterInstead, { errors: [MESSAGE_UNDELIVERABLE] });
    awaitDelivery.addCatch(initialContactOnly, { errors: [sfn.Errors.TIMEOUT] });
    awaitDelivery.next(initialContactOnly);
    const delivery = sfn.Choice.jsonata(this, 'Delivery reported?')
      .when(sfn.Condition.jsonata("{% $plan.writtenChannel = 'letter' %}"), initialContactOnly)
      .otherwise(awaitDelivery);

    const writtenLate = recordEvent('Record written message late', {
      eventId: 'breach.written-on-the-day',
      type: 'deadline-breached',
      detail: { rule: 'written-on-the-day', reason: 'message sent after the day of receipt' },
    }).next(delivery);
    const sendSupportOffer = invoke(
      'Send support offer',
      fn.sendMessage,
      {
        caseId: '{% $plan.caseId %}',
        purpose: 'support-offer',
        channel: '{% $plan.writtenChannel %}',
        attempt: 1,
      },
      { assign: { offer: '{% $states.result.Payload %}' } },
    );
    sendSupportOffer.addCatch(needSafeContact('Support offer refused as unsafe', 'written channel unsafe'), {
      errors: ['UnsafeChannelError'],
    });
    sendSupportOffer.addCatch(letterInstead, { errors: UNDELIVERABLE });
    sendSupportOffer.next(
      sfn.Choice.jsonata(this, 'Sent on the day?')
        .when(sfn.Condition.jsonata(`{% ${entered} <= $toMillis($plan.initialContactDue) %}`), delivery)
        .otherwise(writtenLate),
    );
    const written = sfn.Choice.jsonata(this, 'Written channel safe?')
      .when(sfn.Condition.jsonata('{% $exists($plan.writtenChannel) %}'), sendSupportOffer)
      .otherwise(needSafeContact('No safe written channel', 'chosen written channel unsafe'));

    // --- In person: notice on the day, visit within 5 working days, second within 6–10 (rule 3) -----
    const visit = (n: 1 | 2, due: string, onFailure: sfn.IChainable) => {
      const notice = invoke(`Send visit ${n} notice`, fn.sendMessage, {
        caseId: '{% $plan.caseId %}',
        purpose: n === 1 ? 'home-visit-notice' : 'second-home-visit-notice',
        channel: '{% $plan.writtenChannel %}',
        attempt: 1,
        visitAt: `{% $plan.visitSlots[${n - 1}] %}`,
        ...(n === 2 ? { firstVisitAt: '{% $plan.visitSlots[0] %}' } : {}),
      });
      notice.addCatch(needSafeContact(`Visit ${n} notice refused as unsafe`, 'visit notice channel unsafe'), {
        errors: ['UnsafeChannelError'],
      });
      notice.addCatch(needSafeContact(`Visit ${n} notice undeliverable`, 'visit notice could not be sent'), {
        errors: UNDELIVERABLE,
      });
      const wait = sfn.Wait.jsonata(this, `Wait for visit ${n}`, {
        time: sfn.WaitTime.timestamp(`{% $plan.visitSlots[${n - 1}] %}`),
      });
      const task = waitForTask(
        `Home visit ${n}`,
        {
          type: 'home-visit',
          queue: 'caseworkers',
          priority: '{% $plan.priority %}',
          due: `{% ${due} %}`,
          attempt: n,
        },
        sfn.Timeout.jsonata(secondsUntil(due)),
        { contact: '{% $states.result %}' },
      );
      task.addCatch(
        recordEvent(`Record visit ${n} missed`, {
          eventId: `breach.home-visit-${n}`,
          type: 'deadline-breached',
          detail: {
            rule: n === 1 ? 'home-visit' : 'second-home-visit',
            reason: 'home visit outcome not recorded by the deadline',
          },
          timedOutTaskId: `{% $plan.caseId & '.home-visit.${n}' %}`,
        }).next(onFailure),
        { errors: [sfn.Errors.TIMEOUT] },
      );
      if (n === 1) {
        // The notice naming the visit is due on the day received, like any written first contact (rule 3).
        const noticeLate = recordEvent('Record visit notice late', {
          eventId: 'breach.visit-notice-on-the-day',
          type: 'deadline-breached',
          detail: { rule: 'visit-notice-on-the-day', reason: 'visit notice sent after the day of receipt' },
        }).next(wait);
        notice.next(
          sfn.Choice.jsonata(this, 'Visit notice sent on the day?')
            .when(sfn.Condition.jsonata(`{% ${entered} <= $toMillis($plan.initialContactDue) %}`), wait)
            .otherwise(noticeLate),
        );
      } else notice.next(wait);
      wait.next(task);
      task.next(
        sfn.Choice.jsonata(this, `Visit ${n} outcome`)
          .when(sfn.Condition.jsonata("{% $contact.outcome = 'visited' %}"), firstContact)
          .when(sfn.Condition.jsonata("{% $contact.outcome = 'declined' %}"), declined)
          .otherwise(onFailure),
      );
      return notice;
    };
    const secondVisit = visit(2, '$plan.secondHomeVisitDue', finalLetter);
    const firstVisit = visit(1, '$plan.homeVisitDue', secondVisit);
    const inPerson = sfn.Choice.jsonata(this, 'Visit notice channel safe?')
      .when(sfn.Condition.jsonata('{% $exists($plan.writtenChannel) %}'), firstVisit)
      .otherwise(needSafeContact('No safe visit notice channel', 'no safe channel for the visit notice'));

    // --- Plan, then the path by contact method -----------------------------------------------------
    const plan = invoke(
      'Plan contact path',
      fn.planContactPath,
      { caseId: '{% $states.input.caseId %}' },
      {
        assign: { plan: '{% $states.result.Payload %}', attempt: 1 },
      },
    );
    plan.next(
      sfn.Choice.jsonata(this, 'Contact method')
        .when(sfn.Condition.jsonata("{% $plan.path = 'telephone' %}"), telephone)
        .when(sfn.Condition.jsonata("{% $plan.path = 'written' %}"), written)
        .otherwise(inPerson),
    );

    // The longest path: second visit (10 working days) plus a team-leader review; well inside a year.
    this.stateMachine = standardStateMachine(this, props, plan, Duration.days(60));
  }
}
