import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CallerMatch,
  type VictimLineFlowDocument,
  victimLineFlow,
  victimLinePrompts,
} from '../../functions/contact/victim-phone-line/flow.ts';
import { LOCAL_CONNECT_INSTANCE_ARN, type VictimFirstApp } from '../../infra/app.ts';
import { type CallWorld, playCall } from '../../local/phone-line.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

const HOURS_ARN = '<hours ARN>';
const FUNCTION_ARN = '<match-caller function ARN>';
const CALL_TAKERS_ARN = '<call-takers queue ARN>';
const AGENT_ID = '0b5a7c3e-1d2f-4a6b-8c9d-0e1f2a3b4c5d';
const AGENT = `${LOCAL_CONNECT_INSTANCE_ARN}/agent/${AGENT_ID}`;

let built: VictimFirstApp;
let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template, synthError } = synthUnbundled({
    connectAgents: JSON.stringify({ 'caseworker.one': AGENT_ID }),
  }));
}, 120_000);

afterAll(() => {
  removeTemporaryOutdirs();
});

const line = () => built.intakeStack.victimPhoneLine;
const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const idOf = (element: CfnElement) => built.intakeStack.getLogicalId(element);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
const matchFunctionId = () => logicalId(built.intakeStack.functions.matchCaller.function);
const recordFunctionId = () => logicalId(built.intakeStack.functions.recordPhoneCall.function);

/** The 0800 line's flow as deployed, its CloudFormation references replaced by markers. */
function deployedFlow(): VictimLineFlowDocument {
  const flows = Object.values(
    template.findResources('AWS::Connect::ContactFlow', {
      Properties: { Name: 'victim-first-local-victim-line' },
    }),
  );
  expect(flows).toHaveLength(1);
  const content = (flows[0] as { Properties: { Content: { 'Fn::Join': [string, unknown[]] } } }).Properties
    .Content;
  const markers = new Map([
    [JSON.stringify(getAtt(idOf(line().hoursOfOperation), 'HoursOfOperationArn')), HOURS_ARN],
    [JSON.stringify(getAtt(matchFunctionId())), FUNCTION_ARN],
    [JSON.stringify(getAtt(idOf(line().callTakersQueue), 'QueueArn')), CALL_TAKERS_ARN],
  ]);
  const text = content['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const marker = markers.get(JSON.stringify(part));
      expect(marker, JSON.stringify(part)).toBeDefined();
      return marker;
    })
    .join('');
  return JSON.parse(text) as VictimLineFlowDocument;
}

const DAYS = {
  MONDAY: [9, 18],
  TUESDAY: [9, 18],
  WEDNESDAY: [9, 20],
  THURSDAY: [9, 18],
  FRIDAY: [9, 18],
  SATURDAY: [9, 18],
} as const;

describe("the 0800 line's hours of operation", () => {
  it('are the service hours in London time, generated day by day, Sunday closed', () => {
    const hours = Object.values(template.findResources('AWS::Connect::HoursOfOperation'));
    expect(hours).toHaveLength(1);
    const { Properties } = hours[0] as { Properties: Record<string, unknown> };
    expect(Properties.InstanceArn).toBe(LOCAL_CONNECT_INSTANCE_ARN);
    expect(Properties.TimeZone).toBe('Europe/London');
    expect(Properties.Config).toEqual(
      Object.entries(DAYS).map(([Day, [opens, closes]]) => ({
        Day,
        StartTime: { Hours: opens, Minutes: 0 },
        EndTime: { Hours: closes, Minutes: 0 },
      })),
    );
  });
});

describe("the 0800 line's queues and routing profiles", () => {
  it('has a queue for the caseworkers and one for the call-takers, each on the service hours', () => {
    for (const queue of [line().caseworkersQueue, line().callTakersQueue])
      template.hasResourceProperties('AWS::Connect::Queue', {
        InstanceArn: LOCAL_CONNECT_INSTANCE_ARN,
        Name: queue.name,
        HoursOfOperationArn: getAtt(idOf(line().hoursOfOperation), 'HoursOfOperationArn'),
      });
    expect([line().caseworkersQueue.name, line().callTakersQueue.name]).toEqual([
      'victim-first-local-caseworkers',
      'victim-first-local-call-takers',
    ]);
  });

  it('routes each queue to its own profile, one contact at a time: caseworkers also take booked web chats', () => {
    for (const [profile, queue, channels] of [
      [line().caseworkersProfile, line().caseworkersQueue, ['VOICE', 'CHAT']],
      [line().callTakersProfile, line().callTakersQueue, ['VOICE']],
    ] as const)
      template.hasResourceProperties('AWS::Connect::RoutingProfile', {
        Name: profile.name,
        DefaultOutboundQueueArn: getAtt(idOf(queue), 'QueueArn'),
        MediaConcurrencies: channels.map((channel) => ({ Channel: channel, Concurrency: 1 })),
        QueueConfigs: channels.map((channel) => ({
          Delay: 0,
          Priority: 1,
          QueueReference: { Channel: channel, QueueArn: getAtt(idOf(queue), 'QueueArn') },
        })),
      });
  });
});

