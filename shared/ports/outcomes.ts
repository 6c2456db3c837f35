import type { ImprovementPlan, PlanAction } from '../domain/outcomes/improvement-plans.ts';
import type { SurveyResult } from '../domain/outcomes/surveys.ts';
import type { Target, TargetChange, TargetMeasure } from '../domain/outcomes/targets.ts';

/** A change to a target as asked: the figure to set (absent: no target this year). */
export interface NewTargetChange {
  /** The form's key: the same change sent again is recorded once. */
  readonly changeId: string;
  readonly year: string;
  readonly measure: TargetMeasure;
  readonly to?: number;
  readonly by: string;
  readonly at: Date;
}

/**
 * Outcomes against targets (docs/outcomes.md, docs/data-model.md): the police survey's answers, the targets
 * held per financial year with their history, and the improvement plans a missed target raises.
 */
export interface OutcomeStore {
  /** Keeps a survey answer once per case and survey date: the same answer again is `duplicate`, changing nothing. */
  recordSurvey(result: SurveyResult): Promise<'recorded' | 'duplicate'>;
  /** Survey answers with `from <= surveyedOn < to` (local dates), read month by month from an index. */
  listSurveys(from: string, to: string): Promise<SurveyResult[]>;
  /** The targets set for a year (a measure never set is absent: the caller applies the contract's default). */
  listTargets(year: string): Promise<Target[]>;
  /**
   * Sets a year's target and records the change with the figure it replaced. The same change sent again
   * (its `changeId`) gives back the first record and changes nothing.
   */
  setTarget(change: NewTargetChange): Promise<TargetChange>;
  /** Every change to a year's targets, newest first. */
  targetHistory(year: string): Promise<TargetChange[]>;
  /** Raises a plan once per id: raised again it is `already-raised`, changing nothing. */
  raisePlan(plan: ImprovementPlan): Promise<'raised' | 'already-raised'>;
  getPlan(planId: string): Promise<ImprovementPlan | undefined>;
  /** Every plan, newest quarter first (a few a year: one partition). */
  listPlans(): Promise<ImprovementPlan[]>;
  /** Adds an action once per id (the form's key). */
  addAction(action: PlanAction): Promise<'added' | 'already-added'>;
  /** A plan's actions, by due date. */
  listActions(planId: string): Promise<PlanAction[]>;
  /** Marks an action done, once: done again gives back the first record. Undefined: no such action. */
  markActionDone(planId: string, actionId: string, by: string, at: Date): Promise<PlanAction | undefined>;
}
