import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DateTime } from 'luxon';
import type { ImprovementPlan, PlanAction } from '../../domain/outcomes/improvement-plans.ts';
import { bySurveyDate, type SurveyResult } from '../../domain/outcomes/surveys.ts';
import type { Target, TargetChange, TargetMeasure } from '../../domain/outcomes/targets.ts';
import type { NewTargetChange, OutcomeStore } from '../../ports/outcomes.ts';
import { queryAll } from './query-all.ts';

/** Keys of the outcome items on the single table (docs/data-model.md). */
const keys = {
  survey: (caseId: string, surveyedOn: string) => ({ pk: `SURVEY#${caseId}`, sk: `POLICE#${surveyedOn}` }),
  surveyMonth: (month: string) => `SURVEYS#${month}`,
  target: (year: string, measure: string) => ({ pk: `TARGETS#${year}`, sk: `TARGET#${measure}` }),
  change: (year: string, changeId: string) => ({ pk: `TARGETS#${year}`, sk: `CHANGE#${changeId}` }),
  plan: (planId: string) => ({ pk: 'PLANS', sk: `PLAN#${planId}` }),
  action: (planId: string, actionId: string) => ({ pk: `PLAN#${planId}`, sk: `ACTION#${actionId}` }),
};

const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

function withoutKeys(item: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, sk: _sk, itemType: _t, gsi2pk: _g, gsi2sk: _s, version: _v, ...rest } = item;
  return rest;
}

const surveyOf = (item: Record<string, unknown>): SurveyResult => {
  const rest = withoutKeys(item);
  return { ...(rest as unknown as SurveyResult), importedAt: new Date(String(rest.importedAt)) };
};
const targetOf = (item: Record<string, unknown>): Target => {
  const rest = withoutKeys(item);
  return { ...(rest as unknown as Target), ...(rest.setAt ? { setAt: new Date(String(rest.setAt)) } : {}) };
};
const changeOf = (item: Record<string, unknown>): TargetChange => {
  const rest = withoutKeys(item);
  return { ...(rest as unknown as TargetChange), at: new Date(String(rest.at)) };
};
const planOf = (item: Record<string, unknown>): ImprovementPlan => {
  const rest = withoutKeys(item);
  return { ...(rest as unknown as ImprovementPlan), raisedAt: new Date(String(rest.raisedAt)) };
};
const actionOf = (item: Record<string, unknown>): PlanAction => {
  const rest = withoutKeys(item);
  return {
    ...(rest as unknown as PlanAction),
    addedAt: new Date(String(rest.addedAt)),
    ...(rest.doneAt ? { doneAt: new Date(String(rest.doneAt)) } : {}),
  };
};

/** The months (`YYYY-MM`) the local dates `[from, to)` touch. */
function months(from: string, to: string): string[] {
  const found: string[] = [];
  for (
    let m = DateTime.fromISO(from).startOf('month');
    (m.toISODate() as string) < to;
    m = m.plus({ months: 1 })
  )
    found.push(m.toFormat('yyyy-MM'));
  return found;
}

/**
 * The outcome store on the single table: survey answers under their case (`SURVEY#<caseId>`) and on the
 * `gsi2` index by the month surveyed; targets and their changes under the year (`TARGETS#<year>`); plans
 * in one partition (`PLANS`, a few a year) with their actions under each plan. Every write is conditional,
 * so a retried one changes nothing.
 */
