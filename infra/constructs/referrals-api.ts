import { Lazy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import { PUBLIC_PATH_PREFIXES } from '../../web/public/routes.ts';

export const PARTNER_REFERRAL_PATH = '/referrals/partner';
export const SELF_REFERRAL_PATH = '/referrals/self';
/** The domestic and sexual abuse service's target-hardening referrals (signed, like partner referrals). */
export const TARGET_HARDENING_REFERRAL_PATH = '/referrals/target-hardening';
/** Requests per second (steady) and in one burst, for one route of the stage, counted over all callers. */
export interface RouteThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Throttles per route (docs/infrastructure.md, "Referral HTTP API"). API Gateway counts each route's limits
 * separately, so a flood of one route (the public self-referral form) is refused with 429 on that route alone
 * and cannot use up what the staff routes have: the web app and the task API keep their own, higher limits.
 */
export const PUBLIC_INTAKE_THROTTLE: RouteThrottle = { rateLimit: 5, burstLimit: 10 };
/** The signed (IAM) intake routes: partner systems, which may send a few referrals back to back. */
export const PARTNER_INTAKE_THROTTLE: RouteThrottle = { rateLimit: 10, burstLimit: 20 };
/** Each task API route (a caseworker's client listing, claiming and completing tasks). */
export const TASK_ROUTE_THROTTLE: RouteThrottle = { rateLimit: 20, burstLimit: 40 };
/** The web app on `$default`: every page, form post and style sheet of every member of staff. */
export const WEB_APP_THROTTLE: RouteThrottle = { rateLimit: 100, burstLimit: 200 };
/**
 * Each public page route (docs/public-pages.md): a victim's form is a page per question, so a few requests a
 * minute each, counted apart from the staff routes' limits.
 */
export const PUBLIC_PAGES_THROTTLE: RouteThrottle = { rateLimit: 20, burstLimit: 40 };
/**
 * The public pages' route keys: GET and POST of each public path and everything under it, all to the
 * public-pages function.
 */
export const PUBLIC_PAGE_ROUTES: readonly string[] = PUBLIC_PATH_PREFIXES.flatMap((prefix) =>
  ['GET', 'POST'].flatMap((method) => [`${method} ${prefix}`, `${method} ${prefix}/{proxy+}`]),
);
/**
 * The stage default, for a route given no throttle of its own: as low as the public intake.
 * @alias
 */
export const DEFAULT_ROUTE_THROTTLE: RouteThrottle = PUBLIC_INTAKE_THROTTLE;

/** Each route key of the API and its throttle. */
export const ROUTE_THROTTLES: Readonly<Record<string, RouteThrottle>> = {
  [`POST ${SELF_REFERRAL_PATH}`]: PUBLIC_INTAKE_THROTTLE,
  [`POST ${PARTNER_REFERRAL_PATH}`]: PARTNER_INTAKE_THROTTLE,
  [`POST ${TARGET_HARDENING_REFERRAL_PATH}`]: PARTNER_INTAKE_THROTTLE,
  ...Object.fromEntries(TASK_ROUTES.map((routeKey) => [routeKey, TASK_ROUTE_THROTTLE])),
  ...Object.fromEntries(PUBLIC_PAGE_ROUTES.map((routeKey) => [routeKey, PUBLIC_PAGES_THROTTLE])),
  $default: WEB_APP_THROTTLE,
};

export interface ReferralsApiProps {
  /** The `receive-referral` function behind both routes. */
  readonly receiveReferral: IFunction;
  /** Customer-managed key that encrypts the access log group (logs hold caller IP addresses). */
  readonly logKey: IKey;
}

/** The staff side of the API: the task API behind Cognito tokens, and the web app. */
export interface StaffRoutesProps {
  /** The caseworker task API (list, claim, complete). */
  readonly taskApi: IFunction;
  /** The caseworker web app, on `$default`. */
  readonly webApp: IFunction;
  /** The staff user pool's issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  readonly issuer: string;
  /** The app client whose tokens the task routes accept (the ID token's `aud`, the access token's `client_id`). */
  readonly clientId: string;
}

/**
 * The HTTP API: partner agencies POST signed (SigV4, IAM-authorized) referrals; victims use the public
 * self-referral form; both go to the receive-referral function. Staff routes (`addStaffRoutes`): the task
 * API behind a JWT authorizer on the staff user pool, and the web app on `$default`.
 */
export class ReferralsApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly partnerRoute: HttpRoute;
  readonly selfRoute: HttpRoute;
  /** Attach to a partner's IAM role to let it call the partner route, and nothing else. */
  readonly partnerInvokePolicy: ManagedPolicy;
  /** The task routes, each behind the staff JWT authorizer (after `addStaffRoutes`). */
  readonly taskRoutes: HttpRoute[] = [];
  /** The public pages' routes, each to the public-pages function (after `addPublicPageRoutes`). */
  readonly publicPageRoutes: HttpRoute[] = [];
  /** `$default`: every request no other route matches goes to the web app (after `addStaffRoutes`). */
  defaultRoute: HttpRoute | undefined;
  /** The stage's RouteSettings: each route key with its throttle, in CloudFormation's casing. */
  private readonly routeSettings: Record<
    string,
    { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
  > = {};

  constructor(scope: Construct, id: string, props: ReferralsApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      description: 'Victim First referral intake: partner agencies (IAM) and self-referrals (public)',
      createDefaultStage: false,
    });

    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
      encryptionKey: props.logKey,
    });

    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: DEFAULT_ROUTE_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        // HTTP API context variables only (the REST API "standard fields" include ones HTTP APIs reject).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            sourceIp: '$context.identity.sourceIp',
            callerArn: '$context.identity.userArn',
            integrationError: '$context.integrationErrorMessage',
            integrationLatency: '$context.integrationLatency',
          }),
        ),
      },
    });

    // Each route's own throttle (RouteSettings, keyed by route key), filled in as the routes are added.
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length === 0 ? undefined : this.routeSettings),
    });

    const integration = new HttpLambdaIntegration('ReceiveReferral', props.receiveReferral);

    [this.partnerRoute] = this.api.addRoutes({
      path: PARTNER_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
      authorizer: new HttpIamAuthorizer(),
    }) as [HttpRoute];
    this.throttle(this.partnerRoute, `POST ${PARTNER_REFERRAL_PATH}`);

    const [targetHardeningRoute] = this.api.addRoutes({
      path: TARGET_HARDENING_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
      authorizer: new HttpIamAuthorizer(),
    }) as [HttpRoute];
    this.throttle(targetHardeningRoute, `POST ${TARGET_HARDENING_REFERRAL_PATH}`);

    [this.selfRoute] = this.api.addRoutes({
      path: SELF_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
    }) as [HttpRoute];
    this.throttle(this.selfRoute, `POST ${SELF_REFERRAL_PATH}`);
    const selfLimits = ROUTE_THROTTLES[`POST ${SELF_REFERRAL_PATH}`] as RouteThrottle;
    Validations.of(this.selfRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: `Public by design: the self-referral web form is for victims, who have no account and must not need proof of identity to ask for help. Abuse is bounded by this route's own throttle (rate ${selfLimits.rateLimit}/s, burst ${selfLimits.burstLimit}, counted apart from the staff routes' limits), by the AWS WAF web ACL on the CloudFront address the form posts to (a rate limit per client IP and a challenge on this path), which cannot be gone around by calling the API's own address: the function refuses a self-referral without the secret header CloudFront adds. The function also validates every submission.`,
    });

    this.partnerInvokePolicy = new ManagedPolicy(this, 'PartnerInvokePolicy', {
      description: 'Lets a partner agency principal POST signed referrals to the partner routes only',
      statements: [
        new PolicyStatement({
          actions: ['execute-api:Invoke'],
          resources: [
            this.api.arnForExecuteApi('POST', PARTNER_REFERRAL_PATH, '$default'),
            this.api.arnForExecuteApi('POST', TARGET_HARDENING_REFERRAL_PATH, '$default'),
          ],
        }),
      ],
    });
  }

  /** The API's base URL (`https://<api id>.execute-api.<region>.amazonaws.com`, no trailing slash). */
  get url(): string {
    return this.api.apiEndpoint;
  }

  /**
   * The staff routes: every task route behind a JWT authorizer that accepts only the staff user pool's
   * tokens for the web app's client (API Gateway checks signature, issuer, audience and expiry before the
   * function runs), and the web app on `$default`, which checks its own signed session cookie.
   */
  addStaffRoutes(props: StaffRoutesProps): void {
    const authorizer = new HttpJwtAuthorizer('StaffJwt', props.issuer, {
      jwtAudience: [props.clientId],
      authorizerName: 'staff-cognito',
    });
    const tasks = new HttpLambdaIntegration('TaskApi', props.taskApi);
    for (const routeKey of TASK_ROUTES) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      const [route] = this.api.addRoutes({
        path,
        methods: [HttpMethod[method]],
        integration: tasks,
        authorizer,
      }) as [HttpRoute];
      this.throttle(route, routeKey);
      this.taskRoutes.push(route);
    }

    this.defaultRoute = new HttpRoute(this, 'WebAppRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('WebApp', props.webApp),
    });
    this.throttle(this.defaultRoute, HttpRouteKey.DEFAULT.key);
    Validations.of(this.defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The caseworker web app authorizes every request itself: it reads its HMAC-signed session cookie (30 minutes idle, 10 hours at most) and checks the role each page needs. It must answer people not yet signed in: the redirect to Cognito managed login, the /auth/callback that verifies the ID token, and its styles and scripts.',
    });
  }

  /**
   * The public pages (docs/public-pages.md): GET and POST of `/self-referral`, `/partner-referral`,
   * `/quick-questions`, `/chat` and everything under them go to the public-pages function, never to the
   * staff web app on `$default`. No authorizer: they are for people with no account.
   */
  addPublicPageRoutes(publicPages: IFunction): void {
    const integration = new HttpLambdaIntegration('PublicPages', publicPages);
    for (const routeKey of PUBLIC_PAGE_ROUTES) {
      const [method, path] = routeKey.split(' ') as [keyof typeof HttpMethod, string];
      const [route] = this.api.addRoutes({ path, methods: [HttpMethod[method]], integration }) as [HttpRoute];
      this.throttle(route, routeKey);
      const limits = ROUTE_THROTTLES[routeKey] as RouteThrottle;
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: `Public by design: the public pages (self-referral and partner referral forms, quick questions, a booked web chat's page) are for victims and partner agencies, who have no account and must not need proof of identity to ask for help. Reached through the CloudFront distribution's AWS WAF web ACL (a rate limit per client IP); each route has its own throttle (rate ${limits.rateLimit}/s, burst ${limits.burstLimit}), counted apart from the staff routes. The function checks every form's token and origin and validates every answer.`,
      });
      this.publicPageRoutes.push(route);
    }
  }

  /**
   * Gives the route its throttle from ROUTE_THROTTLES in the stage's RouteSettings. The stage is made to depend
   * on the route: API Gateway refuses RouteSettings that name a route key it does not have yet.
   */
  private throttle(route: HttpRoute, routeKey: string): void {
    const limits = ROUTE_THROTTLES[routeKey];
    if (limits === undefined) throw new Error(`No throttle is defined for the route ${routeKey}`);
    this.routeSettings[routeKey] = {
      ThrottlingRateLimit: limits.rateLimit,
      ThrottlingBurstLimit: limits.burstLimit,
    };
    (this.stage.node.defaultChild as CfnStage).addResourceDependency(route.node.defaultChild as CfnRoute);
  }
}
