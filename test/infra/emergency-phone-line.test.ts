import { App, type CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildApp,
  connectInstanceArn,
  LOCAL_CONNECT_INSTANCE_ARN,
  type VictimFirstApp,
} from '../../infra/app.ts';
import {
  type ContactFlowAction,
  type ContactFlowDocument,
  EMERGENCY_LINE_PROMPTS,
  type EmergencyLineResult,
} from '../../infra/constructs/emergency-phone-line.ts';
import {
  removeTemporaryOutdirs,
  synthUnbundled,
  temporaryOutdir,
  unacknowledgedNagFindings,
} from '../support/synth.ts';

const FUNCTION_ARN = '<connect-emergency function ARN>';

let built: VictimFirstApp;
let template: Template;
let synthError: unknown;

beforeAll(() => {
  ({ built, template, synthError } = synthUnbundled());
}, 120_000);

afterAll(() => {
  removeTemporaryOutdirs();
});

const logicalId = (construct: IConstruct, app = built): string =>
  app.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const connectFunctionId = (app = built) =>
  logicalId(app.intakeStack.functions.connectEmergency.function, app);
const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });

/** The flow's Content, with the connect-emergency function's ARN (a GetAtt) replaced by a marker. */
function flowOf(t = template, app = built): ContactFlowDocument {
  // The emergency line's flow, beside the 0800 line's (test/infra/victim-phone-line.test.ts).
  const flows = Object.values(t.findResources('AWS::Connect::ContactFlow')).filter((flow) =>
    String((flow as { Properties: { Name: unknown } }).Properties.Name).endsWith(
      '-emergency-target-hardening',
    ),
  );
  expect(flows).toHaveLength(1);
  const content = (flows[0] as { Properties: { Content: unknown } }).Properties.Content;
  const parts = (content as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      expect(part).toEqual(getAtt(connectFunctionId(app)));
      return FUNCTION_ARN;
    })
    .join('');
  return JSON.parse(text) as ContactFlowDocument;
}

const actionsOfType = (flow: ContactFlowDocument, type: ContactFlowAction['Type']) =>
  flow.Actions.filter((action) => action.Type === type);

const targetsOf = (action: ContactFlowAction): string[] => [
  ...(action.Transitions.NextAction === undefined ? [] : [action.Transitions.NextAction]),
  ...(action.Transitions.Conditions ?? []).map((condition) => condition.NextAction),
  ...(action.Transitions.Errors ?? []).map((error) => error.NextAction),
];

interface FunctionAnswer {
  readonly result: EmergencyLineResult;
  readonly message: string;
  readonly jobId: string;
}

interface CallRecord {
  /** What the caller heard, in order. */
  readonly heard: string[];
  /** The invocation attributes of each call to the function. */
  readonly invocations: Record<string, string>[];
  readonly disconnected: boolean;
}

/**
 * Plays a call through the flow: the caller keys `keyed` in turn (nothing left to key is a timeout, which
 * Store customer input reports as the value "Timeout"), and `answer` stands in for the function (throwing is
 * a function error or timeout). Only the action types the flow uses are understood.
 */
