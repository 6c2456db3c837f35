import './function-logs.ts';
import { Command, CommanderError } from 'commander';
import { TableDesignError } from '../../shared/adapters/dynamodb/create-table.ts';
import { InvalidDownloadError } from '../../shared/domain/intake/police-download.ts';
import { casesReindexCommand } from './cases.ts';
import { clockAdvanceCommand } from './clock.ts';
import { deadlinesCommand } from './deadlines.ts';
import { generatePoliceDownloadCommand } from './generate.ts';
import { ingestEmailCommand, ingestJsonCommand } from './ingest-message.ts';
import { ingestPoliceCommand } from './ingest-police.ts';
import { ingestSurveyCommand } from './ingest-survey.ts';
import { outboxCommand, outboxMarkCommand } from './outbox.ts';
import { consoleOutput, UsageError } from './output.ts';
import { phoneCallCommand, phoneEmergencyCommand } from './phone.ts';
import { reportMonthlyCommand, reportQuarterlyCommand } from './report.ts';
import { sessionsEndCommand } from './sessions.ts';
import { type SimulateCommandOptions, simulateCommand } from './simulate.ts';
import { DEFAULT_PORT, startCommand } from './start.ts';

const program = new Command('vf')
  .description('Victim First referral orchestration: the local system')
  .showHelpAfterError()
  .exitOverride();

const ingest = program.command('ingest').description('take referrals into the local case store');

ingest
  .command('police')
  .description('ingest a police daily download (CSV; columns in docs/intake-formats.md)')
  .argument('<file>', 'the CSV file')
  .option('--json', 'end with one line of JSON: accepted, duplicates, declined, rejected, errors')
  .action((file: string, options: { json?: boolean }) => ingestPoliceCommand(file, options, consoleOutput));

ingest
  .command('survey')
  .description("the police survey's answers (CSV; columns in docs/intake-formats.md), matched to cases")
  .argument('<file>', 'the CSV file')
  .option('--json', 'end with one line of JSON: recorded, duplicates, rejected, errors')
  .action((file: string, options: { json?: boolean }) => ingestSurveyCommand(file, options, consoleOutput));

const jsonOption = 'end with one line of JSON: {status, caseId} or {status: "rejected", errors}';
ingest
  .command('partner')
  .description('a partner-agency referral (JSON, as the partner form posts it; docs/intake-formats.md)')
  .argument('<file>', 'the JSON file')
  .option('--json', jsonOption)
  .action((file: string, options: { json?: boolean }) =>
    ingestJsonCommand('partner', file, options, consoleOutput),
  );

ingest
  .command('self-referral')
  .description('a self-referral web form submission (JSON; docs/intake-formats.md)')
  .argument('<file>', 'the JSON file')
  .option('--json', jsonOption)
  .action((file: string, options: { json?: boolean }) =>
    ingestJsonCommand('self', file, options, consoleOutput),
  );

ingest
  .command('email')
  .description('a partner or Sentinel ASB referral e-mail (raw .eml; docs/intake-formats.md)')
  .argument('<file>', 'the .eml file')
  .option('--json', jsonOption)
  .action((file: string, options: { json?: boolean }) => ingestEmailCommand(file, options, consoleOutput));

program
  .command('deadlines')
  .description('print the contractual deadlines for a referral received at a time by a contact method')
  .requiredOption('--received <iso>', 'when the referral was received (ISO 8601)')
  .requiredOption(
    '--method <method>',
    'home-telephone, mobile-telephone, work-telephone, email, post, sms or in-person',
  )
  .option('--enhanced', 'the victim is enhanced (24-hour telephone deadline)')
  .option('--json', 'print one JSON object')
  .action((options: { received: string; method: string; enhanced?: boolean; json?: boolean }) =>
    deadlinesCommand(options, consoleOutput),
  );

program
  .command('generate')
  .description('write synthetic data (clearly fictional people)')
  .command('police-download')
  .description('a police daily download in the documented CSV format')
  .requiredOption('--out <file>', 'where to write the CSV')
  .option('--rows <n>', 'how many rows', '100')
  .option('--seed <n>', 'random seed', '1')
  .option('--sample', 'the curated README sample instead of random rows')
  .action((options: { rows?: string; seed?: string; sample?: boolean; out: string }) =>
    generatePoliceDownloadCommand(options, consoleOutput),
  );

