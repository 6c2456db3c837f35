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
import { TRANSIENT_FUNCTION_ERRORS } from '../../workflows/standard-state-machine.ts';

// The contact path as synthesized, checked where the intake-stack test does not: that the local engine
// loads it as it is, and the shape of the service rules in it. (Standard, JSONata, every callback task's
// timeout and States.Timeout catch, encryption, logging and IAM are asserted in intake-state-machines.test.ts.)

let outdir: string;
let template: Template;
let machines: LoadedStateMachine[];
let definition: StateMachineDefinition;

const DAY = 86_400;

// Synthesized once without bundling: the template's state machine is the same, and the handlers are not needed.
beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'vf-contact-path-'));
  const { app, intakeStack } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
  const json = app.synth().getStackByName(intakeStack.stackName).template as Parameters<
    typeof stateMachinesFromTemplate
  >[0];
  template = Template.fromJSON(json as Record<string, unknown>);
  const byLogicalId = new Map<string, FunctionName>(
    (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
      intakeStack.getLogicalId(intakeStack.functions[name].function.node.defaultChild as CfnElement),
      name,
    ]),
  );
  // Each function ARN becomes `fn:<registry name>`, so the assertions below read in the registry's words.
  machines = stateMachinesFromTemplate(json, {
    getAtt: (logicalId, attribute) => {
      const name = byLogicalId.get(logicalId);
      if (!name || attribute !== 'Arn') throw new UnresolvedReferenceError(`${logicalId}.${attribute}`);
      return `fn:${name}`;
    },
    ref: (logicalId) => {
      throw new UnresolvedReferenceError(`Ref ${logicalId}`);
    },
  });
  definition = (machines.find((m) => m.name.endsWith('contact-path')) as LoadedStateMachine).definition;
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

type AnyState = State & {
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Retry?: Array<{ ErrorEquals: string[] }>;
  Resource?: string;
  Arguments?: { FunctionName?: string; Payload?: Record<string, unknown> };
};
const states = () => Object.entries(definition.States) as Array<[string, AnyState]>;
const successors = (state: AnyState): string[] => [
  ...(state.Next ? [state.Next] : []),
  ...(state.Default ? [state.Default] : []),
  ...(state.Choices ?? []).map((rule) => rule.Next),
  ...(state.Catch ?? []).map((catcher) => catcher.Next),
];
const tasks = () => states().filter(([, state]) => state.Type === 'Task');
const calls = (state: AnyState) => state.Arguments?.FunctionName;

