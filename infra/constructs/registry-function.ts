import * as path from 'node:path';
import {
  type Acknowledgment,
  type CfnElement,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type IDestination, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { CaseTableAccess, CaseTableAction, FunctionDefinition } from '../../functions/registry.ts';

/**
 * Lets esbuild's ESM output load CommonJS dependencies that call `require` (Node built-ins, older
 * packages). The alias avoids clashing with any `createRequire` import inside the bundle.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __vfCreateRequire } from 'node:module'; const require = __vfCreateRequire(import.meta.url);";

const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * Copies repository folders beside the bundle after esbuild has run (and after any external packages are
 * installed), each under the name the handler looks for next to its bundle file.
 */
export function copyFolders(folders: Readonly<Record<string, string>>): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) =>
      Object.entries(folders).map(
        ([name, source]) =>
          `cp -R ${shellQuote(path.posix.join(inputDir, source))} ${shellQuote(path.posix.join(outputDir, name))}`,
      ),
  };
}

/**
 * How esbuild bundles every function (NodejsFunction's `bundling`), beside each entry's own external packages;
 * bench/bundles.ts bundles the registry the same way to measure each function's size.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  target: 'node24',
  sourceMap: true,
  minify: true,
} as const;

/** How long function logs are kept. They may hold personal data, so they are not kept indefinitely. */
export const FUNCTION_LOG_RETENTION = RetentionDays.THREE_MONTHS;

export interface RegistryFunctionProps {
  /** The registry entry this function is built from (functions/registry.ts). */
  readonly definition: FunctionDefinition;
  /** Repository root: handler entries in the registry are relative to it. */
  readonly projectRoot: string;
  /** The case table; `definition.access.caseTable` lists what the function may do with it. */
  readonly table: TableV2;
  /** The intake bucket; `definition.access.intakeBucket` decides whether the function may read it. */
  readonly intakeBucket: Bucket;
  /** Customer-managed key that encrypts the function's log group. */
  readonly logKey: IKey;
  /**
   * For asynchronously invoked functions: where failed events go after the retries. Leave undefined for
   * synchronously invoked functions, which have no asynchronous invocation config.
   */
  readonly onFailure?: IDestination;
  /** Retries of a failed asynchronous invocation (0–2); only used with `onFailure`. */
  readonly retryAttempts?: number;
}

/** The registry's table actions that write; a function with none of them only reads (and only decrypts). */
const WRITE_ACTIONS: ReadonlySet<CaseTableAction> = new Set([
  'PutItem',
  'UpdateItem',
  'ConditionCheckItem',
  'BatchWriteItem',
]);

/** The data-key actions CDK's own table grants give a reader and, added to them, a writer. */
const KEY_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KEY_WRITE_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];

export const writesCaseTable = (access: CaseTableAccess): boolean =>
  access.actions.some((action) => WRITE_ACTIONS.has(action));

/**
 * A function's case-table grant, exactly as the registry declares it: its actions on the table's items
 * (the table ARN only), `dynamodb:Query` on each declared index by name (no `index/*` wildcard), and the
 * data key — `kms:Decrypt` and `kms:DescribeKey` to read, and for a writer also what CDK's write grant
 * gives (`kms:Encrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`), on that one key.
 */
export function grantCaseTable(role: IGrantable, table: TableV2, access: CaseTableAccess): void {
  const dynamodb = (action: string) => `dynamodb:${action}`;
  role.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'CaseTableItems',
      actions: [...new Set(access.actions)].sort().map(dynamodb),
      resources: [table.tableArn],
    }),
  );
  const indexes = access.indexes ?? [];
  if (indexes.length > 0) {
    if (!access.actions.includes('Query'))
      throw new Error('A case-table grant that names indexes must include Query');
    role.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'CaseTableIndexQueries',
        actions: [dynamodb('Query')],
        resources: [...new Set(indexes)].sort().map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  table.encryptionKey?.grant(
    role,
    ...(writesCaseTable(access) ? [...KEY_READ_ACTIONS, ...KEY_WRITE_ACTIONS] : KEY_READ_ACTIONS),
  );
}

