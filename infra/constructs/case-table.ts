import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_DESIGN } from '../../shared/storage-layout/table-design.ts';

export interface CaseTableProps {
  /** Customer-managed key for server-side encryption of the table. */
  readonly key: IKey;
}

/**
 * The single case table, built from the same TABLE_DESIGN the local system uses for DynamoDB Local:
 * on-demand, encrypted with the customer-managed key, point-in-time recovery, deletion protection,
 * and retained if the stack is deleted.
 */
export class CaseTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string, props: CaseTableProps) {
    super(scope, id);
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: TABLE_DESIGN.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_DESIGN.sortKey, type: AttributeType.STRING },
      timeToLiveAttribute: TABLE_DESIGN.timeToLiveAttribute,
      globalSecondaryIndexes: TABLE_DESIGN.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.customerManagedKey(props.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
