import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DraftAnswer, FormDraft, FormDrafts } from '../../ports/form-drafts.ts';
import { TABLE_DESIGN } from '../../storage-layout/table-design.ts';

const draftKey = (key: string) => ({ pk: `DRAFT#${key}`, sk: 'DRAFT' });

/**
 * Public forms' drafts on the single table (docs/data-model.md): one item, `DRAFT#<key>` / `DRAFT`, the key
 * a hash of the visitor's random draft id (never the id itself), removed by its TTL. Written whole with
 * PutItem, so a retried write is the same write; read by key with a consistent read.
 */
export class DynamoDbFormDrafts implements FormDrafts {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(key: string, now: Date): Promise<FormDraft | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: draftKey(key), ConsistentRead: true }),
    );
    // DynamoDB removes an expired item some time after its TTL: until then it is treated as gone.
    if (!Item || (Item[TABLE_DESIGN.timeToLiveAttribute] as number) * 1000 <= now.getTime()) return undefined;
    return {
      form: Item.form as string,
      submissionId: Item.submissionId as string,
      answers: Item.answers as Record<string, DraftAnswer>,
      ...(typeof Item.caseId === 'string' ? { caseId: Item.caseId } : {}),
    };
  }

  async put(key: string, draft: FormDraft, expiresAt: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...draftKey(key),
          itemType: 'form-draft',
          form: draft.form,
          submissionId: draft.submissionId,
          answers: draft.answers,
          ...(draft.caseId === undefined ? {} : { caseId: draft.caseId }),
          [TABLE_DESIGN.timeToLiveAttribute]: Math.ceil(expiresAt.getTime() / 1000),
        },
      }),
    );
  }
}
