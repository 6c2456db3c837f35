import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { RE_ENGAGEMENT_ENVIRONMENT, TARGET_HARDENING_ENVIRONMENT } from '../../functions/config.ts';
import { FUNCTIONS, type FunctionAccess, type FunctionName } from '../../functions/registry.ts';
import { buildApp, LOCAL_JOB_CONTACTS } from '../../infra/app.ts';
import {
  actionsOf,
  asArray,
  built,
  functionId,
  getAtt,
  logicalId,
  type PolicyResource,
  roleId,
  statementsOfRole,
  synthesizedForFile,
  template,
} from '../support/intake-template.ts';

// The intake stack's state machines and their schedules, on the template synthesized once for the file
// without bundling (the same but for the code's asset hashes).
synthesizedForFile({ bundled: false });

/** A state machine's ARN as the stack builds it from the machine's name (region and partition known). */
const stateMachineArn = (name: string) => ({
  'Fn::Join': ['', ['arn:aws:states:eu-west-2:', { Ref: 'AWS::AccountId' }, `:stateMachine:${name}`]],
});
const TARGET_HARDENING = 'victim-first-local-target-hardening';

/** The roles (logical ids) that some IAM policy allows `action` on `resource`. */
function rolesAllowed(action: string, resource: unknown): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as PolicyResource[];
  return policies
    .filter((policy) =>
      policy.Properties.PolicyDocument.Statement.some(
        (s) =>
          s.Effect === 'Allow' &&
          asArray(s.Action).includes(action) &&
          asArray(s.Resource).some((r) => JSON.stringify(r) === JSON.stringify(resource)),
      ),
    )
    .flatMap((policy) => policy.Properties.Roles.map((role) => role.Ref))
    .sort();
}

/** A state machine's ASL, with each intrinsic (a function ARN, the partition) replaced by a marker. */
function definitionOf(name: string): {
  States: Record<string, Record<string, unknown>>;
  QueryLanguage?: string;
} {
  const machines = template.findResources('AWS::StepFunctions::StateMachine', {
    Properties: { StateMachineName: name },
  });
  const [machine] = Object.values(machines);
  if (!machine) throw new Error(`the stack has no ${name} state machine`);
  const body = (machine.Properties as { DefinitionString: unknown }).DefinitionString;
  const parts = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'INTRINSIC')).join(''));
}
const contactPathDefinition = () => definitionOf('victim-first-local-contact-path');