describe('the synthesized contact path', () => {
  it('loads in the local engine exactly as synthesized, with nothing refused', () => {
    expect(machines.map((m) => m.name).sort()).toEqual([
      'victim-first-local-complaint-clock',
      'victim-first-local-contact-path',
      'victim-first-local-re-engagement',
      'victim-first-local-support-review',
      'victim-first-local-target-hardening',
      'victim-first-local-web-chat',
    ]);
    expect(Object.keys(definition.States).length).toBeGreaterThan(40);
  });

  it('can reach every one of its states from the start', () => {
    const reached = new Set<string>([definition.StartAt]);
    const queue = [definition.StartAt];
    while (queue.length > 0) {
      const state = definition.States[queue.shift() as string] as AnyState;
      for (const next of successors(state)) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    expect(Object.keys(definition.States).filter((name) => !reached.has(name))).toEqual([]);
  });

  it('waits for people only through the create-task function and for providers through await-delivery, and calls nothing but the contact functions', () => {
    for (const [name, state] of tasks()) {
      if (state.Resource?.endsWith('.waitForTaskToken'))
        expect(['fn:createTask', 'fn:awaitDelivery'], name).toContain(calls(state));
      else
        expect(
          ['fn:planContactPath', 'fn:sendMessage', 'fn:recordCaseEvent', 'fn:computeDeadline'],
          name,
        ).toContain(calls(state));
    }
  });

  it('sleeps only until a timestamp computed in code, never for a count of seconds', () => {
    const waits = states().filter(([, state]) => state.Type === 'Wait');
    expect(waits.length).toBeGreaterThanOrEqual(3);
    for (const [name, state] of waits) {
      expect(Object.keys(state), name).toContain('Timestamp');
      expect(Object.keys(state), name).not.toContain('Seconds');
    }
  });

  it("retries every function call of every state machine on Lambda's service errors and the function's transient ones", () => {
    const everyTask = machines.flatMap((machine) =>
      Object.entries(machine.definition.States as Record<string, AnyState>)
        .filter(([, state]) => state.Type === 'Task')
        .map(([name, state]) => [`${machine.name}: ${name}`, state] as const),
    );
    expect(everyTask.length).toBeGreaterThan(30);
    for (const [name, state] of everyTask) {
      const retried = (state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals);
      expect(retried, name).toEqual(
        expect.arrayContaining(['Lambda.ServiceException', 'Lambda.SdkClientException']),
      );
      const transient = (state.Retry ?? []).find((retrier) => retrier.ErrorEquals.includes('TimeoutError'));
      expect(transient, name).toEqual({
        ErrorEquals: [...TRANSIENT_FUNCTION_ERRORS],
        IntervalSeconds: 2,
        MaxAttempts: 3,
        BackoffRate: 2,
      });
    }
  });

  it('turns every message refused as unsafe into a team-leader review, never a failed execution (rule 5)', () => {
    const senders = tasks().filter(([, state]) => calls(state) === 'fn:sendMessage');
    expect(senders.map(([name]) => name).sort()).toEqual(
      [
        'Send final letter',
        'Send support offer',
        'Send support offer by letter',
        'Send visit 1 notice',
        'Send visit 2 notice',
      ].sort(),
    );
    for (const [name, state] of senders) {
      const fallback = (state.Catch ?? []).find((c) => c.ErrorEquals.includes('UnsafeChannelError'));
      expect(fallback, name).toBeDefined();
      const pass = definition.States[fallback?.Next ?? ''] as AnyState;
      expect([pass.Type, pass.Next], name).toEqual(['Pass', 'Team leader reviews safe contact']);
    }
  });

  it('waits for an e-mail or text to be reported, within its window, and turns an undelivered one into a letter or a review', () => {
    const [, wait] = tasks().find(([name]) => name === 'Await delivery report') as [string, AnyState];
    expect(calls(wait)).toBe('fn:awaitDelivery');
    expect((wait as { TimeoutSeconds?: number }).TimeoutSeconds).toBe(72 * 3600);
    const caught = Object.fromEntries((wait.Catch ?? []).map((c) => [c.ErrorEquals.join(), c.Next]));
    expect(caught).toEqual({
      MessageUndeliverable: 'Letter instead?',
      'States.Timeout': 'Record Initial contact only',
    });
    const [, offer] = tasks().find(([name]) => name === 'Send support offer') as [string, AnyState];
    const undeliverable = (offer.Catch ?? []).find((c) => c.ErrorEquals.includes('PermanentDeliveryError'));
    expect(undeliverable?.Next).toBe('Letter instead?');
  });

  it('retries a send that another run of the same step is still making, after its lease', () => {
    const senders = tasks().filter(([, state]) => calls(state) === 'fn:sendMessage');
    for (const [name, state] of senders) {
      const retry = (state.Retry ?? []).find((r) => r.ErrorEquals.includes('MessageSendInProgressError'));
      expect(retry, name).toMatchObject({ IntervalSeconds: 60, MaxAttempts: 3, BackoffRate: 1 });
    }
  });

  it('records how the path ended on the case timeline before every ending', () => {
    const endings = states().filter(([, state]) => state.Type === 'Succeed');
    expect(endings.length).toBe(5);
    for (const [name, ending] of endings) {
      const before = states().filter(([, state]) => successors(state).includes(name));
      expect(before.length, name).toBe(1);
      const [, record] = before[0] as [string, AnyState];
      const result = (ending as { Output?: { result?: string } }).Output?.result;
      expect(calls(record), name).toBe('fn:recordCaseEvent');
      expect(record.Arguments?.Payload, name).toMatchObject({
        type: 'contact-path-completed',
        detail: { result },
      });
    }
  });

  it('gives each execution a time limit longer than its longest path and well inside the one-year limit, and traces it', () => {
    // Longest path: a second home visit by the 10th working day (up to 16 calendar days over Christmas),
    // then a needs-assessment booking within 5 working days or a five-day team-leader review.
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(30 * DAY);
    expect(definition.TimeoutSeconds).toBeLessThan(365 * DAY);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: 'victim-first-local-contact-path',
      TracingConfiguration: { Enabled: true },
    });
  });
});
