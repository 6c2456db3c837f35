/** A chat contact as started for the victim's browser. */
export interface StartedChatContact {
  readonly contactId: string;
  readonly participantId: string;
  /** What amazon-connect-chatjs needs in the victim's browser; never kept or logged. */
  readonly participantToken: string;
}

/**
 * Booked web chats as Amazon Connect chat contacts (docs/web-chat.md, "In AWS"): started for a case once
 * the one-time link's checks pass, and a contact's case found again when its transcript lands.
 */
export interface ChatContacts {
  /**
   * Starts the case's chat, or answers the one already started for it. `agentArn` is the caseworker's
   * Amazon Connect user when they have one: the chat flow routes the chat to them.
   */
  start(request: {
    caseId: string;
    expiresAt: Date;
    at: Date;
    agentArn?: string;
  }): Promise<StartedChatContact>;
  /** The case a chat contact was started for (its `caseId` attribute), if any. */
  caseOf(contactId: string): Promise<string | undefined>;
}
