/** One victim's answers to the independent survey the police run for Lot 1 (docs/intake-formats.md). */
export interface SurveyResult {
  readonly caseId: string;
  /** The local date the victim was surveyed, `YYYY-MM-DD`: places the answer in a quarter. */
  readonly surveyedOn: string;
  /** Enabled to cope and recover; absent when the survey did not ask or the victim did not say. */
  readonly copedAndRecovered?: boolean;
  /** Satisfied with the support; absent when not asked or not said. */
  readonly satisfied?: boolean;
  /** The file it came from (its id) and its row, for the operators. */
  readonly fileId: string;
  readonly row: number;
  readonly importedAt: Date;
}

/** A survey result's key: one answer per case and survey date, so the same file taken twice adds nothing. */
export const surveyKey = (result: Pick<SurveyResult, 'caseId' | 'surveyedOn'>) =>
  `${result.caseId}#${result.surveyedOn}`;

/** Two results oldest first, then by case. */
export const bySurveyDate = (a: SurveyResult, b: SurveyResult) =>
  a.surveyedOn.localeCompare(b.surveyedOn) || a.caseId.localeCompare(b.caseId);
