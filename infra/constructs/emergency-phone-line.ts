import { Stack } from 'aws-cdk-lib';
import { CfnContactFlow, CfnIntegrationAssociation } from 'aws-cdk-lib/aws-connect';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { CallResult } from '../../functions/operations-metrics.ts';

/**
 * An Amazon Connect Flow language document (Version 2019-10-30). Shapes follow the Connect API
 * Reference, "Amazon Connect Flow language" (flow-language-actions.html and one page per action).
 */
export interface ContactFlowDocument {
  readonly Version: '2019-10-30';
  readonly StartAction: string;
  readonly Actions: readonly ContactFlowAction[];
}

export interface ContactFlowAction {
  readonly Identifier: EmergencyLineStep;
  readonly Type:
    | 'MessageParticipant'
    | 'GetParticipantInput'
    | 'UpdateFlowAttributes'
    | 'Compare'
    | 'InvokeLambdaFunction'
    | 'DisconnectParticipant';
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: {
    readonly NextAction?: EmergencyLineStep;
    readonly Conditions?: readonly {
      readonly NextAction: EmergencyLineStep;
      readonly Condition: { readonly Operator: 'Equals'; readonly Operands: readonly string[] };
    }[];
    readonly Errors?: readonly {
      readonly NextAction: EmergencyLineStep;
      readonly ErrorType: 'NoMatchingError' | 'NoMatchingCondition';
    }[];
  };
}

/** The steps of the emergency line, in the order a caller meets them. */
export type EmergencyLineStep =
  | 'greet'
  | 'mark-first-attempt'
  | 'ask-referrer'
  | 'check-referrer-keyed'
  | 'save-referrer'
  | 'ask-pin'
  | 'check-pin-keyed'
  | 'save-pin'
  | 'after-pin'
  | 'ask-reference'
  | 'check-reference-keyed'
  | 'save-reference'
  | 'create-emergency-job'
  | 'read-result'
  | 'check-result'
  | 'check-retried'
  | 'mark-retried'
  | 'nothing-keyed'
  | 'phone-normal-number'
  | 'goodbye'
  | 'disconnect';

/** What the connect-emergency function answers in `result` (a flat string map, with `message` and `jobId`). */
export type EmergencyLineResult = CallResult;

/** Connect waits at most 8 seconds for a function (InvokeLambdaFunction: "no larger than 8"). */
export const EMERGENCY_LINE_INVOCATION_SECONDS = 8;
/** Seconds the caller has to key the first digit of a referrer number, PIN or referral number. */
export const EMERGENCY_LINE_INPUT_SECONDS = 10;
export const REFERRER_NUMBER_DIGITS = 6;
/** Referrer PINs are 6 to 8 digits; Connect can bound only the maximum, the function checks the rest. */
export const REFERRER_PIN_MAX_DIGITS = 8;
export const REFERRAL_NUMBER_DIGITS = 6;

export const EMERGENCY_LINE_PROMPTS = {
  greeting: 'Victim First emergency target hardening line.',
  askReferrer: 'Please key your six-digit referrer number, then press the hash key.',
  askPin: 'Please key your PIN, then press the hash key.',
  askReference: 'Please key the six-digit referral number, then press the hash key.',
  nothingKeyed: 'No digits were keyed.',
  phoneNormalNumber:
    'Sorry, this line cannot take your request just now. Please phone Victim First on the normal number.',
  goodbye: 'Thank you for calling Victim First. Goodbye.',
} as const;

const NO_MATCHING_ERROR = 'NoMatchingError';
const NO_MATCHING_CONDITION = 'NoMatchingCondition';

/** The catch-all every action but Compare and DisconnectParticipant must define. */
const onError = (next: EmergencyLineStep) => [{ NextAction: next, ErrorType: NO_MATCHING_ERROR }] as const;

/** MessageParticipant: Text only (one of PromptId, Text, SSML); its one error is NoMatchingError. */
function message(
  id: EmergencyLineStep,
  text: string,
  next: EmergencyLineStep,
  onFailure: EmergencyLineStep,
): ContactFlowAction {
  return {
    Identifier: id,
    Type: 'MessageParticipant',
    Parameters: { Text: text },
    Transitions: { NextAction: next, Errors: onError(onFailure) },
  };
}

/**
 * GetParticipantInput with StoreInput "True" (the console's Store customer input block): the digits go to
 * `$.StoredCustomerInput`. With StoreInput "True" the action needs InputValidation, refuses Conditions and
 * has NoMatchingError as its only error; a caller who keys nothing goes down the success branch with the
 * value "Timeout" (admin guide, "Store customer input"), hence the Compare after it.
 */
