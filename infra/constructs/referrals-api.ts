import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
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

export const PARTNER_REFERRAL_PATH = '/referrals/partner';
export const SELF_REFERRAL_PATH = '/referrals/self';
/** The domestic and sexual abuse service's target-hardening referrals (signed, like partner referrals). */
export const TARGET_HARDENING_REFERRAL_PATH = '/referrals/target-hardening';
/** Stage-wide throttling: the self-referral route is public, so this bounds abuse of it. */
export const STAGE_THROTTLE = { rateLimit: 10, burstLimit: 20 } as const;

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
  /** `$default`: every request no other route matches goes to the web app (after `addStaffRoutes`). */
  defaultRoute: HttpRoute | undefined;

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
      throttle: STAGE_THROTTLE,
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

    const integration = new HttpLambdaIntegration('ReceiveReferral', props.receiveReferral);

    [this.partnerRoute] = this.api.addRoutes({
      path: PARTNER_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
      authorizer: new HttpIamAuthorizer(),
    }) as [HttpRoute];

    this.api.addRoutes({
      path: TARGET_HARDENING_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
      authorizer: new HttpIamAuthorizer(),
    });

    [this.selfRoute] = this.api.addRoutes({
      path: SELF_REFERRAL_PATH,
      methods: [HttpMethod.POST],
      integration,
    }) as [HttpRoute];
    Validations.of(this.selfRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Public by design: the self-referral web form is for victims, who have no account and must not need proof of identity to ask for help. Abuse is bounded by stage throttling (rate 10, burst 20) and the function validates every submission.',
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
      this.taskRoutes.push(
        ...this.api.addRoutes({ path, methods: [HttpMethod[method]], integration: tasks, authorizer }),
      );
    }

    this.defaultRoute = new HttpRoute(this, 'WebAppRoute', {
      httpApi: this.api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('WebApp', props.webApp),
    });
    Validations.of(this.defaultRoute).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'The caseworker web app authorizes every request itself: it reads its HMAC-signed session cookie (30 minutes idle, 10 hours at most) and checks the role each page needs. It must answer people not yet signed in: the redirect to Cognito managed login, the /auth/callback that verifies the ID token, and its styles and scripts.',
    });
  }
}
