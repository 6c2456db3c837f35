import { fileURLToPath } from 'node:url';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { MessagingSettings } from './constructs/messaging.ts';
import { FEATURE_FLAGS } from './feature-flags.ts';
import { EDGE_REGION, EdgeStack } from './stacks/edge-stack.ts';
import { IntakeStack } from './stacks/intake-stack.ts';

/** Repository root (this file is infra/app.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Region used unless context `region` says otherwise: London, keeping victims' data in the UK. */
export const DEFAULT_REGION = 'eu-west-2';

export interface BuildAppOptions {
  /** Extra context (as `--context key=value` would give), e.g. `{ environment: 'staging' }`. */
  readonly context?: Record<string, unknown>;
  /** Where to write the cloud assembly; by default the CLI's (or a temporary) directory. */
  readonly outdir?: string;
  /** Repository root the registry's handler entries are resolved against; defaults to this repo. */
  readonly projectRoot?: string;
  /**
   * Whether synth checks the template: the CDK's built-in CloudFormation validation and cdk-nag's
   * AwsSolutions rules (default true). They read the template and never change it; the local system,
   * which only loads the state machines from it, turns them off and starts seconds sooner.
   */
  readonly checks?: boolean;
}

export interface VictimFirstApp {
  readonly app: App;
  readonly intakeStack: IntakeStack;
  /** us-east-1: the AWS WAF web ACL of the public intake address (CloudFront's web ACLs live there). */
  readonly edgeStack: EdgeStack;
}

/**
 * Builds the CDK app: the intake stack and the edge stack (us-east-1) it depends on, with the cdk-nag AwsSolutions checks registered as a validation
 * plugin so every synth runs them (unless `checks` is false). Constructing it has no side effects; call
 * `app.synth()` to synthesize.
 */
