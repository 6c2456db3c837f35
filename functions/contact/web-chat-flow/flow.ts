// The chat contact flow of a booked web chat (docs/web-chat.md, "In AWS"), as an Amazon Connect Flow
// language document (Version 2019-10-30; shapes as in the Connect API Reference, one page per action).

/** The steps of a booked web chat's flow, in the order the victim meets them. */
export type WebChatFlowStep =
  | 'greet'
  | 'to-caseworker'
  | 'to-caseworkers-queue'
  | 'transfer'
  | 'sorry'
  | 'disconnect';

export interface WebChatFlowAction {
  readonly Identifier: WebChatFlowStep;
  readonly Type:
    | 'MessageParticipant'
    | 'UpdateContactTargetQueue'
    | 'TransferContactToQueue'
    | 'DisconnectParticipant';
  readonly Parameters: Readonly<Record<string, unknown>>;
  readonly Transitions: {
    readonly NextAction?: WebChatFlowStep;
    readonly Errors?: readonly {
      readonly NextAction: WebChatFlowStep;
      readonly ErrorType: 'NoMatchingError' | 'QueueAtCapacity';
    }[];
  };
}

export interface WebChatFlowDocument {
  readonly Version: '2019-10-30';
  readonly StartAction: WebChatFlowStep;
  readonly Actions: readonly WebChatFlowAction[];
}

/** The contact attribute the project's API sets to the case's caseworker's Connect user ARN, when allocated. */
export const AGENT_ARN_ATTRIBUTE = 'agentArn';

export const WEB_CHAT_PROMPTS = {
  greeting: 'Thank you for joining your Victim First web chat. Your caseworker will be with you shortly.',
  sorry: 'Sorry, we cannot connect your web chat just now. Please phone Victim First on the free number.',
} as const;

const onError = (next: WebChatFlowStep) => [{ NextAction: next, ErrorType: 'NoMatchingError' }] as const;

/**
 * The victim is greeted, the working queue set to their caseworker's own agent queue (the `agentArn`
 * attribute) or, without one or when it fails, the caseworkers queue, and the chat transferred to it; a
 * failure anywhere says sorry and ends the chat. No personal data is read or said.
 */
export function webChatFlow(resources: { readonly caseworkersQueueArn: string }): WebChatFlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'greet',
    Actions: [
      {
        Identifier: 'greet',
        Type: 'MessageParticipant',
        Parameters: { Text: WEB_CHAT_PROMPTS.greeting },
        Transitions: { NextAction: 'to-caseworker', Errors: onError('to-caseworker') },
      },
      {
        Identifier: 'to-caseworker',
        Type: 'UpdateContactTargetQueue',
        Parameters: { AgentId: `$.Attributes.${AGENT_ARN_ATTRIBUTE}` },
        Transitions: { NextAction: 'transfer', Errors: onError('to-caseworkers-queue') },
      },
      {
        Identifier: 'to-caseworkers-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: resources.caseworkersQueueArn },
        Transitions: { NextAction: 'transfer', Errors: onError('sorry') },
      },
      {
        // TransferContactToQueue: on success the chat is queued and this flow ends.
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          Errors: [
            { NextAction: 'sorry', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'sorry', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      {
        Identifier: 'sorry',
        Type: 'MessageParticipant',
        Parameters: { Text: WEB_CHAT_PROMPTS.sorry },
        Transitions: { NextAction: 'disconnect', Errors: onError('disconnect') },
      },
      { Identifier: 'disconnect', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}
