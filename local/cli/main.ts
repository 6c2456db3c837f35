import { Command, CommanderError } from 'commander';
import { InvalidDownloadError } from '../../shared/domain/intake/police-download.ts';
import { deadlinesCommand } from './deadlines.ts';
import { generatePoliceDownloadCommand } from './generate.ts';
import { ingestEmailCommand, ingestJsonCommand } from './ingest-message.ts';
import { ingestPoliceCommand } from './ingest-police.ts';
import { consoleOutput, UsageError } from './output.ts';

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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else if (error instanceof UsageError || error instanceof InvalidDownloadError) {
    consoleOutput.error(`vf: ${error.message}`);
    process.exitCode = 2;
  } else {
    consoleOutput.error(`vf: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  }
}
