/**
 * The single table's keys and indexes, read by the CDK app (to create the table) and by the local
 * system (to create it in DynamoDB Local), so both hold the same design. See docs/data-model.md.
 */
export const TABLE_DESIGN = {
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    // Earlier cases for the same person (repeat victims, docs/service-rules.md, rule 11).
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // Cases and intake runs by day received (reporting, simulation, team-leader views).
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    // Open tasks of a queue by type, due first (a queue filtered to one type of task).
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
} as const;

export type IndexName = (typeof TABLE_DESIGN.indexes)[number]['name'];

/** The gsi3 partition of a queue's open tasks of one type. */
export const queueTypeKey = (queue: string, type: string): string => `QUEUE#${queue}#TYPE#${type}`;
