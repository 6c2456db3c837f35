import { describe, expect, it } from 'vitest';
import { MESSAGING_ENVIRONMENT } from '../../functions/config.ts';
import type { FunctionName } from '../../functions/registry.ts';
import { LOCAL_MESSAGING_DEFAULTS } from '../../infra/app.ts';
import {
  accountArn,
  actionsOf,
  asArray,
  built,
  bySid,
  getAtt,
  logicalId,
  statementsOf,
  synth,
  synthesizedForFile,
  template,
} from '../support/intake-template.ts';

// Messaging's grants, its daily print manifest schedule and its settings from context, on the template
// synthesized once for the file without bundling. The channels themselves: messaging.test.ts.
synthesizedForFile({ bundled: false });

describe('grants', () => {
  const lettersArn = () => getAtt(logicalId(built.intakeStack.messaging.letters.bucket));
  const underLetters = (prefix: string) => ({ 'Fn::Join': ['', [lettersArn(), `/${prefix}*`]] });
  const keyArn = () => getAtt(logicalId(built.intakeStack.key));

  it('lets send-message send e-mail only from the service identity and address, through its configuration set', () => {
    expect(bySid(statementsOf('sendMessage'), 'SendEmailFromTheServiceIdentity')).toEqual({
      Sid: 'SendEmailFromTheServiceIdentity',
      Effect: 'Allow',
      Action: 'ses:SendEmail',
      Resource: [
        {
          'Fn::Join': [
            '',
            [
              'arn:aws:ses:eu-west-2:',
              { Ref: 'AWS::AccountId' },
              ':configuration-set/',
              { Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet) },
            ],
          ],
        },
        accountArn('ses', `:identity/${LOCAL_MESSAGING_DEFAULTS.sesIdentity}`),
      ],
      Condition: { StringEquals: { 'ses:FromAddress': LOCAL_MESSAGING_DEFAULTS.messagesFromAddress } },
    });
  });

  it('lets send-message send texts only from the origination identity, through its configuration set and protect configuration', () => {
    expect(bySid(statementsOf('sendMessage'), 'SendTextFromTheServiceOriginationIdentity')).toEqual({
      Sid: 'SendTextFromTheServiceOriginationIdentity',
      Effect: 'Allow',
      Action: 'sms-voice:SendTextMessage',
      Resource: [
        getAtt(built.intakeStack.getLogicalId(built.intakeStack.messaging.smsConfigurationSet)),
        getAtt(built.intakeStack.getLogicalId(built.intakeStack.messaging.smsProtectConfiguration)),
        accountArn('sms-voice', ':pool/pool-not-configured'),
      ],
    });
  });

  it('lets send-message only put letters under letters/ and see whether one is stored, encrypting with the customer key', () => {
    const statements = statementsOf('sendMessage');
    expect(bySid(statements, 'StoreLetters')).toEqual({
      Sid: 'StoreLetters',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'FindStoredLetters')).toEqual({
      Sid: 'FindStoredLetters',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'KnowWhichLettersAreStored')).toEqual({
      Sid: 'KnowWhichLettersAreStored',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: lettersArn(),
    });
    expect(bySid(statements, 'EncryptWithTheDataKey')).toEqual({
      Sid: 'EncryptWithTheDataKey',
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: keyArn(),
    });
    expect(
      actionsOf(statements)
        .filter((action) => /^(s3|ses|sms-voice):/.test(action))
        .sort(),
    ).toEqual([
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
      'ses:SendEmail',
      'sms-voice:SendTextMessage',
    ]);
  });

  it('names every messaging action exactly: no wildcard action in any messaging grant', () => {
    for (const name of ['sendMessage', 'buildPrintManifest'] as const) {
      const messagingStatements = statementsOf(name).filter((s) => s.Sid !== undefined);
      expect(messagingStatements.length, name).toBeGreaterThan(0);
      for (const action of actionsOf(messagingStatements)) expect(action, name).not.toContain('*');
      for (const statement of messagingStatements) expect(statement.Resource, name).not.toBe('*');
    }
  });

  it('lets build-print-manifest list letters, read their metadata and write manifests, but never decrypt a letter', () => {
    const statements = statementsOf('buildPrintManifest');
    expect(bySid(statements, 'ListLetters')).toEqual({
      Sid: 'ListLetters',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: lettersArn(),
      Condition: { StringLike: { 's3:prefix': ['letters/*'] } },
    });
    expect(bySid(statements, 'ReadLetterMetadata')).toMatchObject({
      Action: 's3:GetObject',
      Resource: underLetters('letters/'),
    });
    expect(bySid(statements, 'WriteManifests')).toMatchObject({
      Action: 's3:PutObject',
      Resource: underLetters('manifests/'),
    });
    expect(actionsOf(statements).filter((action) => action.startsWith('kms:'))).toEqual([
      'kms:GenerateDataKey',
    ]);
    expect(actionsOf(statements).some((action) => /^(dynamodb|ses|sms-voice):/.test(action))).toBe(false);
  });

  it('lets no function but the senders send e-mail or texts, and only send-message write letters', () => {
    // send-message: victims' contact path (e-mail, text, letter). notify-job: target-hardening alerts to the
    // contractor, team leaders and referrers (registry `messaging: 'alerts'`): e-mail and text only, so
    // nothing it does can reach the print run.
    // web-app: a quick question's "your answer is ready" e-mail (alerts access: no letters either).
    const SENDERS: readonly FunctionName[] = ['notifyJob', 'sendMessage', 'webApp'];
    const names = Object.keys(built.intakeStack.functions) as FunctionName[];
    const sends = (name: FunctionName) =>
      actionsOf(statementsOf(name))
        .filter((action) => /^(ses|sms-voice):/.test(action))
        .sort();
    const writesLetters = (name: FunctionName) =>
      JSON.stringify(statementsOf(name).filter((s) => asArray(s.Action).includes('s3:PutObject'))).includes(
        '/letters/*',
      );
    for (const name of names)
      expect(sends(name), name).toEqual(
        SENDERS.includes(name) ? ['ses:SendEmail', 'sms-voice:SendTextMessage'] : [],
      );
    expect(names.filter(writesLetters)).toEqual(['sendMessage']);
    // notify-job's sending statements are send-message's, and it has nothing of the letters bucket.
    const sendingStatements = (name: FunctionName) =>
      statementsOf(name).filter((s) => /^Send/.test(String(s.Sid ?? '')));
    expect(sendingStatements('notifyJob')).toEqual(sendingStatements('sendMessage'));
    expect(actionsOf(statementsOf('notifyJob')).some((action) => action.startsWith('s3:'))).toBe(false);
    const variables =
      template.toJSON().Resources[logicalId(built.intakeStack.functions.notifyJob.function)].Properties
        .Environment.Variables;
    expect(variables[MESSAGING_ENVIRONMENT.lettersBucket]).toBeUndefined();
  });

  it('gives the messaging functions their settings in the environment the functions read', () => {
    const variables = (name: FunctionName) =>
      template.toJSON().Resources[logicalId(built.intakeStack.functions[name].function)].Properties
        .Environment.Variables;
    expect(variables('sendMessage')).toMatchObject({
      [MESSAGING_ENVIRONMENT.fromAddress]: LOCAL_MESSAGING_DEFAULTS.messagesFromAddress,
      [MESSAGING_ENVIRONMENT.emailConfigurationSet]: {
        Ref: logicalId(built.intakeStack.messaging.emailConfigurationSet),
      },
      [MESSAGING_ENVIRONMENT.smsOriginationIdentity]: accountArn('sms-voice', ':pool/pool-not-configured'),
      [MESSAGING_ENVIRONMENT.smsConfigurationSet]: 'victim-first-local-sms',
      [MESSAGING_ENVIRONMENT.lettersBucket]: { Ref: logicalId(built.intakeStack.messaging.letters.bucket) },
      [MESSAGING_ENVIRONMENT.lettersKeyArn]: keyArn(),
    });
    expect(Object.keys(variables('buildPrintManifest'))).not.toContain(MESSAGING_ENVIRONMENT.fromAddress);
    expect(variables('buildPrintManifest')).toMatchObject({
      [MESSAGING_ENVIRONMENT.lettersBucket]: { Ref: logicalId(built.intakeStack.messaging.letters.bucket) },
    });
  });
});