export function buildApp(options: BuildAppOptions = {}): VictimFirstApp {
  const checks = options.checks ?? true;
  const app = new App({
    context: { ...FEATURE_FLAGS },
    ...(options.context === undefined ? {} : { postCliContext: options.context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    builtinCloudFormationValidation: checks,
  });
  if (checks) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

  const environmentName = stringContext(app, 'environment') ?? 'local';
  const account = stringContext(app, 'account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = stringContext(app, 'region') ?? DEFAULT_REGION;
  const alarmTopicArn = stringContext(app, 'alarmTopicArn');
  const signInDomainPrefix = stringContext(app, 'signInDomainPrefix');

  const edgeStack = new EdgeStack(app, `VictimFirst-${environmentName}-Edge`, {
    description: `Victim First referral orchestration (${environmentName}): AWS WAF for the public intake address`,
    env: account === undefined ? { region: EDGE_REGION } : { account, region: EDGE_REGION },
    environmentName,
  });

  const intakeStack = new IntakeStack(app, `VictimFirst-${environmentName}-Intake`, {
    description: `Victim First referral orchestration (${environmentName}): intake`,
    env: account === undefined ? { region } : { account, region },
    crossRegionReferences: true,
    webAclArn: edgeStack.waf.webAcl.attrArn,
    environmentName,
    projectRoot: options.projectRoot ?? PROJECT_ROOT,
    ...(alarmTopicArn === undefined ? {} : { alarmTopicArn }),
    ...(signInDomainPrefix === undefined ? {} : { signInDomainPrefix }),
    messaging: messagingSettings(app, environmentName),
    jobContacts: jobContacts(app, environmentName),
    connectInstanceArn: connectInstanceArn(app, environmentName),
    connectAgents: connectAgents(app),
  });

  Tags.of(app).add('Service', 'victim-first-referrals');
  Tags.of(app).add('Environment', environmentName);
  Tags.of(app).add('DataClassification', 'special-category-personal-data');

  return { app, intakeStack, edgeStack };
}

/** Stand-ins for a local synth only: the reserved `.invalid` domain can never send or receive. */
export const LOCAL_MESSAGING_DEFAULTS = {
  messagesFromAddress: 'victim-first@victim-first.invalid',
  sesIdentity: 'victim-first.invalid',
} as const;

/**
 * Where victim messages come from, from context. The `local` environment synthesizes with stand-ins that
 * cannot send anything; any other environment must name all three, and synth fails naming what is missing.
 */
export function messagingSettings(app: App, environmentName: string): MessagingSettings {
  const fromAddress = stringContext(app, 'messagesFromAddress');
  const sesIdentity = stringContext(app, 'sesIdentity');
  const smsOriginationIdentityArn = stringContext(app, 'smsOriginationIdentityArn');
  if (environmentName !== 'local') {
    const missing = [
      ...(fromAddress === undefined ? ['messagesFromAddress'] : []),
      ...(sesIdentity === undefined ? ['sesIdentity'] : []),
      ...(smsOriginationIdentityArn === undefined ? ['smsOriginationIdentityArn'] : []),
    ];
    if (missing.length > 0)
      throw new Error(
        `Environment "${environmentName}" needs context ${missing.join(', ')} for victim messaging`,
      );
  }
  if (
    smsOriginationIdentityArn !== undefined &&
    !/^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/.+$/.test(
      smsOriginationIdentityArn,
    )
  )
    throw new Error(
      'Context "smsOriginationIdentityArn" must be the ARN of an End User Messaging phone number, pool or sender ID',
    );
  const from = fromAddress ?? LOCAL_MESSAGING_DEFAULTS.messagesFromAddress;
  const identity = sesIdentity ?? LOCAL_MESSAGING_DEFAULTS.sesIdentity;
  if (!(from === identity || from.endsWith(`@${identity}`)))
    throw new Error(`Context "messagesFromAddress" must be the SES identity ${identity} or an address at it`);
  return {
    fromAddress: from,
    sesIdentity: identity,
    ...(smsOriginationIdentityArn === undefined ? {} : { smsOriginationIdentityArn }),
  };
}

/** Stand-ins for a local synth only: a reserved domain and Ofcom's drama number range reach nobody. */
export const LOCAL_JOB_CONTACTS = {
  contractorEmail: 'contractor@victim-first.invalid',
  contractorMobile: '+447700900999',
  teamLeaderEmail: 'team-leaders@victim-first.invalid',
} as const;

/**
 * Who target-hardening alerts go to, from context `contractorAlertEmail`, `contractorAlertMobile` (E.164)
 * and `teamLeaderEmail`. The `local` environment uses stand-ins; any other must name all three.
 */
export function jobContacts(
  app: App,
  environmentName: string,
): typeof LOCAL_JOB_CONTACTS | Record<keyof typeof LOCAL_JOB_CONTACTS, string> {
  const given = {
    contractorEmail: stringContext(app, 'contractorAlertEmail'),
    contractorMobile: stringContext(app, 'contractorAlertMobile'),
    teamLeaderEmail: stringContext(app, 'teamLeaderEmail'),
  };
  if (environmentName !== 'local') {
    const missing = Object.entries({
      contractorAlertEmail: given.contractorEmail,
      contractorAlertMobile: given.contractorMobile,
      teamLeaderEmail: given.teamLeaderEmail,
    })
      .filter(([, value]) => value === undefined)
      .map(([key]) => key);
    if (missing.length > 0)
      throw new Error(
        `Environment "${environmentName}" needs context ${missing.join(', ')} for target-hardening alerts`,
      );
  }
  const contacts = {
    contractorEmail: given.contractorEmail ?? LOCAL_JOB_CONTACTS.contractorEmail,
    contractorMobile: given.contractorMobile ?? LOCAL_JOB_CONTACTS.contractorMobile,
    teamLeaderEmail: given.teamLeaderEmail ?? LOCAL_JOB_CONTACTS.teamLeaderEmail,
  };
  if (!/^\+\d{8,15}$/.test(contacts.contractorMobile))
    throw new Error(
      'Context "contractorAlertMobile" must be a mobile number in E.164 form, e.g. +447700900999',
    );
  return contacts;
}

/** Stand-in for a local synth only: an Amazon Connect instance in an account that cannot exist. */
export const LOCAL_CONNECT_INSTANCE_ARN =
  'arn:aws:connect:eu-west-2:000000000000:instance/00000000-0000-0000-0000-000000000000';

/**
 * The Amazon Connect instance the emergency target-hardening line belongs to, from context
 * `connectInstanceArn`. The `local` environment synthesizes with a stand-in; any other environment must name
 * it, and synth fails naming it when it is missing.
 */
export function connectInstanceArn(app: App, environmentName: string): string {
  const arn = stringContext(app, 'connectInstanceArn');
  if (arn === undefined && environmentName !== 'local')
    throw new Error(
      `Environment "${environmentName}" needs context connectInstanceArn for the emergency target-hardening phone line`,
    );
  const instanceArn = arn ?? LOCAL_CONNECT_INSTANCE_ARN;
  if (
    !/^arn:aws[a-z-]*:connect:[a-z0-9-]+:\d{12}:instance\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      instanceArn,
    )
  )
    throw new Error(
      `Context "connectInstanceArn" must be an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>), got "${instanceArn}"`,
    );
  return instanceArn;
}

/**
 * Staff members' Amazon Connect user ids, by staff id, from context `connectAgents` (a JSON object, or its
 * text): the 0800 line routes a matched call to its caseworker's agent queue only when they are here.
 */
export function connectAgents(app: App): Readonly<Record<string, string>> {
  const value: unknown = app.node.tryGetContext('connectAgents');
  if (value === undefined || value === null || value === '') return {};
  const agents: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const entries = typeof agents === 'object' && agents !== null ? Object.entries(agents) : undefined;
  if (
    !entries ||
    Array.isArray(agents) ||
    entries.some(([, id]) => typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id))
  )
    throw new Error(
      'Context "connectAgents" must map staff ids to Amazon Connect user ids, e.g. {"<staff id>": "<user id>"}',
    );
  return Object.fromEntries(entries) as Record<string, string>;
}

function stringContext(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new Error(`Context "${key}" must be a string, got ${JSON.stringify(value)}`);
  return value;
}