function playCall(
  flow: ContactFlowDocument,
  keyed: readonly string[],
  answer: (parameters: Record<string, string>) => FunctionAnswer,
): CallRecord {
  const byId = new Map(flow.Actions.map((action) => [action.Identifier as string, action]));
  const toKey = [...keyed];
  const heard: string[] = [];
  const invocations: Record<string, string>[] = [];
  // Flow attributes only: the flow must keep nothing on the contact record (no contact attributes).
  const flowAttributes: Record<string, string> = {};
  let stored = '';
  let external: Record<string, string> = {};
  const resolve = (value: unknown): string => {
    if (typeof value !== 'string') throw new Error(`not a string: ${JSON.stringify(value)}`);
    if (!value.startsWith('$.')) return value;
    if (value === '$.StoredCustomerInput') return stored;
    const [, namespace, key] = /^\$\.(FlowAttributes|External)\.(\w+)$/.exec(value) ?? [];
    if (namespace === 'FlowAttributes' && key !== undefined) return flowAttributes[key] ?? '';
    if (namespace === 'External' && key !== undefined) return external[key] ?? '';
    throw new Error(`unknown JSONPath ${value}`);
  };
  const errorTarget = (action: ContactFlowAction, type: string) => {
    const target = action.Transitions.Errors?.find((error) => error.ErrorType === type)?.NextAction;
    if (target === undefined) throw new Error(`${action.Identifier} has no ${type} branch`);
    return target;
  };

  let current: string | undefined = flow.StartAction;
  for (let step = 0; step < 100; step++) {
    const action: ContactFlowAction | undefined = current === undefined ? undefined : byId.get(current);
    if (action === undefined) throw new Error(`no action ${current}`);
    const parameters = action.Parameters as Record<string, unknown>;
    switch (action.Type) {
      case 'MessageParticipant':
        heard.push(resolve(parameters.Text));
        current = action.Transitions.NextAction;
        break;
      case 'GetParticipantInput':
        heard.push(resolve(parameters.Text));
        stored = toKey.shift() ?? 'Timeout';
        current = action.Transitions.NextAction;
        break;
      case 'UpdateFlowAttributes':
        for (const [key, attribute] of Object.entries(
          parameters.FlowAttributes as Record<string, { Value: string }>,
        ))
          flowAttributes[key] = resolve(attribute.Value);
        current = action.Transitions.NextAction;
        break;
      case 'Compare': {
        const value = resolve(parameters.ComparisonValue);
        current =
          action.Transitions.Conditions?.find((condition) => condition.Condition.Operands[0] === value)
            ?.NextAction ?? errorTarget(action, 'NoMatchingCondition');
        break;
      }
      case 'InvokeLambdaFunction': {
        const invocation = Object.fromEntries(
          Object.entries(parameters.LambdaInvocationAttributes as Record<string, string>).map(
            ([key, value]) => [key, resolve(value)],
          ),
        );
        invocations.push(invocation);
        try {
          external = { ...answer(invocation) };
          current = action.Transitions.NextAction;
        } catch {
          current = errorTarget(action, 'NoMatchingError');
        }
        break;
      }
      case 'DisconnectParticipant':
        return { heard, invocations, disconnected: true };
    }
  }
  throw new Error('the call never ended');
}

const REFERRER = '300042';
const PIN = '482193';
const REFERENCE = '104211';
const created: FunctionAnswer = {
  result: 'created',
  message: 'Emergency job TH-1042 created. The contractor has been alerted.',
  jobId: 'TH-1042',
};
const wrongPin: FunctionAnswer = {
  result: 'wrong-pin',
  message: 'That referrer number and PIN were not recognised.',
  jobId: '',
};
const checksPin = (parameters: Record<string, string>) =>
  parameters.referrer === REFERRER && parameters.pin === PIN ? created : wrongPin;

