import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamoDbAgencyList } from '../../shared/adapters/dynamodb/agencies.ts';
import { DynamoDbComplaints } from '../../shared/adapters/dynamodb/complaints.ts';
import { DynamoDbContactLog } from '../../shared/adapters/dynamodb/contact-log.ts';
import { DynamoDbGroupSessions } from '../../shared/adapters/dynamodb/group-sessions.ts';
import { DynamoDbOutcomeStore } from '../../shared/adapters/dynamodb/outcomes.ts';
import { DynamoDbQuickQuestions } from '../../shared/adapters/dynamodb/quick-questions.ts';
import { DynamoDbSupportStore } from '../../shared/adapters/dynamodb/support-store.ts';
import { DynamoDbThJobStore } from '../../shared/adapters/dynamodb/target-hardening-jobs.ts';
import { DynamoDbThReferralStore } from '../../shared/adapters/dynamodb/target-hardening-referrals.ts';
import { DynamoDbTaskStore } from '../../shared/adapters/dynamodb/task-store.ts';
import { FolderReturnStore } from '../../shared/adapters/local/folder-return-store.ts';
import { gatherReturnInputs } from '../../shared/application/gather-return-inputs.ts';
import { raiseImprovementPlans } from '../../shared/application/improvement-plans.ts';
import { monthlySummary } from '../../shared/application/monthly-summary.ts';
import { computeReturn } from '../../shared/domain/reporting/compute.ts';
import { InvalidMonthError, type Month, parseMonth } from '../../shared/domain/reporting/months.ts';
import type { QuarterlyReturn } from '../../shared/domain/reporting/quarterly-return.ts';
import { InvalidQuarterError, parseQuarter, quarterSpan } from '../../shared/domain/reporting/quarters.ts';
import { RETURN_FORMATS } from '../../shared/domain/reporting/return-formats.ts';
import { productLimitsFrom } from '../../shared/domain/target-hardening.ts';
import { renderReturn } from '../../shared/rendering/reporting/render-return.ts';
import { dataDirectory, LOCAL_TABLE_NAME, openLocalStore, reportsDirectory } from '../environment.ts';
import { type Output, UsageError } from './output.ts';

export const REPORT_FORMATS = RETURN_FORMATS;
type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The quarter's return from the local system's data, as the scheduled function makes it in AWS. */
export async function localQuarterlyReturn(
  quarterName: string,
  dataDir = dataDirectory(),
): Promise<QuarterlyReturn> {
  let quarter: ReturnType<typeof parseQuarter>;
  try {
    quarter = parseQuarter(quarterName);
  } catch (error) {
    if (error instanceof InvalidQuarterError) throw new UsageError(`--quarter ${error.message}`);
    throw error;
  }
  const local = await openLocalStore(dataDir);
  try {
    const inputs = await gatherReturnInputs(
      {
        store: local.store,
        support: new DynamoDbSupportStore(local.client, LOCAL_TABLE_NAME),
        referrals: new DynamoDbThReferralStore(local.client, LOCAL_TABLE_NAME),
        jobs: new DynamoDbThJobStore(local.client, LOCAL_TABLE_NAME),
        agencies: new DynamoDbAgencyList(local.client, LOCAL_TABLE_NAME),
        contacts: new DynamoDbContactLog(local.client, LOCAL_TABLE_NAME),
        groupSessions: new DynamoDbGroupSessions(local.client, LOCAL_TABLE_NAME),
        quickQuestions: new DynamoDbQuickQuestions(local.client, LOCAL_TABLE_NAME),
        complaints: new DynamoDbComplaints(local.client, LOCAL_TABLE_NAME),
        outcomes: new DynamoDbOutcomeStore(local.client, LOCAL_TABLE_NAME),
      },
      quarter,
      productLimitsFrom(process.env).annualBudgetPence,
      new Date(),
    );
    const report = computeReturn(inputs);
    // As the scheduled function does: a missed target raises its improvement plan and task, once.
    await raiseImprovementPlans(report, new Date(), {
      outcomes: new DynamoDbOutcomeStore(local.client, LOCAL_TABLE_NAME),
      tasks: new DynamoDbTaskStore(local.client, LOCAL_TABLE_NAME),
    });
    return report;
  } finally {
    await local.close();
  }
}

/**
 * `vf report quarterly --quarter 2026/27-Q2 --format csv|json|html|pdf [--out FILE]`: the commissioner's
 * return from what the local system recorded, written to a file: by default into the local returns store
 * (`<data>/reports/<2026-27-Q2>.<format>`), where the local web app lists it for the analyst. With
 * `json`, standard output also ends with one line `{quarter, from, to, producedAt, measures}`.
 */
export async function reportQuarterlyCommand(
  options: { quarter: string; format: string; out?: string },
  out: Output,
): Promise<void> {
  if (!(REPORT_FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  const format = options.format as ReportFormat;
  const dataDir = dataDirectory();
  const report = await localQuarterlyReturn(options.quarter, dataDir);
  const received = report.measures.find((m) => m.id === 'referrals-received')?.value ?? 0;
  out.line(
    `Quarterly return ${report.quarter} (${quarterSpan(parseQuarter(report.quarter))}): ${received} referrals received, ${report.measures.length} measures`,
  );
  const body = await renderReturn(report, format);
  let file: string;
  if (options.out === undefined) {
    const returns = new FolderReturnStore(reportsDirectory(dataDir));
    await returns.put(report.quarter, format, body);
    file = returns.pathOf(report.quarter, format);
  } else {
    file = options.out;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  }
  out.line(`Written to ${file}`);
  if (format === 'json') {
    out.json({
      quarter: report.quarter,
      from: report.from,
      to: report.to,
      producedAt: report.producedAt,
      measures: report.measures.map((m) => ({
        id: m.id,
        label: m.label,
        value: m.value,
        ...(m.percentage === undefined ? {} : { percentage: m.percentage }),
        ...(m.target === undefined ? {} : { target: m.target }),
        ...(m.suppressed ? { suppressed: true } : {}),
        ...(m.note ? { note: m.note } : {}),
      })),
    });
  }
}

/**
 * `vf report monthly --month 2026-05`: the monthly catch-up summary (docs/reporting.md) from what the local
 * system recorded, as the analyst's page shows it; standard output ends with the summary as one JSON line.
 */
export async function reportMonthlyCommand(options: { month: string }, out: Output): Promise<void> {
  let month: Month;
  try {
    month = parseMonth(options.month);
  } catch (error) {
    if (error instanceof InvalidMonthError) throw new UsageError(`--month ${error.message}`);
    throw error;
  }
  const local = await openLocalStore(dataDirectory());
  try {
    const summary = await monthlySummary(
      {
        store: local.store,
        contacts: new DynamoDbContactLog(local.client, LOCAL_TABLE_NAME),
        thReferrals: new DynamoDbThReferralStore(local.client, LOCAL_TABLE_NAME),
        complaints: new DynamoDbComplaints(local.client, LOCAL_TABLE_NAME),
        plans: new DynamoDbOutcomeStore(local.client, LOCAL_TABLE_NAME),
      },
      month,
    );
    out.line(
      `Monthly catch-up ${summary.title}: ${summary.referralsReceived} referrals received, ${summary.contacts} contacts with ${summary.victimsContacted} victims, ${summary.breaches} deadlines missed, ${summary.targetHardeningReferrals} target-hardening referrals, ${summary.complaintsReceived.victimFirst + summary.complaintsReceived.targetHardening} complaints, ${summary.openActions.complaints + summary.openActions.improvementPlans} actions open`,
    );
    out.json(summary);
  } finally {
    await local.close();
  }
}
