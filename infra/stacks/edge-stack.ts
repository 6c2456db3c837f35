import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PublicIntakeWaf } from '../constructs/public-intake-waf.ts';

/** CloudFront's web ACLs (scope CLOUDFRONT) can only be created in this region. */
export const EDGE_REGION = 'us-east-1';

export interface EdgeStackProps extends StackProps {
  /** Deployment environment name (context `environment`). */
  readonly environmentName: string;
}

/**
 * What CloudFront needs in us-east-1: the AWS WAF web ACL of the public intake address. It holds no data; the
 * intake stack's distribution refers to the web ACL's ARN through CDK's cross-region references (an SSM
 * parameter in the intake stack's region, written by this stack), so this stack is deployed first.
 */
export class EdgeStack extends Stack {
  readonly waf: PublicIntakeWaf;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, crossRegionReferences: true });
    this.waf = new PublicIntakeWaf(this, 'PublicIntakeWaf', { environmentName: props.environmentName });
  }
}