/**
 * One Lambda function built from a registry entry: Node.js 24 on arm64, ESM bundle with source maps,
 * X-Ray tracing, its own KMS-encrypted log group, its own role, and exactly the table/bucket grants the
 * registry's `access` asks for.
 */
export class RegistryFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly definition: FunctionDefinition;

  constructor(scope: Construct, id: string, props: RegistryFunctionProps) {
    super(scope, id);
    const { definition, projectRoot, table, intakeBucket } = props;
    this.definition = definition;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: FUNCTION_LOG_RETENTION,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An explicit role with log permissions scoped to this function's own log group, instead of the
    // AWSLambdaBasicExecutionRole managed policy (which allows writing to every log group).
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${definition.id} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(projectRoot, definition.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      description: definition.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: definition.memoryMiB,
      timeout: Duration.seconds(definition.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: definition.id,
        TABLE_NAME: table.tableName,
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        ...(definition.externalPackages ? { nodeModules: [...definition.externalPackages] } : {}),
        ...(definition.bundledFolders ? { commandHooks: copyFolders(definition.bundledFolders) } : {}),
      },
      ...(props.onFailure === undefined
        ? {}
        : { onFailure: props.onFailure, retryAttempts: props.retryAttempts ?? 2 }),
    });

    this.grantAccess(table, intakeBucket);
    this.acknowledgeFindings(intakeBucket, props.onFailure !== undefined);
  }

  /** The registry's `access`, turned into grants: nothing beyond what it lists. */
  private grantAccess(table: TableV2, intakeBucket: Bucket): void {
    const { access } = this.definition;
    if (access.caseTable !== undefined) grantCaseTable(this.role, table, access.caseTable);
    if (access.intakeBucket === 'read') intakeBucket.grantRead(this.function);
  }

  /**
   * cdk-nag findings on this function's role policy that come from CDK's standard grants. Each is
   * acknowledged by its exact finding id (action or resource), and only when the grant that causes it
   * is present, so any other wildcard still fails the check.
   */
  private acknowledgeFindings(intakeBucket: Bucket, hasDestination: boolean): void {
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) return;
    const stack = Stack.of(this);
    const logicalId = (construct: Construct): string =>
      stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const acknowledgements: Acknowledgment[] = [
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions, so AWS requires Resource "*". No other action in this policy has Resource "*".',
      },
    ];

    const { access } = this.definition;
    const encryptingFor = [
      ...(access.caseTable !== undefined && writesCaseTable(access.caseTable)
        ? ['writing items to the KMS-encrypted case table']
        : []),
      ...(hasDestination ? ['sending failed events to the KMS-encrypted dead-letter queue'] : []),
    ];
    if (encryptingFor.length > 0) {
      const why = encryptingFor.join(' and ');
      acknowledgements.push(
        {
          id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
          reason: `CDK KMS grant for ${why}: the service generates data keys under the customer-managed key on the function's behalf. Resource is that single key ARN, not "*".`,
        },
        {
          id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
          reason: `CDK KMS grant (grantEncryptDecrypt) for ${why}: ReEncryptFrom/ReEncryptTo are limited to the single customer-managed key ARN, so nothing can be re-encrypted under another key.`,
        },
      );
    }
    if (access.intakeBucket === 'read') {
      acknowledgements.push(
        {
          id: `AwsSolutions-IAM5[Resource::<${logicalId(intakeBucket)}.Arn>/*]`,
          reason:
            'CDK bucket read grant: the function reads the object whose creation triggered it, and object keys are not known in advance; the wildcard covers only objects in the intake bucket.',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:GetObject*]',
          reason:
            'CDK bucket read grant (grantRead): GetObject plus the object version/attribute reads, on the intake bucket only (no writes, no deletes).',
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]',
          reason:
            "CDK bucket read grant (grantRead): reads of the intake bucket's own configuration (e.g. its location), on that bucket only.",
        },
        {
          id: 'AwsSolutions-IAM5[Action::s3:List*]',
          reason:
            'CDK bucket read grant (grantRead): listing the intake bucket only, so a missing object reads as NoSuchKey rather than AccessDenied.',
        },
      );
    }
    Validations.of(policy).acknowledge(...acknowledgements);
  }
}