describe('the contact-path state machine', () => {
  it('is a Standard state machine in JSONata, beside the support review, target hardening, re-engagement, web chat and complaint clock', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 6);
    for (const name of [
      'victim-first-local-contact-path',
      'victim-first-local-support-review',
      TARGET_HARDENING,
      'victim-first-local-re-engagement',
      'victim-first-local-web-chat',
      'victim-first-local-complaint-clock',
    ]) {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineName: name,
        StateMachineType: 'STANDARD',
        EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
        TracingConfiguration: { Enabled: true },
      });
    }
    expect(contactPathDefinition().QueryLanguage).toBe('JSONata');
  });

  it("lets only the web app and the public pages start a complaint's clock, which sleeps until each warning and deadline and calls raise-complaint-alert", () => {
    const starters = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) =>
      statementsOfRole(roleId(name)).some(
        (s) =>
          asArray(s.Action).includes('states:StartExecution') && JSON.stringify(s).includes('ComplaintClock'),
      ),
    );
    expect(starters.sort()).toEqual(['publicPages', 'webApp']);
    const states = Object.values(definitionOf('victim-first-local-complaint-clock').States) as Array<
      Record<string, unknown>
    >;
    expect(states.filter((state) => state.Type === 'Wait').map((state) => state.Timestamp)).toEqual([
      '{% $clock.acknowledgeWarnAt %}',
      '{% $clock.acknowledgeBy %}',
      '{% $clock.respondWarnAt %}',
      '{% $clock.respondBy %}',
    ]);
    expect(states.filter((state) => state.Type === 'Task')).toHaveLength(4);
  });

  it('lets only the web app start a support review, and the task answerers answer its reviews', () => {
    const canStart = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:StartExecution'));
    expect(canStart('webApp')).toBe(true);
    for (const name of ['taskApi', 'createTask', 'sendMessage'] as const) {
      const statements = statementsOfRole(roleId(name)).filter((s) =>
        asArray(s.Action).includes('states:StartExecution'),
      );
      expect(JSON.stringify(statements), name).not.toContain('support-review');
    }
  });

  it('gives every caseworker and team-leader task a timeout and a Catch for States.Timeout', () => {
    const callbacks = Object.entries(contactPathDefinition().States).filter(([, state]) =>
      String(state.Resource ?? '').endsWith('.waitForTaskToken'),
    );
    expect(callbacks.length).toBeGreaterThanOrEqual(6);
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSeconds, name).toBeDefined();
      const catches = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });

  it('sends the task token to the task function and nothing but ids and codes', () => {
    const call = contactPathDefinition().States['Call attempt'] as {
      Arguments: { Payload: Record<string, unknown> };
    };
    expect(call.Arguments.Payload.taskToken).toBe('{% $states.context.Task.Token %}');
    expect(Object.keys(call.Arguments.Payload).sort()).toEqual(
      ['attempt', 'caseId', 'due', 'priority', 'queue', 'taskToken', 'type', 'voicemailAllowed'].sort(),
    );
  });

  it('puts every task route behind authorization: the staff user pool’s JWT authorizer', () => {
    for (const routeKey of [
      'GET /api/tasks',
      'GET /api/tasks/{taskId}',
      'POST /api/tasks/{taskId}/claim',
      'POST /api/tasks/{taskId}/complete',
    ]) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'JWT',
        AuthorizerId: Match.anyValue(),
      });
    }
  });

  it('lets the intake functions start it and only the task API answer its tasks', () => {
    const canStart = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:StartExecution'));
    const canAnswer = (name: FunctionName) =>
      statementsOfRole(roleId(name)).some((s) => asArray(s.Action).includes('states:SendTaskSuccess'));
    for (const name of ['ingestPoliceDownload', 'ingestReferralEmail', 'receiveReferral'] as const) {
      expect(canStart(name), name).toBe(true);
    }
    expect(canAnswer('taskApi')).toBe(true);
    for (const name of ['planContactPath', 'createTask', 'sendMessage', 'receiveReferral'] as const) {
      expect(canAnswer(name), name).toBe(false);
    }
  });

  it('encrypts execution data with the customer key and logs without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      EncryptionConfiguration: Match.objectLike({ Type: 'CUSTOMER_MANAGED_KMS_KEY' }),
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });
});

describe('the target-hardening state machine', () => {
  const machineId = () => logicalId(built.intakeStack.targetHardening.stateMachine);
  const definition = () => definitionOf(TARGET_HARDENING);

  it('is a Standard state machine in JSONata, traced, with a time limit', () => {
    const { Properties } = template.toJSON().Resources[machineId()];
    expect(Properties).toMatchObject({
      StateMachineName: TARGET_HARDENING,
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
    });
    expect(definition().QueryLanguage).toBe('JSONata');
    expect((definition() as { TimeoutSeconds?: number }).TimeoutSeconds).toBeGreaterThan(0);
  });

  it('encrypts execution data with the data key and logs to its own encrypted group without execution data', () => {
    const key = getAtt(logicalId(built.intakeStack.key));
    const logs = built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('TargetHardeningLogs').node.defaultChild as CfnElement,
    );
    const { Properties } = template.toJSON().Resources[machineId()];
    expect(Properties.EncryptionConfiguration).toMatchObject({
      Type: 'CUSTOMER_MANAGED_KMS_KEY',
      KmsKeyId: key,
    });
    expect(Properties.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logs) } }],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
    expect(template.toJSON().Resources[logs].Properties.KmsKeyId).toEqual(key);
  });

  it('gives every wait for a task token a timeout and a Catch for States.Timeout', () => {
    const callbacks = Object.entries(definition().States).filter(([, state]) =>
      String(state.Resource ?? '').endsWith('.waitForTaskToken'),
    );
    // The wait for the contractor (booking, visit) and the wait for the 12-month follow-up.
    expect(callbacks.map(([name]) => name).sort()).toEqual([
      'Wait for the contractor',
      'Wait for the follow-up',
    ]);
    for (const [name, state] of callbacks) {
      expect(state.TimeoutSeconds, name).toBeDefined();
      const catches = (state.Catch ?? []) as Array<{ ErrorEquals: string[] }>;
      expect(
        catches.some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });

  it('may be started only by connect-emergency, receive-referral, the web app and the follow-up scheduler role', () => {
    const schedulerRole = built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('FollowUpSchedulerRole').node.defaultChild as CfnElement,
    );
    expect(rolesAllowed('states:StartExecution', stateMachineArn(TARGET_HARDENING))).toEqual(
      [roleId('connectEmergency'), roleId('receiveReferral'), roleId('webApp'), schedulerRole].sort(),
    );
    // Nothing starts it by its CloudFormation reference either.
    expect(rolesAllowed('states:StartExecution', { Ref: machineId() })).toEqual([]);
  });

  it('lets only the functions that answer tasks answer its task tokens', () => {
    const answerers = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
      (name) => (FUNCTIONS[name].access as FunctionAccess).respondsToTasks === true,
    );
    expect(answerers).toContain('awaitJob');
    expect(rolesAllowed('states:SendTaskSuccess', stateMachineArn(TARGET_HARDENING))).toEqual(
      answerers.map(roleId).sort(),
    );
  });

  it("gives notify-job who to alert, and the portal's address, in its environment", () => {
    const T = TARGET_HARDENING_ENVIRONMENT;
    const { Variables } = template.toJSON().Resources[functionId('notifyJob')].Properties.Environment;
    expect(Variables).toMatchObject({
      [T.contractorEmail]: LOCAL_JOB_CONTACTS.contractorEmail,
      [T.contractorMobile]: LOCAL_JOB_CONTACTS.contractorMobile,
      [T.teamLeaderEmail]: LOCAL_JOB_CONTACTS.teamLeaderEmail,
      [T.portalUrl]: getAtt(logicalId(built.intakeStack.api.api), 'ApiEndpoint'),
    });
    expect(Object.keys(Variables)).toEqual(
      expect.arrayContaining([
        'TH_CONTRACTOR_EMAIL',
        'TH_CONTRACTOR_MOBILE',
        'TH_TEAM_LEADER_EMAIL',
        'TH_PORTAL_URL',
      ]),
    );
  });
});