program
  .command('start')
  .description(
    'run the whole local system until Ctrl-C: DynamoDB Local, the engine, the API and task page, the police inbox',
  )
  .option('--port <port>', 'the port to serve on (0 picks a free one)', String(DEFAULT_PORT))
  .option('--virtual-clock', 'run on a virtual clock that stands still until vf clock advance moves it')
  .option(
    '--at <iso>',
    'where the virtual clock starts (ISO 8601); by default where the last run left it, or now',
  )
  .option('--verbose', "print the functions' own log lines (JSON) as well")
  .action((options: { port?: string; virtualClock?: boolean; at?: string; verbose?: boolean }) =>
    startCommand(options, consoleOutput),
  );

program
  .command('clock')
  .description("the running local system's virtual clock")
  .command('advance')
  .description('move the virtual clock on, firing every timer due on the way in time order')
  .argument('<duration>', 'how far: 90m, 2d, 1d12h or 1w')
  .option('--json', 'end with one line of JSON: {from, now}')
  .action((duration: string, options: { json?: boolean }) =>
    clockAdvanceCommand(duration, options, consoleOutput),
  );

program
  .command('simulate')
  .description(
    'simulate the service: synthetic referrals through the real intake, contact paths and task queue with a ' +
      'virtual clock. Caseworkers work the queue in service hours, each task taking minutes; victims answer ' +
      '45%, 35% and 30% of first, second and third calls; team leaders resolve safe-contact reviews on ' +
      'working days. The world it makes is kept in the local data directory (VF_DATA_DIR or .vf), replacing ' +
      "the previous simulation's: vf outbox lists what it sent, vf start --virtual-clock carries on from its end",
  )
  .option('--referrals <n>', 'how many referrals arrive', '300')
  .option('--seed <n>', 'random seed: the same seed gives the same paths and breaches', '1')
  .option(
    '--start <date>',
    'when the first referrals arrive, Europe/London: a date (at 09:00) or date and time; default ' +
      'Mon 2026-12-21T09:00, so even a short run meets a weekend and the Christmas bank holidays',
  )
  .option(
    '--per-day <n>',
    'referrals on an average day (police download each morning 07:30, partner and self-referrals through the day)',
    '50',
  )
  .option('--staff <n>', 'caseworkers on each weekday shift inside service hours; Saturday has half', '6')
  .option('--team-leaders <n>', 'team leaders on working days (safe-contact reviews)', '1')
  .option('--step <minutes>', 'minutes between the moments staff finish and pick up work', '15')
  .option(
    '--concurrency <n>',
    'executions the engine advances at once (speed only; results are the same)',
    '8',
  )
  .option(
    '--replace',
    "replace a local system's data in the data directory that no simulation made (cases, messages, letters); " +
      'without it vf simulate refuses to',
  )
  .option(
    '--resume',
    'carry on the simulation the data directory holds if it was stopped before its end (killed, even), with ' +
      'its options, ending as it would have; otherwise run as without --resume',
  )
  .option(
    '--in-memory',
    'run on an in-memory DynamoDB Local of its own and keep nothing: the data directory is not touched',
  )
  .option(
    '--json',
    'end with one line of JSON: referrals, completed, paths, breaches, deadlines, costs, wallMs, peakRssMiB',
  )
  .action((options: SimulateCommandOptions) => simulateCommand(options, consoleOutput));

const outbox = program
  .command('outbox')
  .description('every e-mail, text and letter the local system sent, with its status and file')
  .option('--json', 'end with one line of JSON: [{channel, purpose, caseId, status, file}]')
  .action((options: { json?: boolean }) => outboxCommand(options, consoleOutput));

outbox
  .command('mark')
  .description('report a local e-mail or text delivered or bounced, as its provider would')
  .argument('<caseId>', 'the case, e.g. VF-ABCDE-FGHJK')
  .argument('<messageId>', 'the message, e.g. message.support-offer.1')
  .argument('<status>', 'delivered or bounced')
  .action((caseId: string, messageId: string, status: string) =>
    outboxMarkCommand(caseId, messageId, status, consoleOutput),
  );

const report = program.command('report').description("the commissioner's returns");

