import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseTableAccess, FUNCTIONS, type FunctionName } from '../../functions/registry.ts';
import type { VictimFirstApp } from '../../infra/app.ts';
import { grantCaseTable } from '../../infra/constructs/registry-function.ts';
import { removeTemporaryOutdirs, synthUnbundled } from '../support/synth.ts';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const tableArn = (table: string) => ({ 'Fn::GetAtt': [table, 'Arn'] });
const indexArn = (table: string, index: string) => ({
  'Fn::Join': ['', [tableArn(table), `/index/${index}`]],
});

/** `action on resource` for every DynamoDB action the role's policies allow, one line per resource. */
function tableGrantsOf(template: Template, role: string): string[] {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: Match.arrayWith([{ Ref: role }]) },
  });
  return Object.values(policies)
    .flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]) ?? [])
    .filter((statement) => statement.Effect === 'Allow')
    .flatMap((statement) =>
      asArray(statement.Action)
        .filter((action) => action.startsWith('dynamodb:'))
        .flatMap((action) => asArray(statement.Resource).map((r) => `${action} on ${JSON.stringify(r)}`)),
    )
    .sort();
}

/** What a declaration allows, in the same form: its actions on the table, Query on each named index. */
function declaredGrants(table: string, access: CaseTableAccess | undefined): string[] {
  if (access === undefined) return [];
  return [
    ...access.actions.map((action) => `dynamodb:${action} on ${JSON.stringify(tableArn(table))}`),
    ...(access.indexes ?? []).map((index) => `dynamodb:Query on ${JSON.stringify(indexArn(table, index))}`),
  ].sort();
}

/**
 * The check the stack must pass: every DynamoDB grant of a role that its registry declaration does not
 * name, as `role: action on resource`. Empty when each function holds only what it declares.
 */
function undeclaredTableGrants(
  template: Template,
  table: string,
  declarations: Readonly<Record<string, CaseTableAccess | undefined>>,
): string[] {
  return Object.entries(declarations).flatMap(([role, access]) => {
    const declared = new Set(declaredGrants(table, access));
    return tableGrantsOf(template, role)
      .filter((grant) => !declared.has(grant))
      .map((grant) => `${role}: ${grant}`);
  });
}

describe('case-table access in the synthesized stack', () => {
  let built: VictimFirstApp;
  let template: Template;

  beforeAll(() => {
    ({ built, template } = synthUnbundled());
  }, 120_000);
  afterAll(removeTemporaryOutdirs);

  const logicalId = (construct: IConstruct) =>
    built.intakeStack.getLogicalId(construct.node.defaultChild as CfnElement);
  const roleOf = (name: FunctionName) => logicalId(built.intakeStack.functions[name].role);
  const table = () => logicalId(built.intakeStack.table);
  const declarations = () =>
    Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
        roleOf(name),
        (FUNCTIONS[name].access as { caseTable?: CaseTableAccess }).caseTable,
      ]),
    );

  it('gives no function a DynamoDB action, or an index, its registry entry does not declare', () => {
    expect(undeclaredTableGrants(template, table(), declarations())).toEqual([]);
  });

  it('gives every function each table action and index it declares (a missing one fails in AWS)', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const access = (FUNCTIONS[name].access as { caseTable?: CaseTableAccess }).caseTable;
      expect(tableGrantsOf(template, roleOf(name)), name).toEqual(declaredGrants(table(), access));
    }
  });

  it("lets no function delete, none but the search keys' rebuild scan, and no HTTP-facing function batch-write", () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const actions = tableGrantsOf(template, roleOf(name)).map((grant) => grant.split(' ')[0] ?? '');
      // The rebuild of every case's search keys is an operator's offline job, invoked by no event.
      const refused =
        name === 'rebuildSearchKeys'
          ? /^dynamodb:(DeleteItem|PartiQL|\*)/
          : /^dynamodb:(Scan|DeleteItem|PartiQL|\*)/;
      expect(
        actions.filter((a) => refused.test(a)),
        name,
      ).toEqual([]);
    }
    for (const name of ['receiveReferral', 'connectEmergency', 'webApp', 'taskApi'] as const) {
      expect(tableGrantsOf(template, roleOf(name)).join('\n'), name).not.toContain('BatchWriteItem');
    }
  });

  it('grants the data key for writing only to functions that write the table', () => {
    const keyActions = (name: FunctionName) =>
      Object.values(
        template.findResources('AWS::IAM::Policy', {
          Properties: { Roles: Match.arrayWith([{ Ref: roleOf(name) }]) },
        }),
      )
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[])
        .flatMap((statement) => asArray(statement.Action))
        .filter((action) => action.startsWith('kms:'));
    // plan-job and plan-contact-path only read: they may decrypt items, never encrypt or make data keys.
    for (const name of ['planJob', 'planContactPath'] as const) {
      expect(keyActions(name).sort(), name).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    }
    expect(keyActions('computeDeadline')).toEqual([]);
  });
});