describe("the 0800 line's contact flow, as deployed", () => {
  const answerWith = (answer: CallerMatch | Error, at: string, available = 1): CallWorld => ({
    at: new Date(at),
    // The hours Connect holds, read back from the template.
    hours: (
      Object.values(template.findResources('AWS::Connect::HoursOfOperation'))[0] as {
        Properties: {
          Config: {
            Day: string;
            StartTime: { Hours: number; Minutes: number };
            EndTime: { Hours: number; Minutes: number };
          }[];
        };
      }
    ).Properties.Config.map((c) => ({
      day: c.Day as never,
      startTime: { hours: c.StartTime.Hours, minutes: c.StartTime.Minutes },
      endTime: { hours: c.EndTime.Hours, minutes: c.EndTime.Minutes },
    })),
    invoke: async (arn) => {
      expect(arn).toBe(FUNCTION_ARN);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    agentsAvailable: (arn) => (arn === AGENT ? available : 0),
  });
  const IN_HOURS = '2026-12-16T19:00:00Z'; // Wednesday 7pm: open until 8pm.
  const CASE = { caseId: 'VF-7K2QX-9MBR4' };
  const prompts = victimLinePrompts();

  it('is the document built from code, active, in the instance', () => {
    expect(deployedFlow()).toEqual(
      victimLineFlow({
        hoursOfOperationArn: HOURS_ARN,
        matchFunctionArn: FUNCTION_ARN,
        callTakersQueueArn: CALL_TAKERS_ARN,
      }),
    );
    template.hasResourceProperties('AWS::Connect::ContactFlow', {
      Name: 'victim-first-local-victim-line',
      InstanceArn: LOCAL_CONNECT_INSTANCE_ARN,
      Type: 'CONTACT_FLOW',
      State: 'ACTIVE',
    });
  });

  it('out of hours gives the out-of-hours message and hangs up', async () => {
    const played = await playCall(
      deployedFlow(),
      answerWith(new Error('not called'), '2026-12-15T18:00:00Z'),
    );
    expect(played).toEqual({
      heard: [prompts.outOfHours],
      steps: ['check-hours', 'out-of-hours', 'disconnect'],
      attributes: {},
    });
  });

  it('on a bank holiday, answered closed by the function, gives the out-of-hours message', async () => {
    const played = await playCall(
      deployedFlow(),
      answerWith({ route: 'closed', caseId: '', agentArn: '' }, IN_HOURS),
    );
    expect(played.heard).toEqual([prompts.outOfHours]);
    expect(played.queued).toBeUndefined();
  });

  it('puts a matched caller through to their available caseworker with the case id on the contact', async () => {
    const played = await playCall(
      deployedFlow(),
      answerWith({ route: 'caseworker', agentArn: AGENT, ...CASE }, IN_HOURS),
    );
    expect(played.queued).toEqual({ agentArn: AGENT });
    expect(played.attributes).toEqual(CASE);
  });

  it.each([
    [
      'their caseworker is not available',
      { route: 'caseworker', agentArn: AGENT, ...CASE } as const,
      0,
      CASE,
    ],
    [
      'their caseworker has no Connect user',
      { route: 'call-takers', agentArn: '', ...CASE } as const,
      1,
      CASE,
    ],
    ['their number matches no case', { route: 'unmatched', agentArn: '', caseId: '' } as const, 1, {}],
  ])('sends the caller to the call-takers when %s', async (_when, answer, available, attributes) => {
    const played = await playCall(deployedFlow(), answerWith(answer, IN_HOURS, available));
    expect(played.queued).toEqual({ queueArn: CALL_TAKERS_ARN });
    expect(played.attributes).toEqual(attributes);
    expect(played.heard).toEqual([prompts.connecting]);
  });

  it('sends the caller to the call-takers when the function fails', async () => {
    const played = await playCall(deployedFlow(), answerWith(new Error('timed out'), IN_HOURS));
    expect(played.queued).toEqual({ queueArn: CALL_TAKERS_ARN });
  });
});

describe('the match-caller function and the Connect instance', () => {
  it('is associated with the instance before the flow is created, and invocable by that instance only', () => {
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: LOCAL_CONNECT_INSTANCE_ARN,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: getAtt(matchFunctionId()),
    });
    template.hasResource('AWS::Connect::ContactFlow', {
      Properties: { Name: 'victim-first-local-victim-line' },
      DependsOn: [idOf(line().integration)],
    });
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { FunctionName: getAtt(matchFunctionId()) },
      }),
    ).map((permission) => (permission as { Properties: Record<string, unknown> }).Properties);
    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(matchFunctionId()),
        Principal: 'connect.amazonaws.com',
        SourceArn: LOCAL_CONNECT_INSTANCE_ARN,
        SourceAccount: '000000000000',
      },
    ]);
  });

  it("gives both functions the caseworkers' Connect user ids from context", () => {
    for (const id of [matchFunctionId(), recordFunctionId()]) {
      const fn = template.findResources('AWS::Lambda::Function')[id] as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      };
      expect(fn.Properties.Environment.Variables.CONNECT_AGENTS).toBe(
        JSON.stringify({ 'caseworker.one': AGENT_ID }),
      );
    }
  });
});

describe("the 0800 line's ended calls", () => {
  it("send the instance's DISCONNECTED voice contact events to the record-phone-call function", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.connect'],
        'detail-type': ['Amazon Connect Contact Event'],
        detail: {
          eventType: ['DISCONNECTED'],
          channel: ['VOICE'],
          instanceArn: [LOCAL_CONNECT_INSTANCE_ARN],
        },
      },
      Targets: [{ Arn: getAtt(recordFunctionId()), Id: 'Target0' }],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: getAtt(recordFunctionId()),
      Principal: 'events.amazonaws.com',
      SourceArn: getAtt(idOf(line().callEndedRule.node.defaultChild as CfnElement)),
    });
  });

  it('go to a dead-letter queue when logging one fails after its retries', () => {
    expect(built.intakeStack.deadLetterQueues.recordPhoneCall).toBeDefined();
  });
});

describe('cdk-nag', () => {
  it('finds nothing unacknowledged in the app with the 0800 line', () => {
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
    expect(synthError).toBeUndefined();
  });
});
