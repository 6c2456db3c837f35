import { z } from 'zod';
import { CHAT_MESSAGE_MAX, type ChatMessage, chatOrder } from './web-chat.ts';

// Amazon Connect's chat transcript as it lands in the instance's S3 storage (admin guide, "Sample chat
// transcript"; items as in the Participant Service's Item): the contact, then every message and event.

const TranscriptItem = z.object({
  Id: z.string().min(1),
  Type: z.string(),
  ContentType: z.string().optional(),
  Content: z.string().optional(),
  ParticipantRole: z.string().optional(),
  AbsoluteTime: z.iso.datetime({ offset: true }),
});

export const ConnectChatTranscript = z.object({
  InstanceId: z.string().optional(),
  InitialContactId: z.string().min(1).optional(),
  ContactId: z.string().min(1),
  Transcript: z.array(TranscriptItem),
});
export type ConnectChatTranscript = z.infer<typeof ConnectChatTranscript>;

/** The contact the chat was started as (the transcript of a transferred chat names both). */
export const initialContactOf = (transcript: ConnectChatTranscript): string =>
  transcript.InitialContactId ?? transcript.ContactId;

/**
 * The transcript's messages as the case's chat lines: the customer's are the victim's, an agent's the
 * caseworker's; events, system messages and attachments are left out. A message longer than a chat line is
 * kept whole as consecutive lines (`<Id>`, `<Id>.2`, …), each keyed by the Connect item's id.
 */
export function chatLinesOf(caseId: string, transcript: ConnectChatTranscript): ChatMessage[] {
  const lines: ChatMessage[] = [];
  for (const item of transcript.Transcript) {
    const from =
      item.ParticipantRole === 'CUSTOMER'
        ? 'victim'
        : item.ParticipantRole === 'AGENT'
          ? 'caseworker'
          : undefined;
    if (item.Type !== 'MESSAGE' || !from || !item.Content) continue;
    if (item.ContentType !== undefined && !item.ContentType.startsWith('text/')) continue;
    for (let start = 0, part = 1; start < item.Content.length; start += CHAT_MESSAGE_MAX, part++)
      lines.push({
        caseId,
        messageId: part === 1 ? item.Id : `${item.Id}.${part}`,
        from,
        text: item.Content.slice(start, start + CHAT_MESSAGE_MAX),
        at: new Date(item.AbsoluteTime),
      });
  }
  return lines.sort(chatOrder);
}

/** When the chat ended: its last item. */
export const endOf = (transcript: ConnectChatTranscript): Date | undefined =>
  transcript.Transcript.map((item) => new Date(item.AbsoluteTime)).sort(
    (a, b) => b.getTime() - a.getTime(),
  )[0];
