import { Stack, Validations } from 'aws-cdk-lib';
import { CfnContactFlow, CfnInstanceStorageConfig, type CfnQueue } from 'aws-cdk-lib/aws-connect';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFn } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CONNECT_CHAT_ENVIRONMENT } from '../../functions/config.ts';
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
}

/**
 * Booked web chats in Amazon Connect (docs/web-chat.md, "In AWS"): the chat contact flow built from code
 * (functions/contact/web-chat-flow/flow.ts), the instance's chat transcripts stored under
 * `connect/chat-transcripts/` of the intake bucket with the data key, and the keep-chat-transcript
 * function told the instance and flow and allowed to read contacts' attributes there (to find the case).
 */
export class WebChatContacts extends Construct {
  readonly contactFlow: CfnContactFlow;
  readonly transcriptStorage: CfnInstanceStorageConfig;

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
    props.transcriptFunction.addEnvironment(
      CONNECT_CHAT_ENVIRONMENT.contactFlowId,
      this.contactFlow.attrContactFlowArn.toString(),
    );
  }
}
