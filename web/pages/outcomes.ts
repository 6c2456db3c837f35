import { randomUUID } from 'node:crypto';
import { importPoliceSurvey } from '../../shared/application/import-survey.ts';
import { intakeFileId } from '../../shared/application/ingest.ts';
import { localDateOf } from '../../shared/domain/calendar.ts';
import { FORM_KEY_FIELD, FORM_KEY_MESSAGE, isFormKey } from '../../shared/domain/form-key.ts';
import { InvalidDownloadError } from '../../shared/domain/intake/police-download.ts';
import { POLICE_SURVEY_LIMITS, parsePoliceSurvey } from '../../shared/domain/intake/police-survey.ts';
import {
  DEFAULT_TARGETS,
  isFinancialYear,
  readTargetForm,
  TARGET_DEFINITIONS,
  targetsForYear,
} from '../../shared/domain/outcomes/targets.ts';
import { quarterOf } from '../../shared/domain/reporting/quarters.ts';
import type { AuditLog } from '../../shared/ports/audit-log.ts';
import type { CaseStore } from '../../shared/ports/case-store.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import type { OutcomeStore } from '../../shared/ports/outcomes.ts';
import { redirect, type WebResponse } from '../http.ts';
import { actorOf, type PageContext, type PageKit, type SignedInContext } from './page-kit.ts';

export interface OutcomePagesDeps {
  readonly outcomes: OutcomeStore;
  readonly store: Pick<CaseStore, 'getCase' | 'quarantine'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly clock: Clock;
}

const london = (at: Date) =>
  at.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
const percent = (value: number | undefined) => (value === undefined ? 'No target' : `${value}%`);

/**
 * The analyst's police survey upload and the administrator's targets (docs/outcomes.md). The upload takes
 * the CSV the police send: good rows are kept, bad rows are reported by row number in the error summary and
 * quarantined; the same file taken twice changes nothing.
 */
