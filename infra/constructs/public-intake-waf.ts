import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PUBLIC_PATH_PREFIXES } from '../../web/public/routes.ts';
import { SELF_REFERRAL_PATH } from './referrals-api.ts';

/** Every intake route's path starts with this; nothing of the staff side does. */
export const INTAKE_PATH_PREFIX = '/referrals/';

/**
 * AWS WAF rate-based rules count a client IP's requests over a sliding window of this many seconds (60, 120,
 * 300 or 600) and block the IP while its count is over the limit.
 */
export const RATE_WINDOW_SECONDS = 300;
/**
 * Requests one client IP may send to the intake paths in RATE_WINDOW_SECONDS: far more than one person
 * filling in the form (or a refuge's shared connection) sends, far fewer than a script flooding the form.
 */
export const INTAKE_RATE_LIMIT_PER_IP = 100;
/**
 * Requests one client IP may send to every other path (the staff web app and task API) in RATE_WINDOW_SECONDS.
 * Higher, so that an office of caseworkers behind one address is never blocked by the intake limit or this one.
 */
export const STAFF_RATE_LIMIT_PER_IP = 5000;
/**
 * Requests one client IP may send to the public pages (`/self-referral`, `/partner-referral`, ... and
 * everything under them) in RATE_WINDOW_SECONDS: a form of fifteen pages is some thirty requests, so a
 * partner referring several people, or a refuge's shared connection, stays under it; a script filling
 * forms (or taking every web chat slot) does not.
 */
export const PUBLIC_PAGES_RATE_LIMIT_PER_IP = 300;
/** Seconds a solved challenge (the browser's WAF token) is accepted before it must be solved again. */
export const CHALLENGE_IMMUNITY_SECONDS = 300;

export const WAF_RULE_NAMES = {
  intakeRate: 'intake-rate-per-ip',
  selfReferralChallenge: 'self-referral-challenge',
  staffRate: 'staff-rate-per-ip',
  publicPagesRate: 'public-pages-rate-per-ip',
} as const;

export interface PublicIntakeWafProps {
  readonly environmentName: string;
}

/**
 * Decode and normalise the path before it is compared, so `/referrals//self`, `/referrals/./self` or a
 * percent-encoded letter cannot slip past a rule.
 */
const PATH_TRANSFORMATIONS: CfnWebACL.TextTransformationProperty[] = [
  { priority: 0, type: 'URL_DECODE' },
  { priority: 1, type: 'NORMALIZE_PATH' },
];

const pathMatches = (
  positionalConstraint: 'EXACTLY' | 'STARTS_WITH',
  searchString: string,
): CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint,
    searchString,
    textTransformations: PATH_TRANSFORMATIONS,
  },
});

const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * The AWS WAF web ACL in front of the public intake (docs/infrastructure.md, "Public intake address"; why, in
 * docs/decisions.md). Scope CLOUDFRONT: WAF cannot be associated with an API Gateway HTTP API, so the web ACL
 * is attached to the CloudFront distribution in front of the API, and a CLOUDFRONT web ACL must be created in
 * us-east-1 (the edge stack).
 *
 * Rules, in order: a per-IP rate limit on the intake paths (block); a challenge on the self-referral POST (a
 * request without a valid WAF token is answered with the challenge and never reaches the API); a per-IP rate
 * limit, much higher, on every other path, so staff are never counted against the intake limit; a per-IP
 * rate limit on the public pages (docs/public-pages.md). Anything else is allowed.
 */
export class PublicIntakeWaf extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: PublicIntakeWafProps) {
    super(scope, id);
    const intakePaths = pathMatches('STARTS_WITH', INTAKE_PATH_PREFIX);
    const metric = (name: string) => `victim-first-${props.environmentName}-${name}`;

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: `victim-first-${props.environmentName}-public-intake`,
      description: 'Victim First public intake: per-IP rate limits and a challenge on the self-referral form',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      challengeConfig: { immunityTimeProperty: { immunityTime: CHALLENGE_IMMUNITY_SECONDS } },
      visibilityConfig: visibility(metric('public-intake')),
      rules: [
        {
          name: WAF_RULE_NAMES.intakeRate,
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: INTAKE_RATE_LIMIT_PER_IP,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              scopeDownStatement: intakePaths,
            },
          },
          visibilityConfig: visibility(metric(WAF_RULE_NAMES.intakeRate)),
        },
        {
          name: WAF_RULE_NAMES.selfReferralChallenge,
          priority: 1,
          action: { challenge: {} },
          // The self-referral POST only: a browser's CORS preflight (OPTIONS) cannot carry the token, and
          // no other method of this path reaches the receive-referral function.
          statement: {
            andStatement: {
              statements: [
                pathMatches('EXACTLY', SELF_REFERRAL_PATH),
                {
                  byteMatchStatement: {
                    fieldToMatch: { method: {} },
                    positionalConstraint: 'EXACTLY',
                    searchString: 'POST',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              ],
            },
          },
          visibilityConfig: visibility(metric(WAF_RULE_NAMES.selfReferralChallenge)),
        },
        {
          name: WAF_RULE_NAMES.staffRate,
          priority: 2,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: STAFF_RATE_LIMIT_PER_IP,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              scopeDownStatement: { notStatement: { statement: intakePaths } },
            },
          },
          visibilityConfig: visibility(metric(WAF_RULE_NAMES.staffRate)),
        },
        {
          name: WAF_RULE_NAMES.publicPagesRate,
          priority: 3,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: PUBLIC_PAGES_RATE_LIMIT_PER_IP,
              evaluationWindowSec: RATE_WINDOW_SECONDS,
              // Each public path itself and everything under it (`/chat` and `/chat/...`, not `/chatter`).
              scopeDownStatement: {
                orStatement: {
                  statements: PUBLIC_PATH_PREFIXES.flatMap((prefix) => [
                    pathMatches('EXACTLY', prefix),
                    pathMatches('STARTS_WITH', `${prefix}/`),
                  ]),
                },
              },
            },
          },
          visibilityConfig: visibility(metric(WAF_RULE_NAMES.publicPagesRate)),
        },
      ],
    });
  }
}
