import { dataDirectory } from '../environment.ts';
import { readServerRecord } from '../server/runtime-files.ts';
import { InvalidDurationError, parseDuration } from '../system/virtual-clock.ts';
import { type Output, UsageError } from './output.ts';

interface Problem {
  readonly errors?: ReadonlyArray<{ field: string; message: string }>;
}

/** `vf clock advance <duration>`: moves the running local system's virtual clock, firing every timer on the way. */
export async function clockAdvanceCommand(
  duration: string,
  options: { json?: boolean },
  out: Output,
): Promise<void> {
  try {
    parseDuration(duration);
  } catch (error) {
    if (error instanceof InvalidDurationError) throw new UsageError(`<duration>: ${error.message}`);
    throw error;
  }
  const dataDir = dataDirectory();
  const running = readServerRecord(dataDir);
  if (!running?.alive) {
    throw new UsageError(
      `no local system is running on ${dataDir}: start one with vf start --virtual-clock (VF_DATA_DIR chooses the data directory)`,
    );
  }
  const { url } = running.record;
  if (!url) throw new UsageError(`the local system on ${dataDir} is still starting: try again in a moment`);
  let response: Response;
  try {
    response = await fetch(`${url}/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: duration }),
    });
  } catch (error) {
    throw new UsageError(`the local system at ${url} does not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status === 409) {
    throw new UsageError(
      `the local system at ${url} runs on the real clock: stop it and start it with vf start --virtual-clock to advance time`,
    );
  }
  if (!response.ok) {
    const errors = (body as Problem | undefined)?.errors;
    const detail = errors?.length
      ? errors.map((e) => `${e.field === 'by' ? '<duration>' : e.field} ${e.message}`).join('; ')
      : `${response.status} ${text.slice(0, 200)}`;
    throw new UsageError(`the clock was not advanced: ${detail}`);
  }
  const { from, now } = body as { from: string; now: string };
  out.line(`Virtual clock advanced by ${duration}: ${from} → ${now}`);
  if (options.json) out.json({ from, now });
}
