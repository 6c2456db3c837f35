import { Stack } from 'aws-cdk-lib';
import {
  CfnContactFlow,
  CfnHoursOfOperation,
  CfnIntegrationAssociation,
  CfnQueue,
  CfnRoutingProfile,
} from 'aws-cdk-lib/aws-connect';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { CONNECT_AGENTS_ENVIRONMENT } from '../../functions/config.ts';
import {
  hoursOfOperationOf,
  LINE_TIME_ZONE,
  victimLineFlow,
} from '../../functions/contact/victim-phone-line/flow.ts';
import { DEFAULT_SERVICE_HOURS, type ServiceHours } from '../../shared/domain/calendar.ts';

export interface VictimPhoneLineProps {
  /** Deployment environment name, e.g. `local`, `staging`, `production`. */
  readonly environmentName: string;
  /** ARN of the Amazon Connect instance (context `connectInstanceArn`, the emergency line's too). */
  readonly instanceArn: string;
  /** The match-caller function (functions/registry.ts `matchCaller`). */
  readonly matchFunction: LambdaFn;
  /** The record-phone-call function (functions/registry.ts `recordPhoneCall`). */
  readonly recordFunction: LambdaFn;
  /** Each staff member's Connect user id, by staff id (context `connectAgents`; none by default). */
  readonly agents?: Readonly<Record<string, string>>;
  /** The service hours the line keeps; the deadlines' own by default. */
  readonly hours?: ServiceHours;
}

/**
 * The 0800 free-phone line for victims in Amazon Connect (docs/infrastructure.md, "The 0800 line"): hours of
 * operation generated from the service hours, a queue and routing profile for the caseworkers and one for the
 * call-takers, the inbound contact flow built from code (functions/contact/victim-phone-line/flow.ts), the
 * match-caller function associated with the instance and invocable by it alone, and the rule that sends the
 * instance's ended voice calls to the record-phone-call function. The free-phone number is claimed and
 * pointed at the flow in the instance, and agents given the routing profiles there, outside this app.
 */
export class VictimPhoneLine extends Construct {
  readonly hoursOfOperation: CfnHoursOfOperation;
  readonly caseworkersQueue: CfnQueue;
  readonly callTakersQueue: CfnQueue;
  readonly caseworkersProfile: CfnRoutingProfile;
  readonly callTakersProfile: CfnRoutingProfile;
  readonly contactFlow: CfnContactFlow;
  readonly integration: CfnIntegrationAssociation;
  readonly callEndedRule: Rule;

  constructor(scope: Construct, id: string, props: VictimPhoneLineProps) {
    super(scope, id);
    const { instanceArn, matchFunction, recordFunction } = props;
    const instanceAccount = instanceArn.split(':')[4];
    if (instanceAccount === undefined || !/^\d{12}$/.test(instanceAccount))
      throw new Error(`VictimPhoneLine needs an Amazon Connect instance ARN, got "${instanceArn}"`);
    const hours = props.hours ?? DEFAULT_SERVICE_HOURS;
    const name = (what: string) => `victim-first-${props.environmentName}-${what}`;

    this.hoursOfOperation = new CfnHoursOfOperation(this, 'Hours', {
      instanceArn,
      name: name('victim-line-hours'),
      description: 'Victim First service hours (generated from the service hours the deadlines use)',
      timeZone: LINE_TIME_ZONE,
      config: hoursOfOperationOf(hours),
    });
    const hoursOfOperationArn = this.hoursOfOperation.attrHoursOfOperationArn;

    this.caseworkersQueue = new CfnQueue(this, 'CaseworkersQueue', {
      instanceArn,
      name: name('caseworkers'),
      description:
        "Calls from victims for the caseworkers (each caseworker's own calls reach their agent queue)",
      hoursOfOperationArn,
    });
    this.callTakersQueue = new CfnQueue(this, 'CallTakersQueue', {
      instanceArn,
      name: name('call-takers'),
      description:
        'Calls from victims for the call-takers on the rota: no case, or its caseworker unavailable',
      hoursOfOperationArn,
    });
    const profile = (
      profileId: string,
      what: string,
      description: string,
      queue: CfnQueue,
      channels: readonly ('VOICE' | 'CHAT')[] = ['VOICE'],
    ) =>
      new CfnRoutingProfile(this, profileId, {
        instanceArn,
        name: name(what),
        description,
        defaultOutboundQueueArn: queue.attrQueueArn,
        mediaConcurrencies: channels.map((channel) => ({ channel, concurrency: 1 })),
        queueConfigs: channels.map((channel) => ({
          delay: 0,
          priority: 1,
          queueReference: { channel, queueArn: queue.attrQueueArn },
        })),
      });
    this.caseworkersProfile = profile(
      'CaseworkersProfile',
      'caseworkers',
      'Caseworkers: their own callers and booked web chats (agent queue) and the caseworkers queue',
      this.caseworkersQueue,
      ['VOICE', 'CHAT'],
    );
    this.callTakersProfile = profile(
      'CallTakersProfile',
      'call-takers',
      'Call-takers on the rota: the call-takers queue',
      this.callTakersQueue,
    );

    // The instance lists the function among its integrations before the flow that invokes it is created.
    this.integration = new CfnIntegrationAssociation(this, 'FunctionAssociation', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: matchFunction.functionArn,
    });
    this.contactFlow = new CfnContactFlow(this, 'ContactFlow', {
      instanceArn,
      name: name('victim-line'),
      description:
        'Victim First 0800 line: service hours, caller matched to their case, caseworker or call-takers',
      type: 'CONTACT_FLOW',
      state: 'ACTIVE',
      // toJsonString keeps the ARNs CloudFormation references inside the JSON text.
      content: Stack.of(this).toJsonString(
        victimLineFlow(
          {
            hoursOfOperationArn,
            matchFunctionArn: matchFunction.functionArn,
            callTakersQueueArn: this.callTakersQueue.attrQueueArn,
          },
          hours,
        ),
      ),
    });
    this.contactFlow.addResourceDependency(this.integration);

    // Only this instance may invoke the function: the source ARN and account confine the service principal.
    matchFunction.addPermission('ConnectInstanceInvoke', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: instanceArn,
      sourceAccount: instanceAccount,
      scope: this,
    });

    // The instance's voice calls as they end (Connect publishes contact events to EventBridge by itself).
    this.callEndedRule = new Rule(this, 'CallEnded', {
      description: 'Ended voice calls of the Amazon Connect instance, logged on their case',
      eventPattern: {
        source: ['aws.connect'],
        detailType: ['Amazon Connect Contact Event'],
        detail: { eventType: ['DISCONNECTED'], channel: ['VOICE'], instanceArn: [instanceArn] },
      },
      targets: [new LambdaFunction(recordFunction)],
    });

    const agents = JSON.stringify(props.agents ?? {});
    matchFunction.addEnvironment(CONNECT_AGENTS_ENVIRONMENT, agents);
    recordFunction.addEnvironment(CONNECT_AGENTS_ENVIRONMENT, agents);
  }
}