report
  .command('monthly')
  .description(
    "the monthly catch-up summary for the commissioner's office: a month's referrals, contacts, missed deadlines and target-hardening referrals",
  )
  .requiredOption('--month <month>', 'a month, e.g. 2026-05 (May 2026)')
  .action((options: { month: string }) => reportMonthlyCommand(options, consoleOutput));

report
  .command('quarterly')
  .description(
    'the quarterly return (every Lot 1 and Lot 2 measure) from what the local system recorded: CSV, JSON, or the HTML and PDF overview with charts',
  )
  .requiredOption('--quarter <name>', 'a financial-year quarter, e.g. 2026/27-Q2 (July to September 2026)')
  .option('--format <format>', 'csv, json, html or pdf', 'json')
  .option(
    '--out <file>',
    'where to write it (default: <data>/reports/<2026-27-Q2>.<format>, which the local web app lists for the analyst)',
  )
  .action((options: { quarter: string; format: string; out?: string }) =>
    reportQuarterlyCommand(options, consoleOutput),
  );

const phone = program.command('phone').description('calls a line of the local Amazon Connect stand-in');

phone
  .command('call')
  .description(
    "the 0800 line for victims, played through the contact flow the CDK app deploys: out of service hours the caller hears when the line is open; in hours the caller's number finds their case, the call goes to the case's caseworker (or the call-takers when they are away or there is no case), and when it ends it is logged as a telephone contact on the case",
  )
  .requiredOption('--from <number>', 'the number called from, e.g. "07700 900036"')
  .option('--at <iso>', "when the call is made (ISO 8601); by default the local system's time")
  .option('--minutes <n>', 'how long the call lasts once answered', '12')
  .option('--caseworker-away', "the case's caseworker is not available: the call-takers take it")
  .option('--json', 'end with one line of JSON: {contactId, at, heard, caseId, queued, takenBy, logged}')
  .action(
    (options: { from: string; at?: string; minutes?: string; caseworkerAway?: boolean; json?: boolean }) =>
      phoneCallCommand(options, consoleOutput),
  );

phone
  .command('emergency')
  .description(
    'the emergency target-hardening line: keys a referrer number, PIN and referral number, as a caller would; makes the emergency job (attend within 4 hours) and alerts the contractor. After 5 numbers or PINs not recognised in 15 minutes, from one calling number or for one referrer, the line refuses calls until the 15 minutes end',
  )
  .requiredOption(
    '--referrer <digits>',
    "the referrer's six-digit number (local: 300001 for the domestic and sexual abuse service)",
  )
  .requiredOption('--pin <digits>', "the referrer's PIN, 6 to 8 digits (local: 246813 for referrer 300001)")
  .requiredOption('--reference <digits>', 'the six-digit target-hardening referral number')
  .option('--from <number>', 'the calling number (default: a synthetic 07700 900000)')
  .option('--json', "end with one line of JSON: the function's answer {result, message, jobId}")
  .action((options: { referrer: string; pin: string; reference: string; from?: string; json?: boolean }) =>
    phoneEmergencyCommand(options, consoleOutput),
  );

program
  .command('sessions')
  .description("the web app's sessions on the local table")
  .command('end')
  .description(
    "end every open session of one of the local people, as an administrator's change of their roles does in " +
      'AWS: each browser signed in as them is sent to sign in on its next request',
  )
  .argument('<user>', 'the local person, e.g. team.leader or caseworker.one')
  .option('--json', 'end with one line of JSON: {user, ended}')
  .action((user: string, options: { json?: boolean }) => sessionsEndCommand(user, options, consoleOutput));

program
  .command('cases')
  .description('the cases on the local table')
  .command('reindex')
  .description(
    "rewrite every case's search keys from the case as stored, as the rebuild-search-keys function does in AWS: " +
      "cases stored before a kind of key existed (the 0800 line's phone keys) are found by it; running it again " +
      'writes the same keys',
  )
  .option('--json', 'end with one line of JSON: {casesRead, keysWritten}')
  .action((options: { json?: boolean }) => casesReindexCommand(options, consoleOutput));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (
    error instanceof UsageError ||
    error instanceof InvalidDownloadError ||
    error instanceof TableDesignError
  ) {
    consoleOutput.error(`vf: ${error.message}`);
    process.exitCode = 2;
  } else {
    consoleOutput.error(`vf: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