describe('the emergency target-hardening contact flow', () => {
  it('is one active contact flow in the Amazon Connect instance', () => {
    expect(flowOf().StartAction).toBe('greet');
    template.hasResourceProperties('AWS::Connect::ContactFlow', {
      InstanceArn: LOCAL_CONNECT_INSTANCE_ARN,
      Type: 'CONTACT_FLOW',
      State: 'ACTIVE',
      Name: 'victim-first-local-emergency-target-hardening',
    });
  });

  it('is Flow language whose start and every transition name an action', () => {
    const flow = flowOf();
    expect(flow.Version).toBe('2019-10-30');
    const identifiers = flow.Actions.map((action) => action.Identifier as string);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(identifiers).toContain(flow.StartAction);
    for (const action of flow.Actions)
      for (const target of targetsOf(action)) expect(identifiers, action.Identifier).toContain(target);
  });

  it('reaches every action from the start, and only disconnecting ends the flow', () => {
    const flow = flowOf();
    const byId = new Map(flow.Actions.map((action) => [action.Identifier as string, action]));
    const reached = new Set<string>();
    const toVisit = [flow.StartAction];
    for (let id = toVisit.pop(); id !== undefined; id = toVisit.pop()) {
      if (reached.has(id)) continue;
      reached.add(id);
      toVisit.push(...targetsOf(byId.get(id) as ContactFlowAction));
    }
    expect([...reached].sort()).toEqual([...byId.keys()].sort());
    const terminal = flow.Actions.filter((action) => targetsOf(action).length === 0);
    expect(terminal.map((action) => action.Type)).toEqual(['DisconnectParticipant']);
    expect(terminal[0]?.Transitions).toEqual({});
  });

  it('gives every action its success path and the catch-all error the Flow language requires', () => {
    for (const action of flowOf().Actions) {
      if (action.Type === 'DisconnectParticipant') continue;
      expect(action.Transitions.NextAction, action.Identifier).toBeDefined();
      const catchAll = action.Type === 'Compare' ? 'NoMatchingCondition' : 'NoMatchingError';
      expect(
        action.Transitions.Errors?.map((error) => error.ErrorType),
        action.Identifier,
      ).toEqual([catchAll]);
    }
  });

  it('takes the six-digit referrer number, the PIN (at most 8 digits) and the six-digit referral number by keypad, ended with #', () => {
    const inputs = actionsOfType(flowOf(), 'GetParticipantInput');
    expect(inputs.map((input) => input.Parameters.Text)).toEqual([
      EMERGENCY_LINE_PROMPTS.askReferrer,
      EMERGENCY_LINE_PROMPTS.askPin,
      EMERGENCY_LINE_PROMPTS.askReference,
    ]);
    expect(inputs.map((input) => input.Parameters.InputValidation)).toEqual([
      { CustomValidation: { MaximumLength: '6' } },
      { CustomValidation: { MaximumLength: '8' } },
      { CustomValidation: { MaximumLength: '6' } },
    ]);
    for (const input of inputs) {
      expect(input.Parameters).toMatchObject({
        StoreInput: 'True',
        InputTimeLimitSeconds: expect.stringMatching(/^[1-9]\d*$/),
        DTMFConfiguration: { InputTerminationSequence: '#' },
      });
      // Stored input has no conditions and no timeout error: a timeout is the stored value "Timeout".
      expect(input.Transitions.Conditions).toBeUndefined();
    }
  });

  it('keeps the keyed digits and the retry marker as flow attributes, typed strings', () => {
    const saved = actionsOfType(flowOf(), 'UpdateFlowAttributes').map(
      (action) => action.Parameters.FlowAttributes,
    );
    expect(saved).toEqual([
      { retried: { Value: 'false', Type: 'String' } },
      { referrer: { Value: '$.StoredCustomerInput', Type: 'String' } },
      { pin: { Value: '$.StoredCustomerInput', Type: 'String' } },
      { reference: { Value: '$.StoredCustomerInput', Type: 'String' } },
      { retried: { Value: 'true', Type: 'String' } },
    ]);
    for (const action of actionsOfType(flowOf(), 'UpdateFlowAttributes'))
      expect(Object.keys(action.Parameters), action.Identifier).toEqual(['FlowAttributes']);
  });

  it('stores nothing on the contact record: no contact attributes are set or read', () => {
    // Contact attributes stay on the contact record for 24 months; the referrer number, PIN and referral number must not.
    const flow = flowOf();
    expect(flow.Actions.map((action) => action.Type as string)).not.toContain('UpdateContactAttributes');
    expect(JSON.stringify(flow)).not.toContain('$.Attributes.');
  });

  it('invokes the connect-emergency function with the referrer number, PIN and reference, waiting at most 8 seconds', () => {
    const invocations = actionsOfType(flowOf(), 'InvokeLambdaFunction');
    expect(invocations).toHaveLength(1);
    expect(invocations[0]?.Parameters).toEqual({
      LambdaFunctionARN: FUNCTION_ARN,
      InvocationTimeLimitSeconds: '8',
      InvocationType: 'SYNCHRONOUS',
      LambdaInvocationAttributes: {
        referrer: '$.FlowAttributes.referrer',
        pin: '$.FlowAttributes.pin',
        reference: '$.FlowAttributes.reference',
      },
      ResponseValidation: { ResponseType: 'STRING_MAP' },
    });
  });
});