export function createOutcomePages(kit: PageKit, deps: OutcomePagesDeps) {
  async function surveysPage(ctx: PageContext, fileError?: string): Promise<WebResponse> {
    return kit.render(
      ctx,
      'surveys',
      {
        title: 'Import the police survey',
        maxMiB: POLICE_SURVEY_LIMITS.maxBytes / 1024 / 1024,
        ...(fileError
          ? { fileError: { text: fileError }, errorSummary: [{ text: fileError, href: '#file' }] }
          : {}),
      },
      fileError ? 400 : 200,
    );
  }

  async function surveysPost(ctx: SignedInContext): Promise<WebResponse> {
    const file = ctx.request.files?.file;
    if (!file || file.bytes.byteLength === 0)
      return surveysPage(ctx, 'Select the police survey file (a CSV)');
    if (!/\.csv$/i.test(file.name)) return surveysPage(ctx, 'The selected file must be a CSV');
    let rows: ReturnType<typeof parsePoliceSurvey>;
    try {
      rows = parsePoliceSurvey(file.bytes, localDateOf(deps.clock.now()));
    } catch (error) {
      if (error instanceof InvalidDownloadError)
        return surveysPage(ctx, `The selected file cannot be read: its ${error.message}`);
      throw error;
    }
    const name = file.name.replace(/^.*[\\/]/, '').slice(-120);
    const summary = await importPoliceSurvey(rows, { name, fileId: intakeFileId(name, file.bytes) }, deps);
    const refused = [...new Set(summary.errors.map((e) => e.row))].map((row) => ({
      row,
      reasons: summary.errors
        .filter((e) => e.row === row)
        .map((e) => (e.field === '(row)' ? e.message : `${e.field} ${e.message}`)),
    }));
    return kit.render(ctx, 'surveys', {
      title: 'Import the police survey',
      maxMiB: POLICE_SURVEY_LIMITS.maxBytes / 1024 / 1024,
      summary,
      refused,
      ...(refused.length > 0
        ? {
            errorSummaryTitle: `${refused.length} ${refused.length === 1 ? 'row was' : 'rows were'} not imported`,
            errorSummary: refused.map((r) => ({
              text: `Row ${r.row}: ${r.reasons.join('; ')}`,
              href: `#row-${r.row}`,
            })),
          }
        : {}),
    });
  }

  async function targetsPage(
    ctx: PageContext,
    problem?: { field: string; text: string; entered: Record<string, string> },
  ) {
    const asked = ctx.request.query.year ?? problem?.entered.year;
    const year = asked && isFinancialYear(asked) ? asked : quarterOf(deps.clock.now()).financialYear;
    const [held, history] = await Promise.all([
      deps.outcomes.listTargets(year),
      deps.outcomes.targetHistory(year),
    ]);
    const targets = targetsForYear(year, held).map((t) => ({
      ...t,
      label: TARGET_DEFINITIONS[t.measure].label,
      lot: TARGET_DEFINITIONS[t.measure].lot,
      shown: percent(t.percentage),
      setBy: t.setBy ?? (t.percentage === undefined ? '—' : 'The contract'),
    }));
    const saved = ctx.request.query.saved === '1';
    return kit.render(
      ctx,
      'targets',
      {
        title: `Targets for ${year.replace('-', '/')}`,
        year,
        targets,
        measureItems: targets.map((t) => ({
          value: t.measure,
          text: t.label,
          checked: (problem?.entered.measure ?? '') === t.measure,
        })),
        history: history.map((c, i) => ({
          label: TARGET_DEFINITIONS[c.measure].label,
          // The first change to a measure replaced the contract's default, if it had one.
          from:
            c.from === undefined && !history.slice(i + 1).some((earlier) => earlier.measure === c.measure)
              ? percent(DEFAULT_TARGETS[c.measure])
              : percent(c.from),
          to: percent(c.to),
          by: c.by,
          at: london(c.at),
        })),
        formKey: randomUUID(),
        entered: problem?.entered ?? {},
        ...(problem
          ? {
              errors: { [problem.field]: { text: problem.text } },
              errorSummary: [{ text: problem.text, href: `#${problem.field}` }],
            }
          : saved
            ? { banner: 'Target saved.' }
            : {}),
      },
      problem ? 400 : 200,
    );
  }

  async function targetsPost(ctx: SignedInContext): Promise<WebResponse> {
    const form = ctx.request.form;
    const entered = { measure: form.measure ?? '', percentage: form.percentage ?? '', year: form.year ?? '' };
    if (!isFinancialYear(entered.year))
      return targetsPage(ctx, {
        field: 'percentage',
        text: 'The year is not a financial year, like 2026-27',
        entered,
      });
    const read = readTargetForm(form);
    if (!read.ok) {
      const first = read.errors[0] as { field: string; message: string };
      return targetsPage(ctx, { field: first.field, text: first.message, entered });
    }
    const key = form[FORM_KEY_FIELD];
    if (!isFormKey(key)) return targetsPage(ctx, { field: 'percentage', text: FORM_KEY_MESSAGE, entered });
    const change = await deps.outcomes.setTarget({
      changeId: key,
      year: entered.year,
      measure: read.measure,
      ...(read.percentage === undefined ? {} : { to: read.percentage }),
      by: ctx.session.user,
      at: deps.clock.now(),
    });
    const actor = actorOf(ctx);
    await deps.audit.record({
      caseId: `TARGETS-${entered.year.replace('-', '')}`,
      user: actor.by,
      role: actor.role,
      ...(actor.requestId ? { requestId: actor.requestId } : {}),
      action: 'changed',
      what: 'target:set',
      at: change.at,
      entryId: `target.${key}`,
    });
    return redirect(`/targets?year=${encodeURIComponent(entered.year)}&saved=1`);
  }

  return { surveysPage, surveysPost, targetsPage, targetsPost };
}
