import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  type FunctionAccess,
  type FunctionName,
  functionDefinitions,
} from '../../functions/registry.ts';
import { buildApp, PROJECT_ROOT } from '../../infra/app.ts';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/registry-function.ts';
import { STATE_MACHINE_WILDCARD_ACTIONS } from '../../infra/stacks/state-machines.ts';
import {
  actionsOf,
  asArray,
  built,
  functionId,
  getAtt,
  logicalId,
  roleId,
  type Statement,
  statementsOfRole,
  synthError,
  synthesizedForFile,
  template,
} from '../support/intake-template.ts';
import { temporaryOutdir, unacknowledgedNagFindings } from '../support/synth.ts';

// The intake stack's functions and its cdk-nag checks, on the app as `cdk synth` builds it: bundled once
// for the file (the slow part). Its other resources: intake-stack-resources.test.ts; its state machines:
// intake-state-machines.test.ts.
synthesizedForFile({ bundled: true });

describe('the intake stack', () => {
  describe('functions', () => {
    it('creates exactly one Node.js function per registry entry', () => {
      const nodeFunctions = template.findResources('AWS::Lambda::Function', {
        Properties: { Runtime: Match.stringLikeRegexp('^nodejs') },
      });
      // Besides them, only CDK's own deploy-time reader of the edge stack's web ACL ARN (waf.test.ts).
      const [others, registry] = [
        Object.keys(nodeFunctions).filter((id) => id.startsWith('CustomCrossRegionExportReader')),
        Object.keys(nodeFunctions).filter((id) => !id.startsWith('CustomCrossRegionExportReader')),
      ];
      expect(registry).toHaveLength(functionDefinitions().length);
      expect(others).toHaveLength(1);
    });

    it('runs every function on nodejs24.x, arm64, with active tracing, its settings and environment', () => {
      for (const [name, definition] of Object.entries(FUNCTIONS) as [
        FunctionName,
        (typeof FUNCTIONS)[FunctionName],
      ][]) {
        template.hasResourceProperties('AWS::Lambda::Function', {
          Description: definition.description,
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          Handler: 'index.handler',
          MemorySize: definition.memoryMiB,
          Timeout: definition.timeoutSeconds,
          TracingConfig: { Mode: 'Active' },
          Role: getAtt(roleId(name)),
          Environment: {
            Variables: Match.objectLike({
              POWERTOOLS_SERVICE_NAME: definition.id,
              TABLE_NAME: { Ref: logicalId(built.intakeStack.table) },
            }),
          },
        });
      }
    });

    it('gives every function its own KMS-encrypted log group with a retention period', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const logGroup = logicalId(built.intakeStack.functions[name].logGroup);
        template.hasResourceProperties('AWS::Lambda::Function', {
          Role: getAtt(roleId(name)),
          LoggingConfig: Match.objectLike({ LogGroup: { Ref: logGroup } }),
        });
        const { KmsKeyId, RetentionInDays } = template.toJSON().Resources[logGroup].Properties;
        expect(KmsKeyId).toEqual(getAtt(logicalId(built.intakeStack.key)));
        expect(RetentionInDays).toBeGreaterThan(0);
      }
    });

    it('bundles every handler as a minified ESM module with a require banner and a source map', () => {
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const code = template.toJSON().Resources[functionId(name)].Properties.Code as { S3Key: string };
        const assetDirectory = join(built.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
        const bundle = readFileSync(join(assetDirectory, 'index.mjs'), 'utf8');
        expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
        expect(existsSync(join(assetDirectory, 'index.mjs.map'))).toBe(true);
      }
    });

    it('bundles the web app with its views and assets beside it, and the frontend packages installed', () => {
      const code = template.toJSON().Resources[functionId('webApp')].Properties.Code as { S3Key: string };
      const assetDirectory = join(built.app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
      // web/views.ts and web/assets.ts look next to the module that holds them: in the bundle, index.mjs.
      for (const folder of ['views', 'assets'] as const) {
        const copied = readdirSync(join(assetDirectory, folder)).sort();
        expect(copied, folder).toEqual(readdirSync(join(PROJECT_ROOT, 'web', folder)).sort());
      }
      // What the pages render with and serve at run time, from the packages' own folders.
      for (const file of [
        'node_modules/nunjucks/package.json',
        'node_modules/govuk-frontend/dist/govuk/template.njk',
        'node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css',
        'node_modules/govuk-frontend/dist/govuk/assets/images/favicon.ico',
        'node_modules/@ministryofjustice/frontend/moj/components/timeline/macro.njk',
        'node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.css',
      ]) {
        expect(existsSync(join(assetDirectory, file)), file).toBe(true);
      }
      // Left out of the bundle, so loaded from those folders (import.meta.url resolves them).
      const bundle = readFileSync(join(assetDirectory, 'index.mjs'), 'utf8');
      expect(bundle).toMatch(/from\s*"nunjucks"/);
    });

    it('grants each function exactly the table and bucket access the registry lists', () => {
      for (const [name, definition] of Object.entries(FUNCTIONS) as [
        FunctionName,
        (typeof FUNCTIONS)[FunctionName],
      ][]) {
        const actions = actionsOf(statementsOfRole(roleId(name)));
        const access: FunctionAccess = definition.access;
        // Exactly the declared table actions (table-access.test.ts checks each action's resources too).
        expect([...new Set(actions.filter((action) => action.startsWith('dynamodb:')))].sort()).toEqual(
          (access.caseTable?.actions ?? []).map((action) => `dynamodb:${action}`).sort(),
        );
        expect(actions.includes('s3:GetObject*')).toBe(access.intakeBucket === 'read');
        // Only the letter-writing messaging functions and the function that stores the quarterly returns
        // write, and only s3:PutObject (messaging.test.ts, quarterly-returns.test.ts).
        const writes =
          (access.messaging !== undefined && access.messaging !== 'alerts') || access.returns === 'write';
        expect(actions.filter((action) => /^s3:(Put|Delete)/.test(action))).toEqual(
          writes ? ['s3:PutObject'] : [],
        );
      }
    });

    it('uses Resource "*" in function policies only for the X-Ray actions that require it', () => {
      // The IAM5[Resource::*] acknowledgement on each function policy relies on this.
      for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
        const wildcard = statementsOfRole(roleId(name)).filter((statement) => statement.Resource === '*');
        expect(actionsOf(wildcard).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    });

    it('does not let the receive-referral role read the intake bucket', () => {
      const role = roleId('receiveReferral');
      const statements = statementsOfRole(role);
      expect(statements.length).toBeGreaterThan(0);
      expect(actionsOf(statements).filter((action) => action.startsWith('s3:'))).toEqual([]);
      expect(JSON.stringify(statements)).not.toContain(logicalId(built.intakeStack.intake.bucket));
      expect(template.toJSON().Resources[role].Properties.ManagedPolicyArns).toBeUndefined();
    });
  });

  describe('cdk-nag', () => {
    it('synthesizes with no unacknowledged AwsSolutions findings', () => {
      // cdk-nag 3 runs as a validation plugin: an unacknowledged error makes app.synth() throw.
      expect(synthError === undefined ? 'no error' : String(synthError)).toBe('no error');
      // The same checks run directly, so a failure lists each finding and where it is.
      expect(unacknowledgedNagFindings(built.app)).toEqual([]);
      // And the validation report written into the cloud assembly lists nothing.
      const report = JSON.parse(readFileSync(join(built.app.outdir, VALIDATION_REPORT_FILE), 'utf8')) as {
        pluginReports: { violations?: unknown[] }[];
      };
      expect(report.pluginReports.flatMap((pluginReport) => pluginReport.violations ?? [])).toEqual([]);
    });

    it('acknowledges findings on individual resources, never on the whole app or stack', () => {
      const acknowledgedOn = (construct: IConstruct) =>
        construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      expect(acknowledgedOn(built.app)).toEqual([]);
      expect(acknowledgedOn(built.intakeStack)).toEqual([]);
      expect(acknowledgedOn(built.edgeStack)).toEqual([]);
    });

    it('names, in each state machine role’s IAM5[Resource::*] acknowledgement, exactly the actions it grants on "*"', () => {
      const machines = [
        built.intakeStack.contactPath.stateMachine,
        built.intakeStack.supportReview.stateMachine,
        built.intakeStack.targetHardening.stateMachine,
      ];
      const expected = Object.values(STATE_MACHINE_WILDCARD_ACTIONS).flat().sort();
      for (const machine of machines) {
        const policy = machine.role.node.tryFindChild('DefaultPolicy') as IConstruct;
        const statements = (
          template.toJSON().Resources[logicalId(policy)].Properties.PolicyDocument as {
            Statement: Statement[];
          }
        ).Statement;
        const wildcard = statements.filter(
          (statement) => statement.Resource === '*' || asArray(statement.Resource).includes('*'),
        );
        // The logging actions (CloudWatch Logs log delivery) as well as X-Ray's share Resource "*".
        expect(actionsOf(wildcard).sort(), machine.node.path).toEqual(expected);
        const reasons = policy.node.metadata
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          .filter(([id]) => id.endsWith('AwsSolutions-IAM5[Resource::*]'))
          .map(([, reason]) => reason);
        expect(reasons, machine.node.path).toHaveLength(1);
        for (const action of expected) expect(reasons[0], action).toContain(action);
        expect(reasons[0]).toContain('logging');
        expect(reasons[0]).toContain('X-Ray');
      }
    });

    it('writes the same template with its checks turned off, as the local system synthesizes it', () => {
      const synthesized = (checks: boolean) => {
        const app = buildApp({
          context: { 'aws:cdk:bundling-stacks': [] },
          outdir: temporaryOutdir(),
          checks,
        });
        const assembly = app.app.synth();
        return {
          template: assembly.getStackByName(app.intakeStack.stackName).template as unknown,
          checked: existsSync(join(assembly.directory, VALIDATION_REPORT_FILE)),
        };
      };
      const unchecked = synthesized(false);
      const checked = synthesized(true);
      expect(unchecked.checked).toBe(false);
      expect(checked.checked).toBe(true);
      expect(unchecked.template).toEqual(checked.template);
    }, 60_000);

    it('reports no CDK errors or warnings on the stack', () => {
      expect(Annotations.fromStack(built.intakeStack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(built.intakeStack).findWarning('*', Match.anyValue())).toEqual([]);
    });
  });
});
