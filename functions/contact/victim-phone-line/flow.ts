import {
  DEFAULT_SERVICE_HOURS,
  type IsoWeekday,
  SERVICE_TIME_ZONE,
  type ServiceHours,
} from '../../../shared/domain/calendar.ts';

// The 0800 line for victims (docs/web-app.md, "The 0800 line"): its Amazon Connect hours of operation and
// inbound contact flow, built from code. Pure data, so the CDK app (infra/constructs/victim-phone-line.ts)
// deploys it and the local system (`vf phone call`) plays the very same document.

/** A day as Amazon Connect names it in hours of operation. */
export type ConnectDay = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

export const CONNECT_DAYS: Readonly<Record<IsoWeekday, ConnectDay>> = {
  1: 'MONDAY',
  2: 'TUESDAY',
  3: 'WEDNESDAY',
  4: 'THURSDAY',
  5: 'FRIDAY',
  6: 'SATURDAY',
  7: 'SUNDAY',
};

/** One day's opening in an hours of operation (the CloudFormation HoursOfOperationConfig, as CDK spells it). */
export interface HoursOfOperationDay {
  readonly day: ConnectDay;
  readonly startTime: { readonly hours: number; readonly minutes: number };
  readonly endTime: { readonly hours: number; readonly minutes: number };
}

/** The time zone the line's hours are kept in: the service's. */
export const LINE_TIME_ZONE = SERVICE_TIME_ZONE;

const timeSlice = (clockTime: string) => {
  const [hours, minutes] = clockTime.split(':').map(Number);
  return { hours: hours ?? 0, minutes: minutes ?? 0 };
};

/**
 * Amazon Connect's weekly hours of operation generated from the service hours the deadlines and call slots
 * use (shared/domain/calendar.ts): one entry per day the service opens, none for a closed day. Bank holidays
 * are not in Connect's weekly hours: the caller-match function answers `closed` on them (docs/decisions.md).
 */
export function hoursOfOperationOf(hours: ServiceHours = DEFAULT_SERVICE_HOURS): HoursOfOperationDay[] {
  return ([1, 2, 3, 4, 5, 6, 7] as const).flatMap((weekday) => {
    const session = hours.weekdays[weekday];
    return session
      ? [
          {
            day: CONNECT_DAYS[weekday],
            startTime: timeSlice(session.opens),
            endTime: timeSlice(session.closes),
          },
        ]
      : [];
  });
}

const DAY_NAMES: Readonly<Record<IsoWeekday, string>> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

/** `09:00` → `9am`, `18:30` → `6:30pm`, as a message read aloud says it. */
function spokenTime(clockTime: string): string {
  const { hours, minutes } = timeSlice(clockTime);
  const suffix = hours < 12 ? 'am' : 'pm';
  const hour = hours % 12 === 0 ? 12 : hours % 12;
  return minutes === 0 ? `${hour}${suffix}` : `${hour}:${String(minutes).padStart(2, '0')}${suffix}`;
}

const listed = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/** The service hours in words, days with the same hours together: "Monday, Tuesday … 9am to 6pm; Wednesday …". */
export function serviceHoursInWords(hours: ServiceHours = DEFAULT_SERVICE_HOURS): string {
  const groups = new Map<string, string[]>();
  for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
    const session = hours.weekdays[weekday];
    if (!session) continue;
    const key = `${spokenTime(session.opens)} to ${spokenTime(session.closes)}`;
    groups.set(key, [...(groups.get(key) ?? []), DAY_NAMES[weekday]]);
  }
  const open = [...groups].map(([times, days]) => `${listed(days)}, ${times}`).join('; ');
  const closedDays = ([1, 2, 3, 4, 5, 6, 7] as const)
    .filter((weekday) => !hours.weekdays[weekday])
    .map((weekday) => `${DAY_NAMES[weekday]}s`);
  const closed = [...closedDays, ...(hours.closedOnBankHolidays ? ['bank holidays'] : [])];
  return closed.length > 0 ? `${open}. We are closed on ${listed(closed)}` : open;
}

