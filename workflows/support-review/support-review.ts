import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import {
  lambdaStep,
  standardStateMachine,
  TASK_TOKEN,
  type WorkflowProps,
  workflowSteps,
} from '../standard-state-machine.ts';

/** The functions a support review calls (from functions/registry.ts). */
export interface SupportReviewFunctions {
  readonly createTask: IFunction;
  readonly recordCaseEvent: IFunction;
}

export interface SupportReviewProps extends WorkflowProps {
  readonly functions: SupportReviewFunctions;
}

// A review is done within a week of its date, or recorded as missed.
const REVIEW_WINDOW = Duration.days(7);
// A reassessment or dependency check is done within four weeks of its date, or recorded as missed.
const CHECK_WINDOW = Duration.days(28);
// The review's task attempt: the action's number, plus a thousand for each review after the first.
const REVIEW_ATTEMPT = '$review.actionNumber + 1000 * ($exists($review.review) ? $review.review - 1 : 0)';

/**
 * The review of one support plan action (docs/service-rules.md, rule 8: a plan with review dates): the
 * execution sleeps until the review date, then a caseworker review task waits for its outcome; one not
 * recorded within a week is recorded as a missed review. Execution name = `<caseId>.review.<action number>`
 * (`.<review number>` after the first); input `{ caseId, actionNumber, reviewAt, review? }` — ids and an
 * instant only. The same machine runs a long case's checks: `{ caseId, check, number, reviewAt }`, execution
 * `<caseId>.<check>.<number>`, a reassessment or dependency-check task on its date while the case is open.
 */
export class SupportReview extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: SupportReviewProps) {
    super(scope, id);
    const fn = props.functions;

    const waitForDate = sfn.Wait.jsonata(this, 'Wait for the review date', {
      time: sfn.WaitTime.timestamp('{% $states.input.reviewAt %}'),
      assign: { review: '{% $states.input %}' },
    });
    const reviewTask = lambdaStep(this, 'Review the action', {
      lambdaFunction: fn.createTask,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: TASK_TOKEN,
        caseId: '{% $review.caseId %}',
        type: 'plan-review',
        queue: 'caseworkers',
        priority: 3,
        due: `{% $fromMillis($toMillis($review.reviewAt) + ${REVIEW_WINDOW.toMilliseconds()}) %}`,
        // The first review is the action's number; each later one a thousand more (shared/domain/long-cases.ts).
        attempt: `{% ${REVIEW_ATTEMPT} %}`,
      }),
      taskTimeout: sfn.Timeout.duration(REVIEW_WINDOW),
    });
    const recordEvent = workflowSteps(this).recorder(fn.recordCaseEvent, { caseId: '{% $review.caseId %}' });
    const recordMissed = recordEvent('Record review missed', {
      eventId: `{% 'breach.plan-review.' & (${REVIEW_ATTEMPT}) %}`,
      type: 'deadline-breached',
      detail: { rule: 'plan-review', reason: 'support plan review not recorded within a week of its date' },
      timedOutTaskId: `{% $review.caseId & '.plan-review.' & (${REVIEW_ATTEMPT}) %}`,
    });
    const done = sfn.Succeed.jsonata(this, 'Reviewed', { outputs: { caseId: '{% $review.caseId %}' } });
    reviewTask.addCatch(recordMissed.next(sfn.Succeed.jsonata(this, 'Review missed')), {
      errors: [sfn.Errors.TIMEOUT],
    });
    waitForDate.next(reviewTask);
    reviewTask.next(done);

    // A long case's check (docs/service-rules.md, long cases): the reassessment at a six-month mark or the
    // dependency check after a month, raised on its date only while the case is open.
    const waitForCheck = sfn.Wait.jsonata(this, 'Wait for the check date', {
      time: sfn.WaitTime.timestamp('{% $states.input.reviewAt %}'),
      assign: { check: '{% $states.input %}' },
    });
    const checkTask = lambdaStep(this, 'Check the case', {
      lambdaFunction: fn.createTask,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        taskToken: TASK_TOKEN,
        caseId: '{% $check.caseId %}',
        type: '{% $check.check %}',
        queue: 'caseworkers',
        priority: 3,
        due: `{% $fromMillis($toMillis($check.reviewAt) + ${CHECK_WINDOW.toMilliseconds()}) %}`,
        attempt: '{% $check.number %}',
        whileOpen: true,
      }),
      taskTimeout: sfn.Timeout.duration(CHECK_WINDOW),
    });
    const checkTaskId = "$check.caseId & '.' & $check.check & '.' & $check.number";
    const recordCheckMissed = workflowSteps(this).recorder(fn.recordCaseEvent, {
      caseId: '{% $check.caseId %}',
    })('Record check missed', {
      eventId: `{% 'timeout.' & ${checkTaskId} %}`,
      type: 'task-timed-out',
      detail: { taskType: '{% $check.check %}', reason: 'check not recorded within four weeks of its date' },
      timedOutTaskId: `{% ${checkTaskId} %}`,
    });
    checkTask.addCatch(recordCheckMissed.next(sfn.Succeed.jsonata(this, 'Check missed')), {
      errors: [sfn.Errors.TIMEOUT],
    });
    // Closed by its date: no task (create-task refuses a closed case's check).
    checkTask.addCatch(sfn.Succeed.jsonata(this, 'Case closed'), { errors: ['CaseClosedError'] });
    waitForCheck.next(checkTask);
    checkTask.next(sfn.Succeed.jsonata(this, 'Checked', { outputs: { caseId: '{% $check.caseId %}' } }));

    const start = sfn.Choice.jsonata(this, 'Review or check')
      .when(sfn.Condition.jsonata('{% $exists($states.input.check) %}'), waitForCheck)
      .otherwise(waitForDate);

    // Review dates are weeks or months ahead, a six-month mark at most six months: inside the one-year limit.
    this.stateMachine = standardStateMachine(this, props, start, Duration.days(300));
  }
}
