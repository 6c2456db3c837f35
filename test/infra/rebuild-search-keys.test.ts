import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/registry.ts';
import type { VictimFirstApp } from '../../infra/app.ts';
import { removeTemporaryOutdirs, synthUnbundled, unacknowledgedNagFindings } from '../support/synth.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
}

let built: VictimFirstApp;
let template: Template;

beforeAll(() => {
  ({ built, template } = synthUnbundled());
}, 120_000);
afterAll(removeTemporaryOutdirs);

const logicalId = (construct: IConstruct): string =>
  built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const rebuild = () => built.intakeStack.functions.rebuildSearchKeys;

/** Every allowed action of the function's role, as `action on resource`. */
function grants(): string[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: logicalId(rebuild().role) }]) },
  });
  return Object.values(policies)
    .flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]) ?? [])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      asArray(statement.Action).flatMap((action) =>
        asArray(statement.Resource).map((resource) => `${action} on ${JSON.stringify(resource)}`),
      ),
    )
    .sort();
}

describe('the rebuild-search-keys function', () => {
  it('may scan the case table and put items in it, and nothing else of it: no index, no read of an item', () => {
    const table = JSON.stringify({ 'Fn::GetAtt': [logicalId(built.intakeStack.table), 'Arn'] });
    expect(grants().filter((grant) => grant.startsWith('dynamodb:'))).toEqual([
      `dynamodb:PutItem on ${table}`,
      `dynamodb:Scan on ${table}`,
    ]);
    // It writes, so it may encrypt with the table's key, that key only.
    const key = JSON.stringify({ 'Fn::GetAtt': [logicalId(built.intakeStack.key), 'Arn'] });
    const keyGrants = grants().filter((grant) => grant.startsWith('kms:'));
    expect(keyGrants.map((grant) => grant.split(' on ')[1])).toEqual(keyGrants.map(() => key));
    expect(keyGrants.map((grant) => grant.split(' ')[0])).toEqual(
      expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']),
    );
    expect(grants().filter((grant) => !/^(dynamodb|kms|logs|xray):/.test(grant))).toEqual([]);
  });

  it('is invoked by an operator only: no service may invoke it, no event starts it, and it has 15 minutes', () => {
    const fn = logicalId(rebuild().function);
    const naming = (resources: Record<string, unknown>) =>
      Object.keys(resources).filter((id) => JSON.stringify(resources[id]).includes(`"${fn}"`));
    expect(naming(template.findResources('AWS::Lambda::Permission'))).toEqual([]);
    expect(naming(template.findResources('AWS::Lambda::EventSourceMapping'))).toEqual([]);
    expect(naming(template.findResources('AWS::Lambda::EventInvokeConfig'))).toEqual([]);
    expect(naming(template.findResources('AWS::Scheduler::Schedule'))).toEqual([]);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: FUNCTIONS.rebuildSearchKeys.description,
      Timeout: 900,
    });
  });

  it('is the only function that bundles the adapter that scans', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
      );
    const importing = ['functions', 'web', 'shared']
      .flatMap(files)
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => readFileSync(file, 'utf8').includes('dynamodb/case-search-keys.ts'));
    expect(importing).toEqual([join('functions', 'maintenance', 'rebuild-search-keys', 'handler.ts')]);
  });

  it('passes cdk-nag', () => {
    const path = rebuild().node.path;
    expect(unacknowledgedNagFindings(built.app).filter((finding) => finding.includes(path))).toEqual([]);
  });
});
