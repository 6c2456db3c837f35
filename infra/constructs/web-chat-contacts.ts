import { Fn, Stack, Validations } from 'aws-cdk-lib';
import { CfnContactFlow, CfnInstanceStorageConfig, type CfnQueue } from 'aws-cdk-lib/aws-connect';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONNECT_AGENTS_ENVIRONMENT, CONNECT_CHAT_ENVIRONMENT } from '../../functions/config.ts';
import { CONNECT_INSTANCE_ARN_ENVIRONMENT } from '../../functions/connect-config.ts';
import { webChatFlow } from '../../functions/contact/web-chat-flow/flow.ts';

/** Where Connect writes chat transcripts in the bucket (it adds `/<yyyy>/<mm>/<dd>/…`). */
export const CHAT_TRANSCRIPTS_PREFIX = 'connect/chat-transcripts';

export interface WebChatContactsProps {
  readonly environmentName: string;
  /** ARN of the Amazon Connect instance (the 0800 line's). */
  readonly instanceArn: string;
  /** The caseworkers queue (the 0800 line's), for a chat whose case has no caseworker in Connect. */
  readonly caseworkersQueue: CfnQueue;
  /** The private-data bucket the transcripts land in (the intake bucket), and its key. */
  readonly transcriptsBucket: IBucket;
  readonly key: IKey;
  /** The keep-chat-transcript function (functions/registry.ts `keepChatTranscript`). */
  readonly transcriptFunction: LambdaFn;
  /** The public-pages function, whose victim's chat page starts the chat (functions/registry.ts `publicPages`). */
  readonly chatPageFunction: LambdaFn;
  /** Each caseworker's Amazon Connect user id by staff id (context `connectAgents`): the chat goes to them. */
  readonly agents?: Readonly<Record<string, string>>;
}

/**
 * Booked web chats in Amazon Connect (docs/web-chat.md, "In AWS"): the chat contact flow built from code
 * (functions/contact/web-chat-flow/flow.ts), the instance's chat transcripts stored under
 * `connect/chat-transcripts/` of the intake bucket with the data key, the keep-chat-transcript function
 * told the instance and flow and allowed to read contacts' attributes there (to find the case), and the
 * public pages allowed to start chats on the flow, told the instance, the flow and the caseworkers' agents.
 */
export class WebChatContacts extends Construct {
  readonly contactFlow: CfnContactFlow;
  readonly transcriptStorage: CfnInstanceStorageConfig;
  /** The chat flow's id, the last part of its ARN (`…:instance/<instance>/contact-flow/<id>`). */
  readonly contactFlowId: string;

  constructor(scope: Construct, id: string, props: WebChatContactsProps) {
    super(scope, id);
    const { instanceArn } = props;
    this.contactFlow = new CfnContactFlow(this, 'ContactFlow', {
      instanceArn,
      name: `victim-first-${props.environmentName}-web-chat`,
      description: "Victim First booked web chat: to the case's caseworker, or the caseworkers queue",
      type: 'CONTACT_FLOW',
      state: 'ACTIVE',
      content: Stack.of(this).toJsonString(
        webChatFlow({ caseworkersQueueArn: props.caseworkersQueue.attrQueueArn }),
      ),
    });
    this.contactFlowId = Fn.select(3, Fn.split('/', this.contactFlow.attrContactFlowArn));
    this.transcriptStorage = new CfnInstanceStorageConfig(this, 'TranscriptStorage', {
      instanceArn,
      resourceType: 'CHAT_TRANSCRIPTS',
      storageType: 'S3',
      s3Config: {
        bucketName: props.transcriptsBucket.bucketName,
        bucketPrefix: CHAT_TRANSCRIPTS_PREFIX,
        encryptionConfig: { encryptionType: 'KMS', keyId: props.key.keyArn },
      },
    });
    props.transcriptFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:GetContactAttributes'],
        resources: [`${instanceArn}/contact/*`],
      }),
    );
    const policy = props.transcriptFunction.role?.node.tryFindChild('DefaultPolicy');
    if (policy)
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${instanceArn}/contact/*]`,
        reason:
          "connect:GetContactAttributes on this instance's contacts only: a transcript's contact id is known only when it lands, so no narrower resource exists",
      });
    const instanceId = instanceArn.split('/').at(-1) ?? '';
    props.transcriptFunction.addEnvironment(CONNECT_CHAT_ENVIRONMENT.instanceId, instanceId);
    props.transcriptFunction.addEnvironment(CONNECT_CHAT_ENVIRONMENT.contactFlowId, this.contactFlowId);

    // The victim's page starts the chat on this flow, and only on it.
    props.chatPageFunction.addToRolePolicy(
      new PolicyStatement({
        actions: ['connect:StartChatContact'],
        resources: [this.contactFlow.attrContactFlowArn],
      }),
    );
    props.chatPageFunction.addEnvironment(CONNECT_INSTANCE_ARN_ENVIRONMENT, instanceArn);
    props.chatPageFunction.addEnvironment(CONNECT_CHAT_ENVIRONMENT.contactFlowId, this.contactFlowId);
    props.chatPageFunction.addEnvironment(CONNECT_AGENTS_ENVIRONMENT, JSON.stringify(props.agents ?? {}));
  }
}