describe('a call to the emergency line', () => {
  it("creates the job from the referrer number, PIN and referral number keyed, and reads the function's message back", () => {
    const call = playCall(flowOf(), [REFERRER, PIN, REFERENCE], checksPin);
    expect(call.invocations).toEqual([{ referrer: REFERRER, pin: PIN, reference: REFERENCE }]);
    expect(call.heard).toEqual([
      EMERGENCY_LINE_PROMPTS.greeting,
      EMERGENCY_LINE_PROMPTS.askReferrer,
      EMERGENCY_LINE_PROMPTS.askPin,
      EMERGENCY_LINE_PROMPTS.askReference,
      created.message,
      EMERGENCY_LINE_PROMPTS.goodbye,
    ]);
    expect(call.disconnected).toBe(true);
  });

  it('lets a caller whose referrer number and PIN were not recognised key both once more, keeping the referral number', () => {
    const call = playCall(flowOf(), [REFERRER, '111111', REFERENCE, REFERRER, PIN], checksPin);
    expect(call.invocations).toEqual([
      { referrer: REFERRER, pin: '111111', reference: REFERENCE },
      { referrer: REFERRER, pin: PIN, reference: REFERENCE },
    ]);
    expect(call.heard.filter((said) => said === EMERGENCY_LINE_PROMPTS.askReferrer)).toHaveLength(2);
    expect(call.heard.filter((said) => said === EMERGENCY_LINE_PROMPTS.askReference)).toHaveLength(1);
    expect(call.heard.slice(-2)).toEqual([created.message, EMERGENCY_LINE_PROMPTS.goodbye]);
  });

  it('says goodbye after a second referrer number and PIN not recognised, without a third try', () => {
    const call = playCall(
      flowOf(),
      [REFERRER, '111111', REFERENCE, REFERRER, '222222', REFERRER, '333333'],
      checksPin,
    );
    expect(call.invocations).toHaveLength(2);
    expect(call.heard.slice(-2)).toEqual([wrongPin.message, EMERGENCY_LINE_PROMPTS.goodbye]);
    expect(call.disconnected).toBe(true);
  });

  it.each(['existing', 'refused', 'unknown-reference', 'invalid', 'error'] as const)(
    'reads the message back and says goodbye when the function answers %s',
    (result) => {
      const answer = { result, message: `The answer was ${result}.`, jobId: '' };
      const call = playCall(flowOf(), [REFERRER, PIN, REFERENCE], () => answer);
      expect(call.invocations).toHaveLength(1);
      expect(call.heard.slice(-2)).toEqual([answer.message, EMERGENCY_LINE_PROMPTS.goodbye]);
    },
  );

  it('sends the caller to the normal number when the function fails or takes too long', () => {
    const call = playCall(flowOf(), [REFERRER, PIN, REFERENCE], () => {
      throw new Error('Lambda timed out');
    });
    expect(call.heard.slice(-1)).toEqual([EMERGENCY_LINE_PROMPTS.phoneNormalNumber]);
    expect(call.disconnected).toBe(true);
  });

  it.each([
    ['a referrer number', []],
    ['a PIN', [REFERRER]],
    ['a referral number', [REFERRER, PIN]],
  ])('sends the caller to the normal number when no %s is keyed', (_, keyed) => {
    const call = playCall(flowOf(), keyed, checksPin);
    expect(call.invocations).toEqual([]);
    expect(call.heard.slice(-2)).toEqual([
      EMERGENCY_LINE_PROMPTS.nothingKeyed,
      EMERGENCY_LINE_PROMPTS.phoneNormalNumber,
    ]);
  });
});

