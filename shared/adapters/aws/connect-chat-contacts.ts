import {
  type ConnectClient,
  GetContactAttributesCommand,
  ResourceNotFoundException,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import type { ChatContacts, StartedChatContact } from '../../ports/chat-contacts.ts';

/** The contact attribute naming the chat's case (the chat flow sets the queue from the case's caseworker). */
export const CASE_ID_ATTRIBUTE = 'caseId';
/** The contact attribute naming the caseworker's agent (the chat flow's "Set working queue" by agent). */
const AGENT_ARN_ATTRIBUTE = 'agentArn';
/** The victim's display name in Connect: no personal data. */
export const VICTIM_DISPLAY_NAME = 'Victim';
/** Connect's shortest chat duration; a chat lasts at least this long. */
export const CHAT_MINUTES_MIN = 60;

/** Minutes from now to the end of the slot, at least Connect's minimum. */
export const chatMinutes = (expiresAt: Date, at: Date): number =>
  Math.max(CHAT_MINUTES_MIN, Math.ceil((expiresAt.getTime() - at.getTime()) / 60_000));

/**
 * Booked web chats on Amazon Connect: StartChatContact on the chat contact flow, the case id (and the
 * caseworker's agent, when they have one) as the only attributes, the victim as "Victim", lasting to the end of the slot. The client token is the case's, so a
 * page drawn again (or a retry) gets the same chat rather than a second one.
 */
export class ConnectChatContacts implements ChatContacts {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
    private readonly contactFlowId: string,
  ) {}

  async start(request: {
    caseId: string;
    expiresAt: Date;
    at: Date;
    agentArn?: string;
  }): Promise<StartedChatContact> {
    const started = await this.client.send(
      new StartChatContactCommand({
        InstanceId: this.instanceId,
        ContactFlowId: this.contactFlowId,
        Attributes: {
          [CASE_ID_ATTRIBUTE]: request.caseId,
          ...(request.agentArn ? { [AGENT_ARN_ATTRIBUTE]: request.agentArn } : {}),
        },
        ParticipantDetails: { DisplayName: VICTIM_DISPLAY_NAME },
        ChatDurationInMinutes: chatMinutes(request.expiresAt, request.at),
        ClientToken: `web-chat.${request.caseId}`,
      }),
    );
    const { ContactId, ParticipantId, ParticipantToken } = started;
    if (!ContactId || !ParticipantId || !ParticipantToken)
      throw new Error('StartChatContact answered without a contact, participant or token');
    return {
      contactId: ContactId,
      participantId: ParticipantId,
      participantToken: ParticipantToken,
    };
  }

  async caseOf(contactId: string): Promise<string | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new GetContactAttributesCommand({ InstanceId: this.instanceId, InitialContactId: contactId }),
      );
      return Attributes?.[CASE_ID_ATTRIBUTE];
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }
}