describe('the store adapters the functions bundle', () => {
  // DynamoDB Local checks no IAM policy, so a delete or scan added to an adapter would pass every store
  // test and fail only in AWS (AccessDenied): none of them may send one.
  it("send no DeleteItem (alone, in a batch or in a transaction), and no Scan but the search keys' rebuild", async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const folder = new URL('../../shared/adapters/dynamodb/', import.meta.url);
    const offending = readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const source = readFileSync(new URL(file, folder), 'utf8');
        // case-search-keys.ts is what rebuild-search-keys alone bundles (its grant is checked above).
        const scans = file === 'case-search-keys.ts' ? [] : [/\bScanCommand\b/];
        return [/\bDeleteCommand\b/, ...scans, /\bDeleteRequest\b/, /\bDelete:\s*\{/]
          .filter((pattern) => pattern.test(source))
          .map((pattern) => `${file}: ${pattern.source}`);
      });
    expect(offending).toEqual([]);
  });
});

describe('grantCaseTable', () => {
  /** A stack with an encrypted table with the case table's indexes, and one role granted `grant`. */
  function stackWith(grant: (role: Role, table: TableV2) => void): { template: Template; table: string } {
    const stack = new Stack(new App(), 'TableAccessTest', { env: { region: 'eu-west-2' } });
    const table = new TableV2(stack, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      encryption: TableEncryptionV2.customerManagedKey(new Key(stack, 'Key')),
      globalSecondaryIndexes: ['gsi1', 'gsi2'].map((indexName) => ({
        indexName,
        partitionKey: { name: `${indexName}pk`, type: AttributeType.STRING },
      })),
    });
    const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    grant(role, table);
    return {
      template: Template.fromStack(stack),
      table: stack.getLogicalId(table.node.defaultChild as CfnElement),
    };
  }
  const roleIn = (template: Template) => Object.keys(template.findResources('AWS::IAM::Role'))[0] as string;

  it('grants exactly the declared actions on the table and Query on the named indexes only', () => {
    const access: CaseTableAccess = { actions: ['GetItem', 'Query', 'UpdateItem'], indexes: ['gsi2'] };
    const { template, table } = stackWith((role, t) => grantCaseTable(role, t, access));
    expect(tableGrantsOf(template, roleIn(template))).toEqual(declaredGrants(table, access));
    expect(JSON.stringify(template.toJSON())).not.toContain('/index/*');
  });

  it('reports every action of the old whole-table grant that a declaration does not name', () => {
    // The grant every function had before: read/write on the whole table and all its indexes.
    const { template, table } = stackWith((role, t) => t.grantReadWriteData(role));
    const role = roleIn(template);
    const undeclared = undeclaredTableGrants(template, table, { [role]: { actions: ['GetItem'] } });
    const actions = new Set(undeclared.map((line) => line.split(' ')[1]));
    for (const action of ['DeleteItem', 'Scan', 'BatchWriteItem', 'PutItem', 'Query']) {
      expect(actions, action).toContain(`dynamodb:${action}`);
    }
    expect(undeclared.join('\n')).toContain('/index/*');
  });

  it('refuses indexes without Query', () => {
    expect(() =>
      stackWith((role, t) => grantCaseTable(role, t, { actions: ['GetItem'], indexes: ['gsi1'] })),
    ).toThrow(/must include Query/);
  });
});
