import { DateTime } from 'luxon';
import {
  CONNECT_DAYS,
  type HoursOfOperationDay,
  LINE_TIME_ZONE,
  type VictimLineAction,
  type VictimLineFlowDocument,
  type VictimLineStep,
} from '../functions/contact/victim-phone-line/flow.ts';
import type { IsoWeekday } from '../shared/domain/calendar.ts';

/**
 * What Amazon Connect knows while a call runs through a flow, on one machine: the instant of the call, the
 * hours of operation the flow's ARN names, the functions it may invoke, and which agents are available.
 */
export interface CallWorld {
  readonly at: Date;
  /** The hours of operation, as the CDK app deploys them (hoursOfOperationOf). */
  readonly hours: readonly HoursOfOperationDay[];
  /** Invokes the function of an ARN with Connect's event; its answer is a flat string map. */
  invoke(functionArn: string): Promise<Readonly<Record<string, string>>>;
  /** How many agents are available on an agent's queue (CheckMetricData NumberOfAgentsAvailable). */
  agentsAvailable(agentArn: string): number;
}

/** A call played through a flow: what the caller heard, the steps taken, and where it was queued, if anywhere. */
export interface PlayedCall {
  readonly heard: readonly string[];
  readonly steps: readonly VictimLineStep[];
  /** The contact attributes the flow set (the case id). */
  readonly attributes: Readonly<Record<string, string>>;
  /** The queue or agent the call was put through to; absent when the caller was sent away. */
  readonly queued?: { readonly queueArn: string } | { readonly agentArn: string };
}

/** Whether an instant falls inside Connect's weekly hours (in the line's time zone; end exclusive). */
export function inHoursOfOperation(hours: readonly HoursOfOperationDay[], at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: LINE_TIME_ZONE });
  const day = CONNECT_DAYS[local.weekday as IsoWeekday];
  const minute = local.hour * 60 + local.minute;
  return hours.some(
    (open) =>
      open.day === day &&
      open.startTime.hours * 60 + open.startTime.minutes <= minute &&
      minute < open.endTime.hours * 60 + open.endTime.minutes,
  );
}

/**
 * The local caseworkers' stand-in Amazon Connect user ids (in AWS, context `connectAgents`): a call matched
 * to a case of theirs is routed to their agent queue.
 */
export const LOCAL_CONNECT_AGENTS: Readonly<Record<string, string>> = {
  'caseworker.one': '00000000-0000-4000-8000-00000000c001',
  'caseworker.two': '00000000-0000-4000-8000-00000000c002',
  'caseworker.three': '00000000-0000-4000-8000-00000000c003',
};

const MOST_STEPS = 50;

/**
 * Plays a call through a Flow language document as Amazon Connect runs it, action by action, for the actions
 * the 0800 line uses: a value `$.External.<key>` is read from the last function's answer, a condition chosen
 * as Connect chooses it, and an action that fails takes its NoMatchingError branch. The local system's
 * stand-in for Connect (`vf phone call`), and how the tests walk every branch of the deployed document.
 */
export async function playCall(flow: VictimLineFlowDocument, world: CallWorld): Promise<PlayedCall> {
  const byId = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  const heard: string[] = [];
  const steps: VictimLineStep[] = [];
  const attributes: Record<string, string> = {};
  let external: Readonly<Record<string, string>> = {};
  let target: PlayedCall['queued'];
  const value = (text: unknown): string => {
    const raw = String(text);
    return raw.startsWith('$.External.') ? (external[raw.slice('$.External.'.length)] ?? '') : raw;
  };
  const error = (action: VictimLineAction, type: string): VictimLineStep | undefined =>
    action.Transitions.Errors?.find((e) => e.ErrorType === type)?.NextAction;
  const failed = (action: VictimLineAction) => error(action, 'NoMatchingError');
  const byCondition = (action: VictimLineAction, result: string): VictimLineStep | undefined => {
    const met = action.Transitions.Conditions?.find(({ Condition }) =>
      Condition.Operator === 'Equals'
        ? Condition.Operands.includes(result)
        : Number(result) > Number(Condition.Operands[0]),
    );
    return met?.NextAction ?? error(action, 'NoMatchingCondition');
  };

  let step: VictimLineStep | undefined = flow.StartAction;
  while (step !== undefined) {
    if (steps.length >= MOST_STEPS) throw new Error(`the flow did not end within ${MOST_STEPS} steps`);
    const action = byId.get(step);
    if (!action) throw new Error(`the flow has no action ${step}`);
    steps.push(step);
    const { Parameters: p, Transitions: t } = action;
    switch (action.Type) {
      case 'CheckHoursOfOperation':
        step = byCondition(action, inHoursOfOperation(world.hours, world.at) ? 'True' : 'False');
        break;
      case 'InvokeLambdaFunction':
        try {
          external = await world.invoke(String(p.LambdaFunctionARN));
          step = t.NextAction;
        } catch {
          external = {};
          step = failed(action);
        }
        break;
      case 'Compare':
        step = byCondition(action, value(p.ComparisonValue));
        break;
      case 'UpdateContactAttributes':
        for (const [name, text] of Object.entries(p.Attributes as Record<string, string>))
          attributes[name] = value(text);
        step = t.NextAction;
        break;
      case 'CheckMetricData': {
        const agentArn = value(p.AgentId);
        step = agentArn ? byCondition(action, String(world.agentsAvailable(agentArn))) : failed(action);
        break;
      }
      case 'UpdateContactTargetQueue': {
        const agentArn = p.AgentId === undefined ? '' : value(p.AgentId);
        const queueArn = p.QueueId === undefined ? '' : value(p.QueueId);
        if (agentArn) target = { agentArn };
        else if (queueArn) target = { queueArn };
        step = agentArn || queueArn ? t.NextAction : failed(action);
        break;
      }
      case 'MessageParticipant':
        heard.push(value(p.Text));
        step = t.NextAction;
        break;
      case 'TransferContactToQueue':
        if (!target) {
          step = failed(action);
          break;
        }
        // Queued: the flow ends here, and an agent takes the call.
        return { heard, steps, attributes, queued: target };
      case 'DisconnectParticipant':
        step = undefined;
        break;
    }
  }
  return { heard, steps, attributes };
}