export class DynamoDbOutcomeStore implements OutcomeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordSurvey(result: SurveyResult): Promise<'recorded' | 'duplicate'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.survey(result.caseId, result.surveyedOn),
            itemType: 'survey-result',
            ...result,
            importedAt: result.importedAt.toISOString(),
            gsi2pk: keys.surveyMonth(result.surveyedOn.slice(0, 7)),
            gsi2sk: `${result.surveyedOn}#${result.caseId}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (conditionFailed(error)) return 'duplicate';
      throw error;
    }
  }

  async listSurveys(from: string, to: string): Promise<SurveyResult[]> {
    const pages = await Promise.all(
      months(from, to).map((month) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :month',
          ExpressionAttributeValues: { ':month': keys.surveyMonth(month) },
        }),
      ),
    );
    return pages
      .flat()
      .map(surveyOf)
      .filter((s) => s.surveyedOn >= from && s.surveyedOn < to)
      .sort(bySurveyDate);
  }

  async listTargets(year: string): Promise<Target[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :year AND begins_with(sk, :target)',
      ExpressionAttributeValues: { ':year': `TARGETS#${year}`, ':target': 'TARGET#' },
      ConsistentRead: true,
    });
    return items.map(targetOf);
  }

  async setTarget(change: NewTargetChange): Promise<TargetChange> {
    for (let attempt = 0; ; attempt++) {
      const earlier = await this.getChange(change.year, change.changeId);
      if (earlier) return earlier;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.target(change.year, change.measure),
          ConsistentRead: true,
        }),
      );
      const version = Number(current.Item?.version ?? 0);
      const from = current.Item?.percentage as number | undefined;
      const recorded: TargetChange = {
        changeId: change.changeId,
        year: change.year,
        measure: change.measure as TargetMeasure,
        ...(from === undefined ? {} : { from }),
        ...(change.to === undefined ? {} : { to: change.to }),
        by: change.by,
        at: change.at,
      };
      try {
        // The change is recorded with the target it replaced, in one transaction: the target only if no one
        // changed it since it was read (its version), the change only once (its id).
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.target(change.year, change.measure),
                    itemType: 'target',
                    year: change.year,
                    measure: change.measure,
                    ...(change.to === undefined ? {} : { percentage: change.to }),
                    setBy: change.by,
                    setAt: change.at.toISOString(),
                    version: version + 1,
                  },
                  ConditionExpression: 'attribute_not_exists(pk) OR version = :version',
                  ExpressionAttributeValues: { ':version': version },
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    ...keys.change(change.year, change.changeId),
                    itemType: 'target-change',
                    ...recorded,
                    at: change.at.toISOString(),
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return recorded;
      } catch (error) {
        if ((error as Error).name !== 'TransactionCanceledException' || attempt >= 4) throw error;
      }
    }
  }

  private async getChange(year: string, changeId: string): Promise<TargetChange | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.change(year, changeId), ConsistentRead: true }),
    );
    return result.Item ? changeOf(result.Item) : undefined;
  }

  async targetHistory(year: string): Promise<TargetChange[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :year AND begins_with(sk, :change)',
      ExpressionAttributeValues: { ':year': `TARGETS#${year}`, ':change': 'CHANGE#' },
      ConsistentRead: true,
    });
    return items
      .map(changeOf)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || a.changeId.localeCompare(b.changeId));
  }

  async raisePlan(plan: ImprovementPlan): Promise<'raised' | 'already-raised'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.plan(plan.planId),
            itemType: 'improvement-plan',
            ...plan,
            raisedAt: plan.raisedAt.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'raised';
    } catch (error) {
      if (conditionFailed(error)) return 'already-raised';
      throw error;
    }
  }

  async getPlan(planId: string): Promise<ImprovementPlan | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.plan(planId), ConsistentRead: true }),
    );
    return result.Item ? planOf(result.Item) : undefined;
  }

  async listPlans(): Promise<ImprovementPlan[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :plans',
      ExpressionAttributeValues: { ':plans': 'PLANS' },
    });
    return items
      .map(planOf)
      .sort((a, b) => b.quarter.localeCompare(a.quarter) || a.planId.localeCompare(b.planId));
  }

  async addAction(action: PlanAction): Promise<'added' | 'already-added'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.action(action.planId, action.actionId),
            itemType: 'plan-action',
            ...action,
            addedAt: action.addedAt.toISOString(),
            ...(action.doneAt ? { doneAt: action.doneAt.toISOString() } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'added';
    } catch (error) {
      if (conditionFailed(error)) return 'already-added';
      throw error;
    }
  }

  async listActions(planId: string): Promise<PlanAction[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :plan AND begins_with(sk, :action)',
      ExpressionAttributeValues: { ':plan': `PLAN#${planId}`, ':action': 'ACTION#' },
      ConsistentRead: true,
    });
    return items
      .map(actionOf)
      .sort((a, b) => a.due.localeCompare(b.due) || a.actionId.localeCompare(b.actionId));
  }

  async markActionDone(
    planId: string,
    actionId: string,
    by: string,
    at: Date,
  ): Promise<PlanAction | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.action(planId, actionId),
          UpdateExpression: 'SET doneBy = :by, doneAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(doneAt)',
          ExpressionAttributeValues: { ':by': by, ':at': at.toISOString() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? actionOf(result.Attributes) : undefined;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: keys.action(planId, actionId),
          ConsistentRead: true,
        }),
      );
      return current.Item ? actionOf(current.Item) : undefined;
    }
  }
}