function keyedDigits(
  id: EmergencyLineStep,
  text: string,
  maxDigits: number,
  next: EmergencyLineStep,
): ContactFlowAction {
  return {
    Identifier: id,
    Type: 'GetParticipantInput',
    Parameters: {
      Text: text,
      StoreInput: 'True',
      InputTimeLimitSeconds: String(EMERGENCY_LINE_INPUT_SECONDS),
      InputValidation: { CustomValidation: { MaximumLength: String(maxDigits) } },
      DTMFConfiguration: { InputTerminationSequence: '#', DisableCancelKey: 'False' },
    },
    Transitions: { NextAction: next, Errors: onError('phone-normal-number') },
  };
}

/**
 * Compare: ComparisonValue is one JSONPath; conditions use Equals with static operands, and the action's
 * only error is NoMatchingCondition. NextAction mirrors that branch, as the console's exports write it.
 */
function compare(
  id: EmergencyLineStep,
  value: string,
  equals: readonly [operand: string, next: EmergencyLineStep][],
  otherwise: EmergencyLineStep,
): ContactFlowAction {
  return {
    Identifier: id,
    Type: 'Compare',
    Parameters: { ComparisonValue: value },
    Transitions: {
      NextAction: otherwise,
      Conditions: equals.map(([operand, next]) => ({
        NextAction: next,
        Condition: { Operator: 'Equals', Operands: [operand] },
      })),
      Errors: [{ NextAction: otherwise, ErrorType: NO_MATCHING_CONDITION }],
    },
  };
}

/** A flow attribute's value as the Flow language writes it: static, or a JSONPath such as `$.StoredCustomerInput`. */
export interface FlowAttributeValue {
  readonly Value: string;
  readonly Type: 'String';
}

/**
 * UpdateFlowAttributes (the console's Set contact attributes block with the Flow namespace): the caller's
 * referrer number, PIN and referral number are kept only while this flow runs and read back as `$.FlowAttributes.<name>`. Contact
 * attributes (UpdateContactAttributes) would be stored on the contact record, kept for 24 months and shown
 * to anyone who can see contact details; flow attributes are not written to the contact record.
 *
 * Shape: Connect API Reference, "UpdateFlowAttributes"
 * (https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowattributes.html):
 * `Parameters.FlowAttributes` maps each name to a FlowAttribute holding its `Value`. That page prints the
 * parameter object with unbalanced quotes and lists no errors, so the rest is from public code: a TypeScript
 * Connect flow builder's `setFlowAttributes` writes `{ "Value": ..., "Type": "String" }` with a
 * NoMatchingError branch, noting both came from Connect's validator and that the flow published; Terraform
 * `update_flow_attributes` blocks give each attribute a `value` and a NoMatchingError branch too. The admin
 * guide's "Set contact attributes" page describes the Flow namespace as restricted to the flow, for data
 * that must not persist on the contact. Publishing the flow to a real instance is the final check.
 */
function setFlowAttributes(
  id: EmergencyLineStep,
  attributes: Readonly<Record<string, string>>,
  next: EmergencyLineStep,
): ContactFlowAction {
  const FlowAttributes: Record<string, FlowAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes))
    FlowAttributes[name] = { Value: value, Type: 'String' };
  return {
    Identifier: id,
    Type: 'UpdateFlowAttributes',
    Parameters: { FlowAttributes },
    Transitions: { NextAction: next, Errors: onError('phone-normal-number') },
  };
}

/**
 * The emergency target-hardening line as a Flow language document: greet, take the referrer number, the PIN
 * and the referral number by keypad, ask the connect-emergency function to create the job, and read its
 * answer back. A referrer number and PIN not recognised may be keyed once more (both: the answer does not say
 * which was wrong); the function itself refuses a caller or referrer with too many failures (`refused`, read
 * back like any answer). Anything that fails sends the caller to the normal number.
 */
