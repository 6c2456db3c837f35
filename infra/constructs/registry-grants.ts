import { Stack, Token, Validations } from 'aws-cdk-lib';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RE_ENGAGEMENT_ENVIRONMENT, TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
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
  readonly webChat: IStateMachine;
  readonly complaintClock: IStateMachine;
  /**
   * Each machine by the ARN built from its name: what task-token answers are granted on (a reference to the
   * contact path from the roles of functions it invokes would be a dependency cycle), and the target-hardening
   * machine that functions and follow-up schedules start.
   */
  readonly byName: {
    readonly contactPath: IStateMachine;
    readonly supportReview: IStateMachine;
    readonly targetHardening: IStateMachine;
    readonly reEngagement: IStateMachine;
  };
  /** The follow-up schedule group, and the role its schedules start the target-hardening machine with. */
  readonly followUps: ScheduleGroupGrant;
  /** The re-engagement schedule group, and the role its schedules start the re-engagement machine with. */
  readonly reEngagements: ScheduleGroupGrant;
}

/** A schedule group and the role its schedules start their state machine with. */
export interface ScheduleGroupGrant {
  readonly groupName: string;
  readonly group: CfnScheduleGroup;
  readonly schedulerRole: IRole;
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
    if (access.startsWebChat) {
      props.webChat.grantStartExecution(fn);
      fn.addEnvironment('WEB_CHAT_ARN', props.webChat.stateMachineArn);
    }
    if (access.startsComplaintClock) {
      props.complaintClock.grantStartExecution(fn);
      fn.addEnvironment('COMPLAINT_CLOCK_ARN', props.complaintClock.stateMachineArn);
    }
    if (access.sendsWebChatLinks)
      fn.addEnvironment(
        'PUBLIC_SITE_URL',
        `https://${props.publicIntake.distribution.distributionDomainName}`,
      );
    if (access.startsSupportReview) {
      props.supportReview.grantStartExecution(fn);
      fn.addEnvironment('SUPPORT_REVIEW_ARN', props.supportReview.stateMachineArn);
    }
    if (access.startsTargetHardening || access.schedulesFollowUps)
      fn.addEnvironment('TARGET_HARDENING_ARN', byName.targetHardening.stateMachineArn);
    if (access.startsTargetHardening) byName.targetHardening.grantStartExecution(fn);
    if (access.schedulesFollowUps) {
      this.grantScheduling(
        fn,
        followUps,
        ['scheduler:CreateSchedule'],
        "each job's follow-up is its own schedule, named by the job.",
      );
      fn.addEnvironment(T.scheduleGroup, followUps.group.ref);
      fn.addEnvironment(T.schedulerRoleArn, followUps.schedulerRole.roleArn);
    }
    if (access.schedulesReEngagements) {
      const R = RE_ENGAGEMENT_ENVIRONMENT;
      const { reEngagements } = props;
      this.grantScheduling(
        fn,
        reEngagements,
        ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        "each milestone's re-engagement call is its own schedule, named by the case and milestone, deleted when the milestone is withdrawn.",
      );
      fn.addEnvironment(R.stateMachineArn, byName.reEngagement.stateMachineArn);
      fn.addEnvironment(R.scheduleGroup, reEngagements.group.ref);
      fn.addEnvironment(R.schedulerRoleArn, reEngagements.schedulerRole.roleArn);
    }
    if (access.respondsToTasks) {
      for (const machine of [
        byName.contactPath,
        byName.supportReview,
        byName.targetHardening,
        byName.reEngagement,
      ])
        machine.grantTaskResponse(fn);
    }
  }

  /**
   * Making (and where asked, deleting) schedules in one schedule group only, and passing the role its
   * schedules start their state machine with.
   */
  private grantScheduling(
    fn: RegistryFunction['function'],
    schedules: ScheduleGroupGrant,
    actions: readonly string[],
    why: string,
  ): void {
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...actions],
        resources: [
          stack.formatArn({
            service: 'scheduler',
            resource: 'schedule',
            resourceName: `${schedules.groupName}/*`,
          }),
        ],
      }),
    );
    schedules.schedulerRole.grantPassRole(fn.grantPrincipal);
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    if (policy)
      Validations.of(policy).acknowledge({
        // The account is a literal in the ARN when the stack names one (context `account`).
        id: `AwsSolutions-IAM5[Resource::arn:aws:scheduler:${stack.region}:${Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account}:schedule/${schedules.groupName}/*]`,
        reason: `${actions.join(' and ')} in the ${schedules.groupName} schedule group only: ${why}`,
      });
  }
}
