import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WEB_CHAT_PROMPTS,
  type WebChatFlowStep,
  webChatFlow,
} from '../../functions/contact/web-chat-flow/flow.ts';
import { LOCAL_CONNECT_INSTANCE_ARN, type VictimFirstApp } from '../../infra/app.ts';
import { CHAT_TRANSCRIPTS_PREFIX } from '../../infra/constructs/web-chat-contacts.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

let built: VictimFirstApp;
let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template, synthError } = synthUnbundled());
}, 120_000);

afterAll(() => {
  removeTemporaryOutdirs();
});

const idOf = (element: CfnElement) => built.intakeStack.getLogicalId(element);
const logicalId = (construct: IConstruct): string => idOf(construct.node.defaultChild as CfnElement);

/** The chat flow's logical id. */
const chatFlow = () => idOf(built.intakeStack.webChatContacts.contactFlow);
/** The flow's id as the functions are told it: the last part of its ARN. */
const flowId = () => ({
  'Fn::Select': [3, { 'Fn::Split': ['/', { 'Fn::GetAtt': [chatFlow(), 'ContactFlowArn'] }] }],
});
const QUEUE = '<caseworkers queue ARN>';
const flow = webChatFlow({ caseworkersQueueArn: QUEUE });
const step = (id: WebChatFlowStep) => {
  const action = flow.Actions.find((candidate) => candidate.Identifier === id);
  if (!action) throw new Error(`no step ${id}`);
  return action;
};

/** Where the chat goes when each step named fails (`error`) or succeeds (`ok`), from the start. */
function walk(outcomes: Partial<Record<WebChatFlowStep, 'ok' | 'error' | 'at-capacity'>>): WebChatFlowStep[] {
  const path: WebChatFlowStep[] = [];
  let at: WebChatFlowStep | undefined = flow.StartAction;
  while (at !== undefined && path.length < 20) {
    path.push(at);
    const { Transitions } = step(at);
    const outcome = outcomes[at] ?? 'ok';
    if (outcome === 'ok') at = Transitions.NextAction;
    else {
      const type = outcome === 'error' ? 'NoMatchingError' : 'QueueAtCapacity';
      at = Transitions.Errors?.find((error) => error.ErrorType === type)?.NextAction;
    }
  }
  return path;
}

describe('the booked web chat flow', () => {
  it("greets the victim and queues the chat for the case's own caseworker", () => {
    expect(walk({})).toEqual(['greet', 'to-caseworker', 'transfer']);
    expect(step('greet').Parameters).toEqual({ Text: WEB_CHAT_PROMPTS.greeting });
    expect(step('to-caseworker').Parameters).toEqual({ AgentId: '$.Attributes.agentArn' });
  });

  it('queues it for the caseworkers when the case has no caseworker in Connect', () => {
    expect(walk({ 'to-caseworker': 'error' })).toEqual([
      'greet',
      'to-caseworker',
      'to-caseworkers-queue',
      'transfer',
    ]);
    expect(step('to-caseworkers-queue').Parameters).toEqual({ QueueId: QUEUE });
  });

  it('says sorry and ends the chat when it cannot be queued', () => {
    const sorry = ['sorry', 'disconnect'];
    expect(walk({ transfer: 'error' }).slice(-2)).toEqual(sorry);
    expect(walk({ transfer: 'at-capacity' }).slice(-2)).toEqual(sorry);
    expect(walk({ 'to-caseworker': 'error', 'to-caseworkers-queue': 'error' }).slice(-2)).toEqual(sorry);
    expect(walk({ greet: 'error', 'to-caseworker': 'error', transfer: 'error' }).slice(-2)).toEqual(sorry);
  });

  it('has an error branch on every step but the end, each to a step of the flow', () => {
    const ids = new Set(flow.Actions.map((action) => action.Identifier));
    for (const action of flow.Actions) {
      if (action.Type !== 'DisconnectParticipant')
        expect(action.Transitions.Errors?.length).toBeGreaterThan(0);
      for (const next of [
        action.Transitions.NextAction,
        ...(action.Transitions.Errors ?? []).map((e) => e.NextAction),
      ])
        if (next !== undefined) expect(ids.has(next)).toBe(true);
    }
  });
});

describe('booked web chats in the CDK app', () => {
  it('deploys the chat flow against the 0800 line caseworkers queue', () => {
    const queue = idOf(built.intakeStack.victimPhoneLine.caseworkersQueue);
    template.hasResourceProperties('AWS::Connect::ContactFlow', {
      Name: 'victim-first-local-web-chat',
      Type: 'CONTACT_FLOW',
      InstanceArn: LOCAL_CONNECT_INSTANCE_ARN,
      Content: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [queue, 'QueueArn'] }])] },
    });
  });

  it("stores the instance's chat transcripts under a prefix of the intake bucket, with the data key", () => {
    template.hasResourceProperties('AWS::Connect::InstanceStorageConfig', {
      InstanceArn: LOCAL_CONNECT_INSTANCE_ARN,
      ResourceType: 'CHAT_TRANSCRIPTS',
      StorageType: 'S3',
      S3Config: {
        BucketName: { Ref: logicalId(built.intakeStack.intake.bucket) },
        BucketPrefix: CHAT_TRANSCRIPTS_PREFIX,
        EncryptionConfig: {
          EncryptionType: 'KMS',
          KeyId: { 'Fn::GetAtt': [logicalId(built.intakeStack.key), 'Arn'] },
        },
      },
    });
  });

  it("lets the transcript function read only the instance's contacts' attributes, and tells it the instance", () => {
    const fn = built.intakeStack.functions.keepChatTranscript.function;
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: idOf(fn.role?.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'connect:GetContactAttributes',
            Resource: `${LOCAL_CONNECT_INSTANCE_ARN}/contact/*`,
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp("Amazon Connect chat's transcript"),
      Environment: {
        Variables: Match.objectLike({
          CONNECT_INSTANCE_ID: LOCAL_CONNECT_INSTANCE_ARN.split('/').at(-1),
          CONNECT_CHAT_FLOW_ID: flowId(),
        }),
      },
    });
  });

  it('lets the public pages start chats on the chat flow only, and tells them the instance, flow and agents', () => {
    const fn = built.intakeStack.functions.publicPages.function;
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: idOf(fn.role?.node.defaultChild as CfnElement) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 'connect:StartChatContact',
            Resource: { 'Fn::GetAtt': [chatFlow(), 'ContactFlowArn'] },
          },
        ]),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^The public pages'),
      Environment: {
        Variables: Match.objectLike({
          CONNECT_INSTANCE_ARN: LOCAL_CONNECT_INSTANCE_ARN,
          CONNECT_CHAT_FLOW_ID: flowId(),
          CONNECT_AGENTS: Match.anyValue(),
        }),
      },
    });
  });

  it('synthesizes with no unacknowledged cdk-nag findings', () => {
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
    expect(synthError).toBeUndefined();
  });
});
