import { randomUUID } from 'node:crypto';
import type { CallAnswer } from '../../functions/target-hardening/connect-emergency/connect-emergency.ts';
import { dataDirectory } from '../environment.ts';
import { connectEmergencyEvent, localContext } from '../lambda-events.ts';
import { openLocalSystemAtItsTime } from './local-time.ts';
import type { Output } from './output.ts';

/**
 * `vf phone emergency --referrer N --pin P --reference R [--from NUMBER]`: a call to the emergency
 * target-hardening line, as Amazon Connect's contact flow makes it — the keyed digits sent to the connect
 * function in a Connect-shaped event, from the calling number given (a synthetic one by default).
 * Prints what the caller would hear; with `--json`, the function's attribute map as the last line.
 */
export async function phoneEmergencyCommand(
  options: { referrer: string; pin: string; reference: string; from?: string; json?: boolean },
  out: Output,
): Promise<void> {
  const { system, running } = await openLocalSystemAtItsTime(dataDirectory());
  try {
    const answer = (await system.handlers.connectEmergency(
      connectEmergencyEvent(
        { referrer: options.referrer, pin: options.pin, reference: options.reference },
        randomUUID(),
        ...(options.from === undefined ? [] : [options.from]),
      ),
      localContext('connect-emergency', 8000),
    )) as CallAnswer;
    // Without vf start, the job's first steps (the contractor's alert) run now; with it, its engine runs them.
    if (!running) await system.engine.runDue();
    out.line(answer.message);
    if (options.json) out.json(answer);
    if (answer.result !== 'created' && answer.result !== 'existing') process.exitCode = 1;
  } finally {
    await system.close();
  }
}
