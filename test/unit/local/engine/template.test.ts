import { describe, expect, it } from 'vitest';
import { UnsupportedDefinitionError } from '../../../../local/engine/asl.ts';
import {
  type ReferenceResolver,
  resolveIntrinsics,
  stateMachinesFromTemplate,
  UnresolvedReferenceError,
} from '../../../../local/engine/template.ts';

/** Resolves the one function the templates below name; anything else is unknown here. */
const resolver: ReferenceResolver = {
  getAtt: (logicalId, attribute) => {
    if (logicalId === 'CreateTaskFunction' && attribute === 'Arn')
      return 'arn:aws:lambda:eu-west-2:000000000000:function:create-task';
    throw new UnresolvedReferenceError(`${logicalId}.${attribute} is not known here`);
  },
  ref: (logicalId) => {
    throw new UnresolvedReferenceError(`Ref ${logicalId} has no local value`);
  },
};

/** A definition as CDK writes it: the JSON split around the intrinsics. */
const definitionString = (stateName = 'Call') => ({
  'Fn::Join': [
    '',
    [
      `{"StartAt":"${stateName}","States":{"${stateName}":{"End":true,"Type":"Task","Resource":"arn:`,
      { Ref: 'AWS::Partition' },
      ':states:::lambda:invoke","Arguments":{"FunctionName":"',
      { 'Fn::GetAtt': ['CreateTaskFunction', 'Arn'] },
      '","Payload":{}}}},"QueryLanguage":"JSONata"}',
    ],
  ],
});

describe('resolveIntrinsics', () => {
  it('joins the parts of Fn::Join, resolving Fn::GetAtt and the AWS pseudo parameters', () => {
    expect(
      resolveIntrinsics(
        {
          'Fn::Join': [
            ':',
            [
              { Ref: 'AWS::Partition' },
              { Ref: 'AWS::Region' },
              { Ref: 'AWS::AccountId' },
              { 'Fn::GetAtt': ['CreateTaskFunction', 'Arn'] },
            ],
          ],
        },
        resolver,
      ),
    ).toBe('aws:eu-west-2:000000000000:arn:aws:lambda:eu-west-2:000000000000:function:create-task');
  });

  it('leaves a plain string as it is', () => {
    expect(resolveIntrinsics('{"StartAt":"A"}', resolver)).toBe('{"StartAt":"A"}');
  });

  it.each([
    ['a reference the resolver does not know', { Ref: 'SomeBucket' }, 'Ref SomeBucket has no local value'],
    ['an attribute of another resource', { 'Fn::GetAtt': ['Queue', 'Arn'] }, 'Queue.Arn is not known here'],
    ['an intrinsic it does not resolve', { 'Fn::Sub': 'arn:aws:s3:::bucket' }, 'cannot resolve {"Fn::Sub"'],
    ['a number', 42, 'cannot resolve 42'],
  ])('refuses %s with UnresolvedReferenceError', (_, value, message) => {
    expect(() => resolveIntrinsics(value, resolver)).toThrow(UnresolvedReferenceError);
    expect(() => resolveIntrinsics(value, resolver)).toThrow(message);
  });
});

describe('stateMachinesFromTemplate', () => {
  it('loads each state machine of a template by its name, with its definition resolved and a local ARN', () => {
    const machines = stateMachinesFromTemplate(
      {
        Resources: {
          Bucket: { Type: 'AWS::S3::Bucket' },
          ContactPath: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: { StateMachineName: 'vf-local-contact-path', DefinitionString: definitionString() },
          },
          Unnamed: {
            Type: 'AWS::StepFunctions::StateMachine',
            Properties: { DefinitionString: definitionString() },
          },
        },
      },
      resolver,
    );
    expect(machines.map((m) => [m.name, m.arn])).toEqual([
      ['vf-local-contact-path', 'arn:aws:states:eu-west-2:000000000000:stateMachine:vf-local-contact-path'],
      ['Unnamed', 'arn:aws:states:eu-west-2:000000000000:stateMachine:Unnamed'],
    ]);
    expect(machines[0]?.definition.States.Call).toEqual({
      End: true,
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'arn:aws:lambda:eu-west-2:000000000000:function:create-task', Payload: {} },
    });
  });

  it('refuses a template whose state machine the engine cannot run, naming the machine', () => {
    const template = {
      Resources: {
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: {
            StateMachineName: 'old-style',
            DefinitionString: '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}',
          },
        },
      },
    };
    expect(() => stateMachinesFromTemplate(template, resolver)).toThrow(UnsupportedDefinitionError);
    expect(() => stateMachinesFromTemplate(template, resolver)).toThrow('old-style: QueryLanguage');
  });
});