/** What a caller hears. */
export function victimLinePrompts(hours: ServiceHours = DEFAULT_SERVICE_HOURS) {
  return {
    outOfHours:
      `Thank you for calling Victim First. The line is closed now. It is open ${serviceHoursInWords(hours)}. ` +
      'If you are in danger now, hang up and call 999. Please call again when the line is open.',
    connecting: 'Thank you for calling Victim First. Connecting you to someone who can help.',
    busy: 'Sorry, everyone is busy just now. Please call again in a few minutes, or call 999 if you are in danger.',
    sorry:
      'Sorry, this call cannot be put through just now. Please call again, or call 999 if you are in danger.',
  } as const;
}

/** The steps of the 0800 line, in the order a caller meets them. */
export type VictimLineStep =
  | 'check-hours'
  | 'match-caller'
  | 'check-route'
  | 'save-case'
  | 'check-caseworker-known'
  | 'check-caseworker-available'
  | 'to-caseworker'
  | 'to-call-takers'
  | 'connecting'
  | 'transfer'
  | 'out-of-hours'
  | 'busy'
  | 'sorry'
  | 'disconnect';

/** Where the caller-match function sends a call (`route` in its answer). */
export const CALL_ROUTES = ['closed', 'unmatched', 'caseworker', 'call-takers'] as const;
export type CallRoute = (typeof CALL_ROUTES)[number];

/** The caller-match function's answer, a flat string map as Connect reads it (`$.External.<key>`). */
export interface CallerMatch {
  readonly [key: string]: string;
  readonly route: CallRoute;
  /** The matched case's id, or '' when unmatched. */
  readonly caseId: string;
  /** The caseworker's agent ARN in the instance (their agent queue), or '' when the call goes to the call-takers. */
  readonly agentArn: string;
}

/** An action of the Flow language (Version 2019-10-30) as this line uses it. */
export interface VictimLineAction {
  readonly Identifier: VictimLineStep;
  readonly Type:
    | 'CheckHoursOfOperation'
    | 'InvokeLambdaFunction'
    | 'Compare'
    | 'UpdateContactAttributes'
    | 'CheckMetricData'
    | 'UpdateContactTargetQueue'
    | 'MessageParticipant'
    | 'TransferContactToQueue'
    | 'DisconnectParticipant';
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: {
    readonly NextAction?: VictimLineStep;
    readonly Conditions?: readonly {
      readonly NextAction: VictimLineStep;
      readonly Condition: {
        readonly Operator: 'Equals' | 'NumberGreaterThan';
        readonly Operands: readonly string[];
      };
    }[];
    readonly Errors?: readonly {
      readonly NextAction: VictimLineStep;
      readonly ErrorType: 'NoMatchingError' | 'NoMatchingCondition' | 'QueueAtCapacity';
    }[];
  };
}

export interface VictimLineFlowDocument {
  readonly Version: '2019-10-30';
  readonly StartAction: VictimLineStep;
  readonly Actions: readonly VictimLineAction[];
}

/** What the flow refers to by ARN: the line's hours, the caller-match function and the call-takers' queue. */
export interface VictimLineResources {
  readonly hoursOfOperationArn: string;
  readonly matchFunctionArn: string;
  readonly callTakersQueueArn: string;
}

/** Connect waits at most 8 seconds for a function (InvokeLambdaFunction: "no larger than 8"). */
export const MATCH_INVOCATION_SECONDS = 8;

const onError = (next: VictimLineStep) => [{ NextAction: next, ErrorType: 'NoMatchingError' }] as const;

const message = (
  id: VictimLineStep,
  text: string,
  next: VictimLineStep,
  onFailure: VictimLineStep = 'disconnect',
): VictimLineAction => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: onError(onFailure) },
});

/** Compare on `$.External.route`: each route named goes to its step, any other to `otherwise`. */
const compareRoute = (
  id: VictimLineStep,
  equals: readonly [CallRoute, VictimLineStep][],
  otherwise: VictimLineStep,
): VictimLineAction => ({
  Identifier: id,
  Type: 'Compare',
  Parameters: { ComparisonValue: '$.External.route' },
  Transitions: {
    NextAction: otherwise,
    Conditions: equals.map(([route, next]) => ({
      NextAction: next,
      Condition: { Operator: 'Equals', Operands: [route] },
    })),
    Errors: [{ NextAction: otherwise, ErrorType: 'NoMatchingCondition' }],
  },
});

