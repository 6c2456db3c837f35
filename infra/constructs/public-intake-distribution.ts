import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, RECEIVE_REFERRAL_ENVIRONMENT } from '../../functions/config.ts';
import type { RegistryFunction } from './registry-function.ts';

/** Days CloudFront's access logs are kept: the same three months as the API's access logs. */
export const CLOUDFRONT_LOG_EXPIRY_DAYS = 90;

export interface PublicIntakeDistributionProps {
  /** Deployment environment name, in the origin secret's description. */
  readonly environmentName: string;
  /** Id of the HTTP API the distribution forwards every request to (its `$default` stage). */
  readonly apiId: string;
  /** ARN of the AWS WAF web ACL (scope CLOUDFRONT, in us-east-1) that inspects every request first. */
  readonly webAclArn: string;
  /** Where the CloudFront log bucket's own S3 server access logs go. */
  readonly accessLogsBucket: IBucket;
}

/**
 * The public intake address (docs/infrastructure.md, "Public intake address"): a CloudFront distribution in
 * front of the HTTP API, because AWS WAF can be attached to CloudFront but not to an HTTP API. It caches
 * nothing and forwards every method, header (but Host, which must be the API's own), cookie and query string
 * to the API's `$default` stage, so the API, its routes, authorizers and route throttles behave as when
 * called directly. The self-referral form posts here; docs/decisions.md says what the web ACL protects.
 *
 * CloudFront adds the origin secret to every request it forwards, in the ORIGIN_VERIFY_HEADER header, and
 * receive-referral refuses a self-referral without it: so the API's own address, which AWS WAF does not
 * see, takes no self-referrals (`grantOriginSecret`).
 */
export class PublicIntakeDistribution extends Construct {
  readonly distribution: Distribution;
  readonly logBucket: Bucket;
  /**
   * The value CloudFront sends in ORIGIN_VERIFY_HEADER (generated at deployment, never in the template; the
   * distribution gets it through a CloudFormation dynamic reference, resolved at deployment).
   */
  readonly originSecret: Secret;

  constructor(scope: Construct, id: string, props: PublicIntakeDistributionProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudFront's standard logs are written with an ACL grant to CloudFront's log delivery account, so
    // this bucket has ACLs enabled (bucket owner preferred); SSE-S3, as CloudFront log delivery needs no key.
    this.logBucket = new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'cloudfront-logs-bucket/',
      lifecycleRules: [
        {
          id: 'expire-cloudfront-logs',
          expiration: Duration.days(CLOUDFRONT_LOG_EXPIRY_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // In this stack, so in the region of both the distribution's stack and receive-referral: a dynamic
    // reference is resolved in the stack's own region. Encrypted with the AWS managed key for Secrets Manager,
    // like the session secret: it is not victims' data, and the customer key would only add a KMS grant.
    this.originSecret = new Secret(this, 'OriginSecret', {
      description: `Victim First ${props.environmentName}: CloudFront sends it to the API in the ${ORIGIN_VERIFY_HEADER} header; receive-referral refuses self-referrals without it`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "The value CloudFront adds to every request it forwards to the API, which receive-referral checks on self-referrals. A rotation function would change it in Secrets Manager alone: CloudFront keeps the value CloudFormation resolved at the distribution's last update, and running receive-referral instances keep the value they read at cold start, so self-referrals through CloudFront would be refused until both caught up. It is rotated by hand with both in step (docs/infrastructure.md, 'Public intake address'), not on a schedule.",
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Victim First public intake: the HTTP API behind AWS WAF',
      defaultBehavior: {
        origin: new HttpOrigin(`${props.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
          // `{{resolve:secretsmanager:<arn>:SecretString:::}}`: CloudFormation puts the value into the
          // distribution at deployment; the template holds only the reference.
          customHeaders: { [ORIGIN_VERIFY_HEADER]: this.originSecret.secretValue.unsafeUnwrap() },
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in Europe and North America: the service's users are in Leicestershire and Rutland.
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      // Bucket's `isWebsite` getter (boolean | undefined) trips exactOptionalPropertyTypes against IBucket.
      logBucket: this.logBucket as IBucket,
      logFilePrefix: 'public-intake/',
      logIncludesCookies: false,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution has only CloudFront's default *.cloudfront.net certificate, whose minimum viewer protocol CloudFront fixes and cannot be raised; a custom domain with an ACM certificate in us-east-1 (docs/infrastructure.md, deployment steps) lets it require TLSv1.2_2021. The origin side is TLS 1.2 only.",
      },
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geographic restriction on purpose: a victim of a crime in Leicestershire may ask for help from abroad or through a VPN that exits in another country; the web ACL limits each client IP instead.',
      },
    );
  }

  /**
   * Lets a function check that a request came through CloudFront: the origin secret's ARN in its environment
   * and `secretsmanager:GetSecretValue` on that one secret (not grantRead, which adds DescribeSecret). The
   * AWS managed key for Secrets Manager needs no grant of its own.
   */
  grantOriginSecret(registryFunction: RegistryFunction): void {
    registryFunction.function.addEnvironment(
      RECEIVE_REFERRAL_ENVIRONMENT.originSecretArn,
      this.originSecret.secretArn,
    );
    registryFunction.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.originSecret.secretArn],
      }),
    );
  }

  /** The public intake address, `https://<id>.cloudfront.net` (no trailing slash). */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