describe('the connect-emergency function and the Connect instance', () => {
  it('is associated with the instance as a Lambda integration before the flow is created', () => {
    expect(
      Object.keys(
        template.findResources('AWS::Connect::IntegrationAssociation', {
          Properties: { IntegrationArn: getAtt(connectFunctionId()) },
        }),
      ),
    ).toHaveLength(1);
    template.hasResourceProperties('AWS::Connect::IntegrationAssociation', {
      InstanceId: LOCAL_CONNECT_INSTANCE_ARN,
      IntegrationType: 'LAMBDA_FUNCTION',
      IntegrationArn: getAtt(connectFunctionId()),
    });
    const { integration } = built.intakeStack.emergencyPhoneLine;
    template.hasResource('AWS::Connect::ContactFlow', {
      DependsOn: [built.intakeStack.getLogicalId(integration)],
    });
  });

  it('may be invoked by Amazon Connect only on behalf of that instance', () => {
    const permissions = Object.values(
      template.findResources('AWS::Lambda::Permission', {
        Properties: { Principal: 'connect.amazonaws.com', FunctionName: getAtt(connectFunctionId()) },
      }),
    ).map((permission) => (permission as { Properties: Record<string, unknown> }).Properties);
    expect(permissions).toEqual([
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: getAtt(connectFunctionId()),
        Principal: 'connect.amazonaws.com',
        SourceArn: LOCAL_CONNECT_INSTANCE_ARN,
        SourceAccount: '000000000000',
      },
    ]);
  });

  it("outputs the contact flow's ARN", () => {
    template.hasOutput('EmergencyContactFlowArn', {
      Value: getAtt(
        built.intakeStack.getLogicalId(built.intakeStack.emergencyPhoneLine.contactFlow),
        'ContactFlowArn',
      ),
    });
  });
});

describe('the Connect instance from context', () => {
  it('refuses a deployed environment that does not name the instance, naming what is missing', () => {
    const app = new App({ context: { environment: 'staging' } });
    expect(() => connectInstanceArn(app, 'staging')).toThrow(
      'Environment "staging" needs context connectInstanceArn for the emergency target-hardening phone line',
    );
  });

  it.each([
    'arn:aws:connect:eu-west-2:123456789012:instance',
    'arn:aws:connect:eu-west-2:1234:instance/00000000-0000-0000-0000-000000000000',
    'arn:aws:lambda:eu-west-2:123456789012:function:connect-emergency',
    '00000000-0000-0000-0000-000000000000',
  ])('refuses %s, which is not an Amazon Connect instance ARN', (arn) => {
    expect(() => buildApp({ context: { connectInstanceArn: arn }, outdir: temporaryOutdir() })).toThrow(
      /"connectInstanceArn" must be an Amazon Connect instance ARN/,
    );
  });

  it('builds the line in the instance the context names', () => {
    const instanceArn =
      'arn:aws:connect:eu-west-2:111122223333:instance/8b5c1f3e-2a4d-4e6f-9a0b-1c2d3e4f5a6b';
    const named = synthUnbundled({ connectInstanceArn: instanceArn });
    named.template.hasResourceProperties('AWS::Connect::ContactFlow', { InstanceArn: instanceArn });
    named.template.hasResourceProperties('AWS::Connect::IntegrationAssociation', { InstanceId: instanceArn });
    named.template.hasResourceProperties('AWS::Lambda::Permission', {
      Principal: 'connect.amazonaws.com',
      SourceArn: instanceArn,
      SourceAccount: '111122223333',
    });
  }, 120_000);
});

describe('cdk-nag', () => {
  it('synthesizes with no unacknowledged AwsSolutions findings', () => {
    // cdk-nag 3 runs as a validation plugin: an unacknowledged error makes app.synth() throw.
    expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
    expect(unacknowledgedNagFindings(built.app)).toEqual([]);
  });
});