/**
 * The 0800 line as a Flow language document: out of hours, the hours in words and goodbye; in hours, the
 * caller-match function finds the caller's case by their number, the case id goes on the contact (the
 * agent's screen opens the case from it), and the call goes to the case's caseworker's own agent queue when
 * they are available, else to the call-takers' queue. Anything that fails still puts the caller through to
 * the call-takers: a victim who calls must reach a person.
 */
export function victimLineFlow(
  resources: VictimLineResources,
  hours: ServiceHours = DEFAULT_SERVICE_HOURS,
): VictimLineFlowDocument {
  const prompts = victimLinePrompts(hours);
  return {
    Version: '2019-10-30',
    StartAction: 'check-hours',
    Actions: [
      {
        // CheckHoursOfOperation: a condition for Equals True and one for Equals False, and no others.
        Identifier: 'check-hours',
        Type: 'CheckHoursOfOperation',
        Parameters: { HoursOfOperationId: resources.hoursOfOperationArn },
        Transitions: {
          NextAction: 'match-caller',
          Conditions: [
            { NextAction: 'match-caller', Condition: { Operator: 'Equals', Operands: ['True'] } },
            { NextAction: 'out-of-hours', Condition: { Operator: 'Equals', Operands: ['False'] } },
          ],
          Errors: onError('match-caller'),
        },
      },
      {
        // The caller's number reaches the function in the contact's data (CustomerEndpoint), not as a
        // parameter; its STRING_MAP answer is read as $.External.<key>.
        Identifier: 'match-caller',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: resources.matchFunctionArn,
          InvocationTimeLimitSeconds: String(MATCH_INVOCATION_SECONDS),
          InvocationType: 'SYNCHRONOUS',
          ResponseValidation: { ResponseType: 'STRING_MAP' },
        },
        Transitions: { NextAction: 'check-route', Errors: onError('to-call-takers') },
      },
      // The function also answers `closed` on a bank holiday, which Connect's weekly hours do not know.
      compareRoute(
        'check-route',
        [
          ['closed', 'out-of-hours'],
          ['unmatched', 'to-call-takers'],
        ],
        'save-case',
      ),
      {
        // A contact attribute (not a flow attribute): the agent's screen reads it to open the case. An id
        // only, never the caller's details.
        Identifier: 'save-case',
        Type: 'UpdateContactAttributes',
        Parameters: { TargetContact: 'Current', Attributes: { caseId: '$.External.caseId' } },
        Transitions: { NextAction: 'check-caseworker-known', Errors: onError('to-call-takers') },
      },
      compareRoute(
        'check-caseworker-known',
        [['caseworker', 'check-caseworker-available']],
        'to-call-takers',
      ),
      {
        // CheckMetricData on the caseworker's agent queue: for NumberOfAgents* the one condition allowed is
        // NumberGreaterThan 0; anything else (away, on a call, offline) goes to the call-takers.
        Identifier: 'check-caseworker-available',
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsAvailable', AgentId: '$.External.agentArn' },
        Transitions: {
          NextAction: 'to-call-takers',
          Conditions: [
            { NextAction: 'to-caseworker', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } },
          ],
          Errors: [
            { NextAction: 'to-call-takers', ErrorType: 'NoMatchingCondition' },
            { NextAction: 'to-call-takers', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      {
        // UpdateContactTargetQueue (Set working queue) with AgentId: the caseworker's own agent queue.
        Identifier: 'to-caseworker',
        Type: 'UpdateContactTargetQueue',
        Parameters: { AgentId: '$.External.agentArn' },
        Transitions: { NextAction: 'connecting', Errors: onError('to-call-takers') },
      },
      {
        Identifier: 'to-call-takers',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: resources.callTakersQueueArn },
        Transitions: { NextAction: 'connecting', Errors: onError('sorry') },
      },
      message('connecting', prompts.connecting, 'transfer', 'transfer'),
      {
        // TransferContactToQueue: no parameters; on success the contact is queued and this flow ends.
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          Errors: [
            { NextAction: 'busy', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'sorry', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      message('out-of-hours', prompts.outOfHours, 'disconnect'),
      message('busy', prompts.busy, 'disconnect'),
      message('sorry', prompts.sorry, 'disconnect'),
      // DisconnectParticipant: no parameters, no errors, terminal.
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}
