import type { SimulationOptions } from './options.ts';
import type { SimulationReport } from './simulation.ts';

const pad = (text: string | number, width: number) => String(text).padEnd(width);
const padLeft = (text: string | number, width: number) => String(text).padStart(width);
const percent = (part: number, whole: number) =>
  whole === 0 ? '—' : `${((100 * part) / whole).toFixed(1)}%`;

/** The report as people read it. */
export function reportLines(report: SimulationReport, options: SimulationOptions): string[] {
  const lines: string[] = [];
  lines.push(
    `Simulated ${report.referrals} referrals (seed ${options.seed}) from ${report.simulatedFrom} over ${report.simulatedDays} days`,
  );
  lines.push(
    `  arrivals     police download ${report.arrivals.police}, partner ${report.arrivals.partner}, self-referral ${report.arrivals.self}`,
  );
  lines.push(
    `  staff        ${options.staff} caseworkers a weekday shift (${Math.ceil(options.staff / 2)} on Saturdays), ${options.teamLeaders} team leader(s)`,
  );
  lines.push(`  completed    ${report.completed} of ${report.opened} contact paths ended`);
  lines.push('');
  lines.push('Paths (final result per referral)');
  for (const [path, n] of Object.entries(report.paths).sort(([, a], [, b]) => b - a)) {
    lines.push(`  ${pad(path, 24)} ${padLeft(n, 6)}  ${padLeft(percent(n, report.referrals), 6)}`);
  }
  lines.push('');
  lines.push('Deadlines by rule                met  breached  at risk');
  for (const [rule, { met, breached }] of Object.entries(report.deadlines)) {
    if (met + breached === 0 && !report.atRisk[rule]) continue;
    lines.push(
      `  ${pad(rule, 28)} ${padLeft(met, 5)} ${padLeft(breached, 9)} ${padLeft(report.atRisk[rule] ?? 0, 8)}`,
    );
  }
  lines.push('');
  lines.push('Messages');
  for (const [channel, byStatus] of Object.entries(report.messages)) {
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const statuses = Object.entries(byStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(', ');
    lines.push(`  ${pad(channel, 24)} ${padLeft(total, 6)}  (${statuses})`);
  }
  lines.push('');
  lines.push('Tasks completed');
  for (const [type, n] of Object.entries(report.tasksCompleted))
    lines.push(`  ${pad(type, 24)} ${padLeft(n, 6)}`);
  if (report.lateCompletionsRefused > 0) {
    lines.push(`  ${pad('refused (deadline passed)', 24)} ${padLeft(report.lateCompletionsRefused, 6)}`);
  }
  lines.push('');
  const { contactsLogged, casesClosed } = report.furtherSupport;
  const closed = Object.values(casesClosed).reduce((a, b) => a + b, 0);
  lines.push('Further support (after first contact)');
  lines.push(`  ${pad('contacts logged', 24)} ${padLeft(contactsLogged, 6)}`);
  lines.push(
    `  ${pad('cases closed', 24)} ${padLeft(closed, 6)}${
      closed > 0
        ? `  (${Object.entries(casesClosed)
            .map(([reason, n]) => `${reason} ${n}`)
            .join(', ')})`
        : ''
    }`,
  );
  lines.push('');
  lines.push(
    `State transitions  ${report.transitions} (${report.transitionsPerReferral} per referral); Step Functions $${report.costPerReferralUsd.toFixed(6)} per referral at $0.025 per 1,000`,
  );
  lines.push(
    `Wall time ${(report.wallMs / 1000).toFixed(1)} s; peak memory ${report.peakRssMiB} MiB${report.databasePeakRssMiB === undefined ? '' : ` (DynamoDB Local ${report.databasePeakRssMiB} MiB)`}`,
  );
  return lines;
}
