import type { S3Event } from 'aws-lambda';
import {
  type KeepChatTranscriptDeps,
  keepChatTranscript,
} from '../../../shared/application/connect-chat-transcript.ts';
import { ConnectChatTranscript } from '../../../shared/domain/connect-transcript.ts';
import type { Clock } from '../../../shared/ports/clock.ts';
import type { ObjectStore } from '../../../shared/ports/object-store.ts';
import { lambdaHandler } from '../../lambda-handler.ts';
import { logger } from '../../logger.ts';

export interface KeepChatTranscriptFunctionDeps extends KeepChatTranscriptDeps {
  readonly objects: ObjectStore;
  readonly clock: Clock;
}

/** A chat transcript is at most this large (a 60-minute chat is far smaller). */
export const TRANSCRIPT_MAX_BYTES = 5 * 1024 * 1024;

/** What became of each transcript file. */
export type TranscriptOutcome =
  | { readonly status: 'kept'; readonly caseId: string; readonly lines: number }
  | { readonly status: 'ignored'; readonly reason: 'no-case' | 'not-a-transcript' };

/**
 * Amazon Connect wrote a chat transcript to the private-data bucket (the instance's CHAT_TRANSCRIPTS
 * storage): it is read, its case found from the contact's `caseId` attribute, and kept on the case as the
 * stand-in chat's transcript is (shared/application/connect-chat-transcript.ts). Safe to retry.
 */
export function createKeepChatTranscript(deps: KeepChatTranscriptFunctionDeps) {
  return lambdaHandler(async (event: S3Event): Promise<TranscriptOutcome[]> => {
    const outcomes: TranscriptOutcome[] = [];
    for (const record of event.Records) {
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const bytes = await deps.objects.get(record.s3.bucket.name, key, TRANSCRIPT_MAX_BYTES);
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        json = undefined;
      }
      const parsed = ConnectChatTranscript.safeParse(json);
      if (!parsed.success) {
        logger.error('chat transcript unreadable', { key });
        outcomes.push({ status: 'ignored', reason: 'not-a-transcript' });
        continue;
      }
      const kept = await keepChatTranscript(deps, parsed.data, deps.clock.now());
      if (kept === 'no-case') {
        logger.warn('chat transcript has no case', { contactId: parsed.data.ContactId });
        outcomes.push({ status: 'ignored', reason: 'no-case' });
        continue;
      }
      logger.info('chat transcript kept', { caseId: kept.chat.caseId, lines: kept.lines.length });
      outcomes.push({ status: 'kept', caseId: kept.chat.caseId, lines: kept.lines.length });
    }
    return outcomes;
  });
}
