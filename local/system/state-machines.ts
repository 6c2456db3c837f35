import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import { buildApp } from '../../infra/app.ts';
import type { LoadedStateMachine } from '../engine/state-runner.ts';
import { stateMachinesFromTemplate, UnresolvedReferenceError } from '../engine/template.ts';

/** A function's ARN on this machine. */
export const localFunctionArn = (id: string) => `arn:aws:lambda:eu-west-2:000000000000:function:${id}`;

export interface LocalDefinitions {
  readonly machines: LoadedStateMachine[];
  /** Registry name of each function, by its local ARN. */
  readonly functionsByArn: ReadonlyMap<string, FunctionName>;
  /** The contact path's local ARN. */
  readonly contactPathArn: string;
  /** The support-review state machine (one execution per support plan action). */
  readonly supportReviewArn?: string;
  /** The target-hardening state machine (one execution per job, and one per follow-up). */
  readonly targetHardeningArn: string;
  /** The re-engagement state machine (one execution per milestone a call is raised before). */
  readonly reEngagementArn?: string;
  /** The web-chat state machine (one execution per booked web chat). */
  readonly webChatArn?: string;
  /** The complaint-clock state machine (one execution per complaint). */
  readonly complaintClockArn?: string;
}

/**
 * Synthesizes the CDK app (without bundling: the engine calls the handler modules in-process) and loads
 * its state machines from the template, exactly as `cdk synth` writes them (docs/local-system.md). The
 * template's checks (CloudFormation validation, cdk-nag) are left to `cdk synth` and the infra tests: they
 * never change the template, and skipping them here saves about two seconds of every start.
 */
export function synthesizeLocalDefinitions(): LocalDefinitions {
  const outdir = mkdtempSync(join(tmpdir(), 'vf-synth-'));
  try {
    const { app, intakeStack } = buildApp({
      context: { 'aws:cdk:bundling-stacks': [] },
      outdir,
      checks: false,
    });
    const template = app.synth().getStackByName(intakeStack.stackName).template as Parameters<
      typeof stateMachinesFromTemplate
    >[0];
    const functionsByLogicalId = new Map<string, FunctionName>();
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const resource = intakeStack.functions[name].function.node.defaultChild as CfnElement;
      functionsByLogicalId.set(intakeStack.getLogicalId(resource), name);
    }
    const machines = stateMachinesFromTemplate(template, {
      getAtt: (logicalId, attribute) => {
        const name = functionsByLogicalId.get(logicalId);
        if (!name || attribute !== 'Arn')
          throw new UnresolvedReferenceError(`${logicalId}.${attribute} is not a function of the registry`);
        return localFunctionArn(FUNCTIONS[name].id);
      },
      ref: (logicalId) => {
        throw new UnresolvedReferenceError(`Ref ${logicalId} has no local value`);
      },
    });
    const functionsByArn = new Map<string, FunctionName>(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [localFunctionArn(FUNCTIONS[name].id), name]),
    );
    const contactPathName = intakeStack.resolve(
      intakeStack.contactPath.stateMachine.stateMachineName,
    ) as unknown;
    const contactPath =
      machines.find((m) => m.name === contactPathName) ??
      machines.find((m) => m.name.endsWith('contact-path'));
    if (!contactPath) throw new Error('the synthesized app has no contact-path state machine');
    const supportReviewName = intakeStack.resolve(
      intakeStack.supportReview.stateMachine.stateMachineName,
    ) as unknown;
    const supportReview =
      machines.find((m) => m.name === supportReviewName) ??
      machines.find((m) => m.name.endsWith('support-review'));
    const targetHardeningName = intakeStack.resolve(
      intakeStack.targetHardening.stateMachine.stateMachineName,
    ) as unknown;
    const targetHardening =
      machines.find((m) => m.name === targetHardeningName) ??
      machines.find((m) => m.name.endsWith('target-hardening'));
    if (!targetHardening) throw new Error('the synthesized app has no target-hardening state machine');
    const reEngagementName = intakeStack.resolve(
      intakeStack.reEngagement.stateMachine.stateMachineName,
    ) as unknown;
    const reEngagement =
      machines.find((m) => m.name === reEngagementName) ??
      machines.find((m) => m.name.endsWith('-re-engagement'));
    const webChatName = intakeStack.resolve(intakeStack.webChat.stateMachine.stateMachineName) as unknown;
    const webChat =
      machines.find((m) => m.name === webChatName) ?? machines.find((m) => m.name.endsWith('-web-chat'));
    const complaintClockName = intakeStack.resolve(
      intakeStack.complaintClock.stateMachine.stateMachineName,
    ) as unknown;
    const complaintClock =
      machines.find((m) => m.name === complaintClockName) ??
      machines.find((m) => m.name.endsWith('-complaint-clock'));
    return {
      ...(webChat ? { webChatArn: webChat.arn } : {}),
      ...(complaintClock ? { complaintClockArn: complaintClock.arn } : {}),
      targetHardeningArn: targetHardening.arn,
      machines,
      functionsByArn,
      contactPathArn: contactPath.arn,
      ...(supportReview ? { supportReviewArn: supportReview.arn } : {}),
      ...(reEngagement ? { reEngagementArn: reEngagement.arn } : {}),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
