import type { ImprovementPlan, PlanAction } from '../../domain/outcomes/improvement-plans.ts';
import { bySurveyDate, type SurveyResult, surveyKey } from '../../domain/outcomes/surveys.ts';
import type { Target, TargetChange } from '../../domain/outcomes/targets.ts';
import type { NewTargetChange, OutcomeStore } from '../../ports/outcomes.ts';

const byDue = (a: PlanAction, b: PlanAction) =>
  a.due.localeCompare(b.due) || a.actionId.localeCompare(b.actionId);
const newestPlanFirst = (a: ImprovementPlan, b: ImprovementPlan) =>
  b.quarter.localeCompare(a.quarter) || a.planId.localeCompare(b.planId);

/** The outcome store in memory, for unit tests and as the DynamoDB adapter's twin (one contract suite). */
export class InMemoryOutcomeStore implements OutcomeStore {
  private readonly surveys = new Map<string, SurveyResult>();
  private readonly targets = new Map<string, Target>();
  private readonly changes = new Map<string, TargetChange>();
  private readonly plans = new Map<string, ImprovementPlan>();
  private readonly actions = new Map<string, PlanAction>();

  async recordSurvey(result: SurveyResult): Promise<'recorded' | 'duplicate'> {
    const key = surveyKey(result);
    if (this.surveys.has(key)) return 'duplicate';
    this.surveys.set(key, result);
    return 'recorded';
  }

  async listSurveys(from: string, to: string): Promise<SurveyResult[]> {
    return [...this.surveys.values()]
      .filter((s) => s.surveyedOn >= from && s.surveyedOn < to)
      .sort(bySurveyDate);
  }

  async listTargets(year: string): Promise<Target[]> {
    return [...this.targets.values()].filter((t) => t.year === year);
  }

  async setTarget(change: NewTargetChange): Promise<TargetChange> {
    const earlier = this.changes.get(change.changeId);
    if (earlier) return earlier;
    const key = `${change.year}#${change.measure}`;
    const current = this.targets.get(key);
    const recorded: TargetChange = {
      changeId: change.changeId,
      year: change.year,
      measure: change.measure,
      ...(current?.percentage === undefined ? {} : { from: current.percentage }),
      ...(change.to === undefined ? {} : { to: change.to }),
      by: change.by,
      at: change.at,
    };
    this.targets.set(key, {
      year: change.year,
      measure: change.measure,
      ...(change.to === undefined ? {} : { percentage: change.to }),
      setBy: change.by,
      setAt: change.at,
    });
    this.changes.set(change.changeId, recorded);
    return recorded;
  }

  async targetHistory(year: string): Promise<TargetChange[]> {
    return [...this.changes.values()]
      .filter((c) => c.year === year)
      .sort((a, b) => b.at.getTime() - a.at.getTime() || a.changeId.localeCompare(b.changeId));
  }

  async raisePlan(plan: ImprovementPlan): Promise<'raised' | 'already-raised'> {
    if (this.plans.has(plan.planId)) return 'already-raised';
    this.plans.set(plan.planId, plan);
    return 'raised';
  }

  async getPlan(planId: string): Promise<ImprovementPlan | undefined> {
    return this.plans.get(planId);
  }

  async listPlans(): Promise<ImprovementPlan[]> {
    return [...this.plans.values()].sort(newestPlanFirst);
  }

  async addAction(action: PlanAction): Promise<'added' | 'already-added'> {
    const key = `${action.planId}#${action.actionId}`;
    if (this.actions.has(key)) return 'already-added';
    this.actions.set(key, action);
    return 'added';
  }

  async listActions(planId: string): Promise<PlanAction[]> {
    return [...this.actions.values()].filter((a) => a.planId === planId).sort(byDue);
  }

  async markActionDone(
    planId: string,
    actionId: string,
    by: string,
    at: Date,
  ): Promise<PlanAction | undefined> {
    const key = `${planId}#${actionId}`;
    const action = this.actions.get(key);
    if (!action || action.doneAt) return action;
    const done = { ...action, doneBy: by, doneAt: at };
    this.actions.set(key, done);
    return done;
  }
}
