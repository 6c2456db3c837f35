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

/**
 * The review of one support plan action (docs/service-rules.md, rule 8: a plan with review dates): the
 * execution sleeps until the review date, then a caseworker review task waits for its outcome; one not
 * recorded within a week is recorded as a missed review. Execution name = `<caseId>.review.<action number>`; input
 * `{ caseId, actionNumber, reviewAt }` — ids and an instant only.
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
        attempt: '{% $review.actionNumber %}',
      }),
      taskTimeout: sfn.Timeout.duration(REVIEW_WINDOW),
    });
    const recordEvent = workflowSteps(this).recorder(fn.recordCaseEvent, { caseId: '{% $review.caseId %}' });
    const recordMissed = recordEvent('Record review missed', {
      eventId: "{% 'breach.plan-review.' & $review.actionNumber %}",
      type: 'deadline-breached',
      detail: { rule: 'plan-review', reason: 'support plan review not recorded within a week of its date' },
      timedOutTaskId: "{% $review.caseId & '.plan-review.' & $review.actionNumber %}",
    });
    const done = sfn.Succeed.jsonata(this, 'Reviewed', { outputs: { caseId: '{% $review.caseId %}' } });
    reviewTask.addCatch(recordMissed.next(sfn.Succeed.jsonata(this, 'Review missed')), {
      errors: [sfn.Errors.TIMEOUT],
    });
    waitForDate.next(reviewTask);
    reviewTask.next(done);

    // Review dates are weeks or months ahead, well inside the one-year limit of an execution.
    this.stateMachine = standardStateMachine(this, props, waitForDate, Duration.days(300));
  }
}
