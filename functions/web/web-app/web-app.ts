import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoStaffRoles } from '../../../shared/adapters/aws/cognito-staff-roles.ts';
import {
  StepFunctionsSupportReviews,
  StepFunctionsTaskResponses,
} from '../../../shared/adapters/aws/step-functions-workflows.ts';
import { DynamoDbAgencyList } from '../../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbAuditLog } from '../../../shared/adapters/dynamodb/audit-log.ts';
import { DynamoDbCaseOwners } from '../../../shared/adapters/dynamodb/case-owners.ts';
import { DynamoDbCaseSearch } from '../../../shared/adapters/dynamodb/case-search.ts';
import { DynamoDbCaseStore } from '../../../shared/adapters/dynamodb/case-store.ts';
import { DynamoDbContactLog } from '../../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbGroupSessions } from '../../../shared/adapters/dynamodb/group-sessions.ts';
import { DynamoDbHardshipFund } from '../../../shared/adapters/dynamodb/hardship-fund.ts';
import { DynamoDbMessageStore } from '../../../shared/adapters/dynamodb/message-store.ts';
import { DynamoDbSessionStore } from '../../../shared/adapters/dynamodb/session-store.ts';
import { DynamoDbSupportStore } from '../../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbTaskStore } from '../../../shared/adapters/dynamodb/task-store.ts';
import { DynamoDbVolunteerAssignments } from '../../../shared/adapters/dynamodb/volunteer-assignments.ts';
import { systemClock } from '../../../shared/adapters/system-clock.ts';
import type { WebAppDeps } from '../../../web/app.ts';
import { type CognitoSignIn, createCognitoSignIn } from '../../../web/cognito-sign-in.ts';
import { ROLE_CHECK_MS, SessionCodec, Sessions } from '../../../web/session.ts';
import type { webAppConfig } from '../../config.ts';
import { readSecret } from '../../secrets.ts';

/**
 * The secret that signs session cookies, read from Secrets Manager. Called once, at cold start: every
 * instance of the function signs with the same secret, and none is kept in the function's configuration.
 */
export async function readSessionSecret(client: SecretsManagerClient, secretArn: string): Promise<Buffer> {
  return Buffer.from(await readSecret(client, secretArn, 'session secret'), 'utf8');
}

/** The web app's dependencies in AWS, with the Cognito sign-in; no local people. */
export type AwsWebAppDeps = WebAppDeps & { readonly cognito: CognitoSignIn };

/**
 * The web app's dependencies in AWS: the DynamoDB stores on the case table, task answers on Step Functions,
 * sessions signed with the secret (`__Host-` Secure cookies) and recorded as open on the case table (signing
 * out ends them), each session's roles checked again against the user pool every 5 minutes (a role taken
 * away ends the person's sessions: docs/web-app.md), and the Cognito sign-in. `localPeople` is absent: in
 * AWS nobody signs in by picking a name.
 */
export function awsWebAppDeps(options: {
  readonly config: ReturnType<typeof webAppConfig>;
  readonly client: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly sessionSecret: Buffer;
  readonly fetchImpl?: typeof fetch;
  /** The user pool's admin API (AdminGetUser, AdminListGroupsForUser); by default one for the region. */
  readonly cognitoIdp?: CognitoIdentityProviderClient;
}): AwsWebAppDeps {
  const { config, client } = options;
  return {
    store: new DynamoDbCaseStore(client, config.tableName),
    tasks: new DynamoDbTaskStore(client, config.tableName),
    owners: new DynamoDbCaseOwners(client, config.tableName),
    volunteers: new DynamoDbVolunteerAssignments(client, config.tableName),
    messages: new DynamoDbMessageStore(client, config.tableName),
    audit: new DynamoDbAuditLog(client, config.tableName),
    support: new DynamoDbSupportStore(client, config.tableName),
    hardship: new DynamoDbHardshipFund(client, config.tableName),
    contacts: new DynamoDbContactLog(client, config.tableName),
    groupSessions: new DynamoDbGroupSessions(client, config.tableName),
    agencies: new DynamoDbAgencyList(client, config.tableName),
    caseSearch: new DynamoDbCaseSearch(client, config.tableName),
    reviews: new StepFunctionsSupportReviews(options.sfn, config.supportReviewArn),
    // A long case's checks run on the support-review state machine too.
    caseChecks: new StepFunctionsSupportReviews(options.sfn, config.supportReviewArn),
    workflows: new StepFunctionsTaskResponses(options.sfn),
    clock: systemClock,
    sessions: new Sessions(
      new SessionCodec(options.sessionSecret),
      new DynamoDbSessionStore(client, config.tableName),
      {
        roles: new CognitoStaffRoles(
          options.cognitoIdp ?? new CognitoIdentityProviderClient({}),
          config.signIn.userPoolId,
        ),
        everyMs: ROLE_CHECK_MS,
      },
    ),
    cognito: createCognitoSignIn(config.signIn, options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  };
}
