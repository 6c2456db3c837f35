import { Stack, Token, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
import type { FunctionName } from '../../functions/registry.ts';
import type { Messaging } from './messaging.ts';
import type { PublicIntakeDistribution } from './public-intake-distribution.ts';
import type { QuarterlyReturns } from './quarterly-returns.ts';
import type { RegistryFunction } from './registry-function.ts';

export interface RegistryGrantsProps {
  readonly functions: Readonly<Record<FunctionName, RegistryFunction>>;
  readonly messaging: Messaging;
  readonly returns: QuarterlyReturns;
  readonly publicIntake: PublicIntakeDistribution;
  /** The machines a function starts by their own ARN. */
  readonly contactPath: IStateMachine;
  readonly supportReview: IStateMachine;
  /**
   * Each machine by the ARN built from its name: what task-token answers are granted on (a reference to the
   * contact path from the roles of functions it invokes would be a dependency cycle), and the target-hardening
   * machine that functions and follow-up schedules start.
   */
  readonly byName: {
    readonly contactPath: IStateMachine;
    readonly supportReview: IStateMachine;
    readonly targetHardening: IStateMachine;
  };
  /** The follow-up schedule group, and the role its schedules start the target-hardening machine with. */
  readonly followUps: {
    readonly groupName: string;
    readonly group: CfnScheduleGroup;
    readonly schedulerRole: IRole;
  };
}

/**
 * Every function's `access` in the registry (functions/registry.ts) beyond its own table and bucket grants
 * (RegistryFunction): sending messages, the quarterly returns, starting and answering the workflows,
 * scheduling follow-ups, and the public intake's origin secret — each a grant and the environment that names
 * what was granted, and nothing the registry does not list.
 *
 * Makes no resources of its own: each grant is a statement on the function's own role, so the construct's id
 * is in no logical ID.
 */
export class RegistryGrants extends Construct {
  constructor(scope: Construct, id: string, props: RegistryGrantsProps) {
    super(scope, id);
    const functions = Object.values(props.functions);
    for (const registryFunction of functions) {
      const { messaging } = registryFunction.definition.access;
      if (messaging !== undefined) props.messaging.grant(registryFunction, messaging);
    }
    for (const registryFunction of functions) {
      const { returns } = registryFunction.definition.access;
      if (returns !== undefined) props.returns.grant(registryFunction, returns);
    }
    for (const registryFunction of functions) this.grantWorkflows(registryFunction, props);
    // The API's own address also answers, without AWS WAF: the function refuses self-referrals that lack the
    // origin secret CloudFront adds (docs/infrastructure.md, "Public intake address").
    for (const registryFunction of functions) {
      if (registryFunction.definition.access.readsOriginSecret)
        props.publicIntake.grantOriginSecret(registryFunction);
    }
  }

  /** Starting the workflows, scheduling target-hardening follow-ups, and answering task tokens. */
  private grantWorkflows(registryFunction: RegistryFunction, props: RegistryGrantsProps): void {
    const { access } = registryFunction.definition;
    const fn = registryFunction.function;
    const { byName, followUps } = props;
    const T = TARGET_HARDENING_ENVIRONMENT;
    if (access.startsContactPath) {
      props.contactPath.grantStartExecution(fn);
      fn.addEnvironment('CONTACT_PATH_ARN', props.contactPath.stateMachineArn);
    }
    if (access.startsSupportReview) {
      props.supportReview.grantStartExecution(fn);
      fn.addEnvironment('SUPPORT_REVIEW_ARN', props.supportReview.stateMachineArn);
    }
    if (access.startsTargetHardening || access.schedulesFollowUps)
      fn.addEnvironment('TARGET_HARDENING_ARN', byName.targetHardening.stateMachineArn);
    if (access.startsTargetHardening) byName.targetHardening.grantStartExecution(fn);
    if (access.schedulesFollowUps) {
      const stack = Stack.of(this);
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['scheduler:CreateSchedule'],
          resources: [
            stack.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `${followUps.groupName}/*`,
            }),
          ],
        }),
      );
      followUps.schedulerRole.grantPassRole(fn.grantPrincipal);
      const policy = fn.role?.node.tryFindChild('DefaultPolicy');
      if (policy)
        Validations.of(policy).acknowledge({
          // The account is a literal in the ARN when the stack names one (context `account`).
          id: `AwsSolutions-IAM5[Resource::arn:aws:scheduler:${stack.region}:${Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account}:schedule/${followUps.groupName}/*]`,
          reason:
            "scheduler:CreateSchedule in the follow-up schedule group only: each job's follow-up is its own schedule, named by the job.",
        });
      fn.addEnvironment(T.scheduleGroup, followUps.group.ref);
      fn.addEnvironment(T.schedulerRoleArn, followUps.schedulerRole.roleArn);
    }
    if (access.respondsToTasks) {
      for (const machine of [byName.contactPath, byName.supportReview, byName.targetHardening])
        machine.grantTaskResponse(fn);
    }
  }
}
