import { type CfnElement, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_ROUTES } from '../../functions/tasks/task-api/routes.ts';
import type { VictimFirstApp } from '../../infra/app.ts';
import {
  DEFAULT_ROUTE_THROTTLE,
  PARTNER_INTAKE_THROTTLE,
  PUBLIC_INTAKE_THROTTLE,
  PUBLIC_PAGE_ROUTES,
  PUBLIC_PAGES_THROTTLE,
  ROUTE_THROTTLES,
  TASK_ROUTE_THROTTLE,
  WEB_APP_THROTTLE,
} from '../../infra/constructs/referrals-api.ts';
import { removeTemporaryOutdirs, synthUnbundled } from '../support/synth.ts';

interface RouteLimits {
  readonly ThrottlingRateLimit: number;
  readonly ThrottlingBurstLimit: number;
}
interface StageResource {
  readonly Properties: {
    StageName: string;
    DefaultRouteSettings: RouteLimits;
    RouteSettings: Record<string, RouteLimits>;
  };
  readonly DependsOn?: string[];
}

let built: VictimFirstApp;
let template: Template;

beforeAll(() => {
  let synthError: unknown;
  ({ built, template, synthError } = synthUnbundled());
  if (synthError !== undefined) throw synthError;
}, 120_000);

afterAll(removeTemporaryOutdirs);

const stage = (): StageResource => {
  const stages = Object.values(template.findResources('AWS::ApiGatewayV2::Stage')) as StageResource[];
  expect(stages).toHaveLength(1);
  return stages[0] as StageResource;
};
const routeKeys = (): string[] =>
  Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
    (route) => (route as { Properties: { RouteKey: string } }).Properties.RouteKey,
  );
const limits = ({ rateLimit, burstLimit }: { rateLimit: number; burstLimit: number }): RouteLimits => ({
  ThrottlingRateLimit: rateLimit,
  ThrottlingBurstLimit: burstLimit,
});

describe('per-route throttles on the $default stage', () => {
  it('gives every route of the API a throttle of its own, and no route it does not have', () => {
    const { RouteSettings } = stage().Properties;
    expect(Object.keys(RouteSettings).sort()).toEqual(routeKeys().sort());
    expect(Object.keys(ROUTE_THROTTLES).sort()).toEqual(routeKeys().sort());
    for (const [routeKey, throttle] of Object.entries(ROUTE_THROTTLES))
      expect(RouteSettings[routeKey], routeKey).toEqual(limits(throttle));
  });

  it('holds the public intake routes low and the staff routes higher, each counted apart', () => {
    const { RouteSettings } = stage().Properties;
    expect(RouteSettings['POST /referrals/self']).toEqual(limits(PUBLIC_INTAKE_THROTTLE));
    expect(RouteSettings['POST /referrals/partner']).toEqual(limits(PARTNER_INTAKE_THROTTLE));
    expect(RouteSettings['POST /referrals/target-hardening']).toEqual(limits(PARTNER_INTAKE_THROTTLE));
    for (const routeKey of TASK_ROUTES) expect(RouteSettings[routeKey]).toEqual(limits(TASK_ROUTE_THROTTLE));
    expect(RouteSettings.$default).toEqual(limits(WEB_APP_THROTTLE));
    for (const routeKey of PUBLIC_PAGE_ROUTES)
      expect(RouteSettings[routeKey]).toEqual(limits(PUBLIC_PAGES_THROTTLE));

    const intake = ['POST /referrals/self', 'POST /referrals/partner', 'POST /referrals/target-hardening'];
    const staff = [...TASK_ROUTES, '$default'];
    const highest = (keys: readonly string[], field: keyof RouteLimits) =>
      Math.max(...keys.map((key) => (RouteSettings[key] as RouteLimits)[field]));
    const lowest = (keys: readonly string[], field: keyof RouteLimits) =>
      Math.min(...keys.map((key) => (RouteSettings[key] as RouteLimits)[field]));
    expect(lowest(staff, 'ThrottlingRateLimit')).toBeGreaterThan(highest(intake, 'ThrottlingRateLimit'));
    expect(lowest(staff, 'ThrottlingBurstLimit')).toBeGreaterThan(highest(intake, 'ThrottlingBurstLimit'));
    // 11 requests a second to the self-referral route are over its own limit, not the web app's.
    expect(PUBLIC_INTAKE_THROTTLE.rateLimit).toBeLessThan(11);
    expect(WEB_APP_THROTTLE.rateLimit).toBeGreaterThanOrEqual(10 * PUBLIC_INTAKE_THROTTLE.rateLimit);
  });

  it('keeps a low stage default for any route that is ever added without a throttle', () => {
    expect(stage().Properties.DefaultRouteSettings).toEqual(limits(DEFAULT_ROUTE_THROTTLE));
    expect(DEFAULT_ROUTE_THROTTLE).toEqual(PUBLIC_INTAKE_THROTTLE);
  });

  it('creates the stage after the routes its RouteSettings name (API Gateway refuses unknown route keys)', () => {
    const routes = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(8 + PUBLIC_PAGE_ROUTES.length);
    expect([...(stage().DependsOn ?? [])].sort()).toEqual(expect.arrayContaining(routes.sort()));
  });

  it('acknowledges the public self-referral route with its own throttle, not a stage-wide one', () => {
    const reasons = (construct: IConstruct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    const [[id, reason] = ['', '']] = reasons(built.intakeStack.api.selfRoute);
    expect(id).toMatch(/AwsSolutions-APIG4$/);
    expect(reason).toContain(
      `own throttle (rate ${PUBLIC_INTAKE_THROTTLE.rateLimit}/s, burst ${PUBLIC_INTAKE_THROTTLE.burstLimit}`,
    );
    expect(reason).toContain('AWS WAF');
    expect(reason).not.toMatch(/stage throttling/i);
    // The route acknowledged is the public one.
    const selfRoute = template.toJSON().Resources[
      built.intakeStack.getLogicalId(built.intakeStack.api.selfRoute.node.defaultChild as CfnElement)
    ] as { Properties: { RouteKey: string; AuthorizationType: string } };
    expect(selfRoute.Properties).toMatchObject({
      RouteKey: 'POST /referrals/self',
      AuthorizationType: 'NONE',
    });
  });
});