describe('the 12-month follow-ups', () => {
  const GROUP = 'victim-first-local-follow-ups';
  const groupId = () =>
    built.intakeStack.getLogicalId(built.intakeStack.node.findChild('FollowUpSchedules') as CfnElement);
  const schedulerRoleId = () =>
    built.intakeStack.getLogicalId(
      built.intakeStack.node.findChild('FollowUpSchedulerRole').node.defaultChild as CfnElement,
    );
  const inGroup = {
    'Fn::Join': ['', ['arn:aws:scheduler:eu-west-2:', { Ref: 'AWS::AccountId' }, `:schedule/${GROUP}/*`]],
  };

  it('have their own schedule group', () => {
    // Theirs and the re-engagements'.
    template.resourceCountIs('AWS::Scheduler::ScheduleGroup', 2);
    expect(template.toJSON().Resources[groupId()].Properties.Name).toBe(GROUP);
  });

  it('are started by a role only EventBridge Scheduler of this account may assume', () => {
    const role = template.toJSON().Resources[schedulerRoleId()].Properties;
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    });
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('give that role states:StartExecution on the target-hardening state machine and nothing else', () => {
    expect(statementsOfRole(schedulerRoleId())).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(TARGET_HARDENING) },
    ]);
  });

  it('let schedule-follow-up create schedules only in the group, and pass only the scheduler role', () => {
    const statements = statementsOfRole(roleId('scheduleFollowUp'));
    expect(statements.filter((s) => actionsOf([s]).some((a) => /^(scheduler|iam):/.test(a)))).toEqual([
      { Effect: 'Allow', Action: 'scheduler:CreateSchedule', Resource: inGroup },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(schedulerRoleId()) },
    ]);
    const { Variables } = template.toJSON().Resources[functionId('scheduleFollowUp')].Properties.Environment;
    expect(Variables).toMatchObject({
      [TARGET_HARDENING_ENVIRONMENT.scheduleGroup]: { Ref: groupId() },
      [TARGET_HARDENING_ENVIRONMENT.schedulerRoleArn]: getAtt(schedulerRoleId()),
    });
  });

  it('let no other function create schedules or pass a role', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      // The web app schedules re-engagements (below), and only those.
      if (name === 'scheduleFollowUp' || name === 'webApp') continue;
      const actions = actionsOf(statementsOfRole(roleId(name)));
      expect(
        actions.filter((action) => /^(scheduler|iam):/.test(action)),
        name,
      ).toEqual([]);
    }
  });
});