describe('the daily print manifest schedule', () => {
  it('runs at 16:00 Europe/London on weekdays with the scheduled time as input', () => {
    const manifestFunction = getAtt(logicalId(built.intakeStack.functions.buildPrintManifest.function));
    const schedules = template.findResources('AWS::Scheduler::Schedule', {
      Properties: { Target: { Arn: manifestFunction } },
    });
    expect(Object.keys(schedules)).toHaveLength(1);
    const [schedule] = Object.values(schedules);
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(0 16 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: getAtt(logicalId(built.intakeStack.functions.buildPrintManifest.function)),
        RetryPolicy: { MaximumRetryAttempts: 3 },
      },
    });
    expect(JSON.parse(schedule?.Properties.Target.Input)).toEqual({
      scheduledTime: '<aws.scheduler.scheduled-time>',
    });
  });
});

describe('messaging settings from context', () => {
  it('refuses to synthesize a deployed environment without naming where messages come from', () => {
    expect(() => synth({ environment: 'staging' })).toThrow(
      /needs context messagesFromAddress, sesIdentity, smsOriginationIdentityArn/,
    );
  });

  it('refuses an origination identity that is not an End User Messaging ARN', () => {
    expect(() => synth({ smsOriginationIdentityArn: '+447700900000' })).toThrow(/smsOriginationIdentityArn/);
  });

  it('grants exactly the identity, address and origination identity the context names', () => {
    const origination = 'arn:aws:sms-voice:eu-west-2:111122223333:phone-number/phone-0123456789abcdef';
    const staging = synth({
      environment: 'staging',
      messagesFromAddress: 'contact@victimfirst.example',
      sesIdentity: 'victimfirst.example',
      smsOriginationIdentityArn: origination,
      contractorAlertEmail: 'duty@contractor.example',
      contractorAlertMobile: '+447700900123',
      teamLeaderEmail: 'th-team-leaders@victimfirst.example',
      connectInstanceArn:
        'arn:aws:connect:eu-west-2:111122223333:instance/8b5c1f3e-2a4d-4e6f-9a0b-1c2d3e4f5a6b',
    });
    const statements = statementsOf('sendMessage', staging.template, staging.built);
    expect(bySid(statements, 'SendEmailFromTheServiceIdentity')).toMatchObject({
      Condition: { StringEquals: { 'ses:FromAddress': 'contact@victimfirst.example' } },
    });
    expect(JSON.stringify(bySid(statements, 'SendEmailFromTheServiceIdentity'))).toContain(
      ':identity/victimfirst.example',
    );
    expect(asArray(bySid(statements, 'SendTextFromTheServiceOriginationIdentity')?.Resource)).toContainEqual(
      origination,
    );
  });
});
