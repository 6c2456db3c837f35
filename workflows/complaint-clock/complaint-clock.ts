import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { lambdaStep, standardStateMachine, type WorkflowProps } from '../standard-state-machine.ts';

/** The function a complaint clock calls (from functions/registry.ts). */
export interface ComplaintClockFunctions {
  readonly raiseComplaintAlert: IFunction;
}

export interface ComplaintClockProps extends WorkflowProps {
  readonly functions: ComplaintClockFunctions;
}

/** The clock's stops, in order: the instant it sleeps until, and the alert it raises then. */
const STOPS = [
  { at: 'acknowledgeWarnAt', alert: 'acknowledge-warning', name: 'acknowledgement warning' },
  { at: 'acknowledgeBy', alert: 'acknowledge-breach', name: 'acknowledgement deadline' },
  { at: 'respondWarnAt', alert: 'respond-warning', name: 'response warning' },
  { at: 'respondBy', alert: 'respond-breach', name: 'response deadline' },
] as const;

/**
 * A complaint's working-day clock (docs/complaints.md): it sleeps until the warning before the
 * acknowledgement deadline, the deadline, the warning before the response deadline and that deadline,
 * and at each raises the alert on the complaint when the stage is not done; it stops once the complaint is
 * closed. Execution name = the complaint id; input `{ complaintId, acknowledgeWarnAt, acknowledgeBy,
 * respondWarnAt, respondBy }` — an id and instants only, computed in code when the complaint is received.
 */
export class ComplaintClock extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: ComplaintClockProps) {
    super(scope, id);
    const take = sfn.Pass.jsonata(this, 'Take the clock', { assign: { clock: '{% $states.input %}' } });
    const done = sfn.Succeed.jsonata(this, 'Clock run', {
      outputs: { complaintId: '{% $clock.complaintId %}' },
    });
    const stops = STOPS.map((stop) => {
      const wait = sfn.Wait.jsonata(this, `Wait for the ${stop.name}`, {
        time: sfn.WaitTime.timestamp(`{% $clock.${stop.at} %}`),
      });
      const raise = lambdaStep(this, `Raise the ${stop.name} alert`, {
        lambdaFunction: props.functions.raiseComplaintAlert,
        payload: sfn.TaskInput.fromObject({ complaintId: '{% $clock.complaintId %}', alert: stop.alert }),
        assign: { outcome: '{% $states.result.Payload.outcome %}' },
      });
      const closed = sfn.Choice.jsonata(this, `Closed by the ${stop.name}?`).when(
        sfn.Condition.jsonata("{% $outcome = 'closed' or $outcome = 'not-found' %}"),
        done,
      );
      wait.next(raise);
      raise.next(closed);
      return { wait, closed };
    });
    take.next(stops[0]?.wait ?? done);
    stops.forEach(({ closed }, i) => {
      closed.otherwise(stops[i + 1]?.wait ?? done);
    });

    // Twenty working days are about four weeks (six with the Christmas holidays); a longer setting still fits.
    this.stateMachine = standardStateMachine(this, props, take, Duration.days(200));
  }
}