export function emergencyLineFlow(functionArn: string): ContactFlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'greet',
    Actions: [
      message('greet', EMERGENCY_LINE_PROMPTS.greeting, 'mark-first-attempt', 'phone-normal-number'),
      setFlowAttributes('mark-first-attempt', { retried: 'false' }, 'ask-referrer'),
      keyedDigits(
        'ask-referrer',
        EMERGENCY_LINE_PROMPTS.askReferrer,
        REFERRER_NUMBER_DIGITS,
        'check-referrer-keyed',
      ),
      compare(
        'check-referrer-keyed',
        '$.StoredCustomerInput',
        [['Timeout', 'nothing-keyed']],
        'save-referrer',
      ),
      setFlowAttributes('save-referrer', { referrer: '$.StoredCustomerInput' }, 'ask-pin'),
      keyedDigits('ask-pin', EMERGENCY_LINE_PROMPTS.askPin, REFERRER_PIN_MAX_DIGITS, 'check-pin-keyed'),
      compare('check-pin-keyed', '$.StoredCustomerInput', [['Timeout', 'nothing-keyed']], 'save-pin'),
      setFlowAttributes('save-pin', { pin: '$.StoredCustomerInput' }, 'after-pin'),
      // On the second try only the referrer number and PIN are keyed again: the referral number is saved.
      compare('after-pin', '$.FlowAttributes.retried', [['true', 'create-emergency-job']], 'ask-reference'),
      keyedDigits(
        'ask-reference',
        EMERGENCY_LINE_PROMPTS.askReference,
        REFERRAL_NUMBER_DIGITS,
        'check-reference-keyed',
      ),
      compare(
        'check-reference-keyed',
        '$.StoredCustomerInput',
        [['Timeout', 'nothing-keyed']],
        'save-reference',
      ),
      setFlowAttributes('save-reference', { reference: '$.StoredCustomerInput' }, 'create-emergency-job'),
      {
        // InvokeLambdaFunction: the invocation attributes reach the function as Details.Parameters, and a
        // STRING_MAP answer is readable as $.External.<key>. Its one error is NoMatchingError, which is also
        // where a timeout or a function error goes.
        Identifier: 'create-emergency-job',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: functionArn,
          InvocationTimeLimitSeconds: String(EMERGENCY_LINE_INVOCATION_SECONDS),
          InvocationType: 'SYNCHRONOUS',
          LambdaInvocationAttributes: {
            referrer: '$.FlowAttributes.referrer',
            pin: '$.FlowAttributes.pin',
            reference: '$.FlowAttributes.reference',
          },
          ResponseValidation: { ResponseType: 'STRING_MAP' },
        },
        Transitions: { NextAction: 'read-result', Errors: onError('phone-normal-number') },
      },
      message('read-result', '$.External.message', 'check-result', 'phone-normal-number'),
      compare(
        'check-result',
        '$.External.result',
        [['wrong-pin' satisfies EmergencyLineResult, 'check-retried']],
        'goodbye',
      ),
      compare('check-retried', '$.FlowAttributes.retried', [['true', 'goodbye']], 'mark-retried'),
      setFlowAttributes('mark-retried', { retried: 'true' }, 'ask-referrer'),
      message('nothing-keyed', EMERGENCY_LINE_PROMPTS.nothingKeyed, 'phone-normal-number', 'disconnect'),
      message('phone-normal-number', EMERGENCY_LINE_PROMPTS.phoneNormalNumber, 'disconnect', 'disconnect'),
      message('goodbye', EMERGENCY_LINE_PROMPTS.goodbye, 'disconnect', 'disconnect'),
      // DisconnectParticipant: no parameters, no errors, terminal.
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

export interface EmergencyPhoneLineProps {
  /** Deployment environment name, e.g. `local`, `staging`, `production`. */
  readonly environmentName: string;
  /** The connect-emergency function (functions/registry.ts `connectEmergency`). */
  readonly connectFunction: IFunction;
  /** ARN of the Amazon Connect instance the line belongs to (context `connectInstanceArn`). */
  readonly instanceArn: string;
}

/**
 * The emergency target-hardening phone line in Amazon Connect: its contact flow, the connect-emergency
 * function associated with the instance, and permission for that instance (only) to invoke it. The phone
 * number is claimed and pointed at the flow in the instance, outside this app.
 */
export class EmergencyPhoneLine extends Construct {
  readonly contactFlow: CfnContactFlow;
  readonly integration: CfnIntegrationAssociation;

  constructor(scope: Construct, id: string, props: EmergencyPhoneLineProps) {
    super(scope, id);
    const { connectFunction, instanceArn } = props;
    const instanceAccount = instanceArn.split(':')[4];
    if (instanceAccount === undefined || !/^\d{12}$/.test(instanceAccount))
      throw new Error(`EmergencyPhoneLine needs an Amazon Connect instance ARN, got "${instanceArn}"`);

    this.contactFlow = new CfnContactFlow(this, 'ContactFlow', {
      instanceArn,
      name: `victim-first-${props.environmentName}-emergency-target-hardening`,
      description:
        'Victim First emergency target hardening: referrer number and PIN, referral number, emergency job',
      type: 'CONTACT_FLOW',
      state: 'ACTIVE',
      // toJsonString keeps the function ARN a CloudFormation reference inside the JSON text.
      content: Stack.of(this).toJsonString(emergencyLineFlow(connectFunction.functionArn)),
    });

    // The instance lists the function among its integrations before the flow that invokes it is created.
    this.integration = new CfnIntegrationAssociation(this, 'FunctionAssociation', {
      instanceId: instanceArn,
      integrationType: 'LAMBDA_FUNCTION',
      integrationArn: connectFunction.functionArn,
    });
    this.contactFlow.addResourceDependency(this.integration);

    // Only this instance may invoke the function: the source ARN and account confine the service principal.
    connectFunction.addPermission('ConnectInstanceInvoke', {
      principal: new ServicePrincipal('connect.amazonaws.com'),
      action: 'lambda:InvokeFunction',
      sourceArn: instanceArn,
      sourceAccount: instanceAccount,
      scope: this,
    });
  }
}
