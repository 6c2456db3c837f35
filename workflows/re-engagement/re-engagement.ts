import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { standardStateMachine, type WorkflowProps, workflowSteps } from '../standard-state-machine.ts';
import { timedTask } from '../timed-task.ts';

/** The functions a re-engagement calls (from functions/registry.ts). */
export interface ReEngagementFunctions {
  readonly createTask: IFunction;
  readonly recordCaseEvent: IFunction;
}

export interface ReEngagementProps extends WorkflowProps {
  readonly functions: ReEngagementFunctions;
}

// The call is raised five working days before the milestone (a week or more with a bank holiday); one not
// recorded within two weeks is recorded on the case as timed out, for the team leader to see.
const CALL_WINDOW = Duration.days(14);

/**
 * The re-engagement call before a criminal justice milestone (docs/service-rules.md, re-engagement): a
 * one-time schedule starts it a set number of working days before the date, on an open or a closed case; a
 * caseworker call task waits for its outcome, and one not recorded in time is recorded as timed out.
 * Execution name = `<caseId>.re-engagement.<milestone number>`; input `{ caseId, number, due, why }` — ids, an
 * instant, and the milestone in words (what and when; nothing of the victim).
 */
export class ReEngagement extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ReEngagementProps) {
    super(scope, id);
    const fn = props.functions;

    const take = sfn.Pass.jsonata(this, 'Take the milestone', {
      assign: { milestone: '{% $states.input %}' },
    });
    const recordEvent = workflowSteps(this).recorder(fn.recordCaseEvent, {
      caseId: '{% $milestone.caseId %}',
    });
    const callTask = timedTask(this, {
      names: {
        task: 'Call the victim',
        recordMissed: 'Record the call missed',
        missed: 'Call missed',
        done: 'Called',
      },
      createTask: fn.createTask,
      recordEvent,
      caseId: '$milestone.caseId',
      task: {
        type: 're-engagement-call',
        queue: 'caseworkers',
        priority: 2,
        due: '{% $milestone.due %}',
        attempt: '{% $milestone.number %}',
        reason: '{% $milestone.why %}',
      },
      taskId: "$milestone.caseId & '.re-engagement-call.' & $milestone.number",
      window: CALL_WINDOW,
      missedReason: 're-engagement call not recorded within two weeks of being raised',
    });
    take.next(callTask);

    this.stateMachine = standardStateMachine(this, props, take, Duration.days(30));
  }
}