describe('the re-engagement calls before criminal justice milestones', () => {
  const GROUP = 'victim-first-local-re-engagements';
  const RE_ENGAGEMENT = 'victim-first-local-re-engagement';
  const idOf = (id: string) =>
    built.intakeStack.getLogicalId(
      (built.intakeStack.node.findChild(id).node.defaultChild ??
        built.intakeStack.node.findChild(id)) as CfnElement,
    );
  const inGroup = {
    'Fn::Join': ['', ['arn:aws:scheduler:eu-west-2:', { Ref: 'AWS::AccountId' }, `:schedule/${GROUP}/*`]],
  };

  it('have their own state machine, which raises the call and catches its timeout', () => {
    const definition = definitionOf(RE_ENGAGEMENT) as {
      QueryLanguage?: string;
      States: Record<
        string,
        { Resource?: string; TimeoutSeconds?: number; Catch?: Array<{ ErrorEquals: string[] }> }
      >;
    };
    expect(definition.QueryLanguage).toBe('JSONata');
    const call = definition.States['Call the victim'];
    expect(call?.Resource).toMatch(/\.waitForTaskToken$/);
    expect(call?.TimeoutSeconds).toBe(14 * 86_400);
    expect(call?.Catch?.[0]?.ErrorEquals).toEqual(['States.Timeout']);
  });

  it('have their own schedule group, started by a role that may start only the re-engagement machine', () => {
    expect(template.toJSON().Resources[idOf('ReEngagementSchedules')].Properties.Name).toBe(GROUP);
    const role = template.toJSON().Resources[idOf('ReEngagementSchedulerRole')].Properties;
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]);
    expect(statementsOfRole(idOf('ReEngagementSchedulerRole'))).toEqual([
      { Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn(RE_ENGAGEMENT) },
    ]);
  });

  it('let the web app create and delete schedules only in the group, and pass only the scheduler role', () => {
    const statements = statementsOfRole(roleId('webApp'));
    expect(statements.filter((s) => actionsOf([s]).some((a) => /^(scheduler|iam):/.test(a)))).toEqual([
      {
        Effect: 'Allow',
        Action: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule'],
        Resource: inGroup,
      },
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: getAtt(idOf('ReEngagementSchedulerRole')) },
    ]);
    const { Variables } = template.toJSON().Resources[functionId('webApp')].Properties.Environment;
    expect(Variables).toMatchObject({
      [RE_ENGAGEMENT_ENVIRONMENT.stateMachineArn]: stateMachineArn(RE_ENGAGEMENT),
      [RE_ENGAGEMENT_ENVIRONMENT.scheduleGroup]: { Ref: idOf('ReEngagementSchedules') },
      [RE_ENGAGEMENT_ENVIRONMENT.schedulerRoleArn]: getAtt(idOf('ReEngagementSchedulerRole')),
    });
  });

  it('are started by nothing but their schedules, and answered by the functions that answer tasks', () => {
    expect(rolesAllowed('states:StartExecution', stateMachineArn(RE_ENGAGEMENT))).toEqual([
      idOf('ReEngagementSchedulerRole'),
    ]);
    const answerers = (Object.keys(FUNCTIONS) as FunctionName[]).filter(
      (name) => (FUNCTIONS[name].access as FunctionAccess).respondsToTasks === true,
    );
    expect(rolesAllowed('states:SendTaskSuccess', stateMachineArn(RE_ENGAGEMENT))).toEqual(
      answerers.map(roleId).sort(),
    );
  });
});

describe('target-hardening alert contacts from context', () => {
  const outdirs: string[] = [];
  afterAll(() => {
    for (const outdir of outdirs) rmSync(outdir, { recursive: true, force: true });
  });
  /** Built (not synthesized) without bundling, into a directory removed afterwards. */
  const build = (context: Record<string, unknown>) => {
    const outdir = mkdtempSync(join(tmpdir(), 'vf-job-contacts-'));
    outdirs.push(outdir);
    return buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir });
  };
  const deployed = {
    environment: 'staging',
    messagesFromAddress: 'contact@victimfirst.example',
    sesIdentity: 'victimfirst.example',
    smsOriginationIdentityArn: 'arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123456789abcdef',
    connectInstanceArn:
      'arn:aws:connect:eu-west-2:111122223333:instance/8b5c1f3e-2a4d-4e6f-9a0b-1c2d3e4f5a6b',
    contractorAlertEmail: 'duty@contractor.example',
    contractorAlertMobile: '+447700900123',
    teamLeaderEmail: 'th-team-leaders@victimfirst.example',
  };

  it('refuses a deployed environment without the contractor alert e-mail, naming only it', () => {
    const { contractorAlertEmail: _, ...withoutEmail } = deployed;
    expect(() => build(withoutEmail)).toThrow(
      'Environment "staging" needs context contractorAlertEmail for target-hardening alerts',
    );
  });

  it('builds a deployed environment that names all three', () => {
    expect(() => build(deployed)).not.toThrow();
  });
});
