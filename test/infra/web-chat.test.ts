import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { buildApp } from '../../infra/app.ts';
import type { State, StateMachineDefinition } from '../../local/engine/asl.ts';
import type { LoadedStateMachine } from '../../local/engine/state-runner.ts';
import { stateMachinesFromTemplate, UnresolvedReferenceError } from '../../local/engine/template.ts';

// The booked web chat's state machine as synthesized (docs/web-chat.md): who may start it, what it calls,
// its wait for the slot and its task's timeout and catch; and the links' address given to send-message.

let outdir: string;
let template: Template;
let definition: StateMachineDefinition;
const roleOf: Partial<Record<FunctionName, string>> = {};
const functionOf: Partial<Record<FunctionName, string>> = {};

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'vf-web-chat-'));
  const { app, intakeStack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
  const json = app.synth().getStackByName(intakeStack.stackName).template as Parameters<
    typeof stateMachinesFromTemplate
  >[0];
  template = Template.fromJSON(json as Record<string, unknown>);
  const byLogicalId = new Map<string, FunctionName>();
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    const id = (c: { node: { defaultChild?: unknown } }) =>
      intakeStack.getLogicalId(c.node.defaultChild as CfnElement);
    functionOf[name] = id(intakeStack.functions[name].function);
    roleOf[name] = id(intakeStack.functions[name].role);
    byLogicalId.set(functionOf[name] as string, name);
  }
  const machines = stateMachinesFromTemplate(json, {
    getAtt: (logicalId, attribute) => {
      const name = byLogicalId.get(logicalId);
      if (!name || attribute !== 'Arn') throw new UnresolvedReferenceError(`${logicalId}.${attribute}`);
      return `fn:${name}`;
    },
    ref: (logicalId) => {
      throw new UnresolvedReferenceError(`Ref ${logicalId}`);
    },
  });
  definition = (machines.find((m) => m.name.endsWith('-web-chat')) as LoadedStateMachine).definition;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

type AnyState = State & {
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  TimeoutSeconds?: number;
  Timestamp?: string;
  Resource?: string;
  Arguments?: { FunctionName?: string; Payload?: Record<string, unknown> };
};
const state = (name: string) => definition.States[name] as AnyState;

/** The functions whose roles may StartExecution on the web-chat machine. */
function startersOfWebChat(): FunctionName[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
    Properties: {
      Roles: Array<{ Ref: string }>;
      PolicyDocument: { Statement: Array<Record<string, unknown>> };
    };
  }>;
  const starts = (p: (typeof policies)[number]) =>
    p.Properties.PolicyDocument.Statement.some(
      (s) =>
        [s.Action].flat().includes('states:StartExecution') && JSON.stringify(s.Resource).includes('WebChat'),
    );
  const roles = new Set(policies.filter(starts).flatMap((p) => p.Properties.Roles.map((r) => r.Ref)));
  return (Object.keys(roleOf) as FunctionName[]).filter((name) => roles.has(roleOf[name] as string));
}

describe('the booked web chat state machine', () => {
  it('confirms on the channel intake chose, then waits for the slot and raises the task there', () => {
    expect(state('Confirm the booking').Arguments).toMatchObject({
      FunctionName: 'fn:sendMessage',
      Payload: { purpose: 'web-chat-booking-confirmation', channel: '{% $chat.channel %}' },
    });
    expect(state('Wait for the slot').Timestamp).toBe('{% $chat.chatAt %}');
    const task = state('Web chat with the victim');
    expect(task.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
    expect(task.Arguments?.Payload).toMatchObject({ type: 'web-chat', queue: 'caseworkers', forOwner: true });
  });

  it('bounds the task with a timeout caught as a missed chat, and goes on unconfirmed when sending is refused', () => {
    const task = state('Web chat with the victim');
    expect(task.TimeoutSeconds).toBe(12 * 3600);
    expect(task.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.Timeout'] })]);
    expect(state('Confirm the booking').Catch?.[0]?.ErrorEquals).toEqual([
      'UnsafeChannelError',
      'PermanentDeliveryError',
      'ChatEndedError',
    ]);
  });

  it('is started by the intake and the public pages alone, and send-message knows the public site its links are on', () => {
    expect(startersOfWebChat().sort()).toEqual(['publicPages', 'receiveReferral']);
    const sendMessage = template.findResources('AWS::Lambda::Function')[functionOf.sendMessage as string] as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    };
    expect(JSON.stringify(sendMessage.Properties.Environment.Variables.PUBLIC_SITE_URL)).toContain(
      'DomainName',
    );
  });
});
