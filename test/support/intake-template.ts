import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll } from 'vitest';
import type { FunctionName } from '../../functions/registry.ts';
import { buildApp, type VictimFirstApp } from '../../infra/app.ts';
import { removeTemporaryOutdirs, synthUnbundled, temporaryOutdir } from './synth.ts';

// The intake stack's template as the infra test files read it (test/infra/intake-*.test.ts,
// messaging-*.test.ts): synthesized once per file, and the helpers they look it up with.

export interface Statement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Principal?: unknown;
}

export interface PolicyResource {
  readonly Properties: { PolicyDocument: { Statement: Statement[] }; Roles: { Ref: string }[] };
}

/** The app the file synthesized (set by synthesizedForFile's beforeAll). */
export let built: VictimFirstApp;
/** The intake stack's template, as written into the cloud assembly. */
export let template: Template;
/** What synth threw: unacknowledged cdk-nag findings throw after the templates are written. */
export let synthError: unknown;

/**
 * Synthesizes the app once for the test file. `bundled`: as `cdk synth` does, the handlers bundled with
 * esbuild (the slow part), for the tests that read the bundles; otherwise without bundling, the template
 * the same but for the code assets' hashes. The cloud assembly is removed after the file.
 */
export function synthesizedForFile({ bundled }: { readonly bundled: boolean }): void {
  let assemblyDirectory: string | undefined;
  beforeAll(() => {
    if (!bundled) {
      ({ built, template, synthError } = synthUnbundled());
      return;
    }
    built = buildApp();
    try {
      built.app.synth();
    } catch (error) {
      // The cdk-nag test reports them; the other tests still check the written template.
      synthError = error;
    }
    assemblyDirectory = built.app.outdir;
    const templatePath = join(built.app.outdir, built.intakeStack.templateFile);
    if (!existsSync(templatePath)) throw synthError; // synth failed before writing anything
    template = Template.fromJSON(JSON.parse(readFileSync(templatePath, 'utf8')) as Record<string, unknown>);
  }, 180_000);
  afterAll(() => {
    if (assemblyDirectory !== undefined) rmSync(assemblyDirectory, { recursive: true, force: true });
    removeTemporaryOutdirs();
  });
}

/** Synthesized without bundling with this context (a deployed environment's, say), apart from the file's. */
export function synth(context: Record<string, unknown> = {}): { built: VictimFirstApp; template: Template } {
  const app = buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context }, outdir: temporaryOutdir() });
  const json = app.app.synth().getStackByName(app.intakeStack.stackName).template as Record<string, unknown>;
  return { built: app, template: Template.fromJSON(json) };
}

export const logicalId = (construct: IConstruct, stack = built.intakeStack): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);
export const functionId = (name: FunctionName): string =>
  logicalId(built.intakeStack.functions[name].function);
export const roleId = (name: FunctionName): string => logicalId(built.intakeStack.functions[name].role);
export const getAtt = (id: string, attribute = 'Arn') => ({ 'Fn::GetAtt': [id, attribute] });
export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
export const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => asArray(s.Action));
export const bySid = (statements: Statement[], sid: string) => statements.find((s) => s.Sid === sid);
/** An ARN in this account and the stack's region: `arn:aws:<service>:eu-west-2:<account><resource>`. */
export const accountArn = (service: string, resource: string) => ({
  'Fn::Join': ['', [`arn:aws:${service}:eu-west-2:`, { Ref: 'AWS::AccountId' }, resource]],
});

/** Every statement of every IAM policy attached to the given role. */
export function statementsOfRole(role: string, t = template): Statement[] {
  const policies = t.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
  });
  return Object.values(policies).flatMap(
    (policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

/** Every statement of every IAM policy on a function's role, in this template of this app. */
export function statementsOf(name: FunctionName, t = template, app = built): Statement[] {
  return statementsOfRole(logicalId(app.intakeStack.functions[name].role, app.intakeStack), t);
}
