import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { standardStateMachine, type WorkflowProps, workflowSteps } from '../standard-state-machine.ts';
import { timedTask } from '../timed-task.ts';

/** The functions a booked web chat calls (from functions/registry.ts). */
export interface WebChatFunctions {
  readonly sendMessage: IFunction;
  readonly createTask: IFunction;
  readonly recordCaseEvent: IFunction;
}

export interface WebChatProps extends WorkflowProps {
  readonly functions: WebChatFunctions;
}

// The chat task is open from the slot for the rest of the working day; one not recorded by then is recorded
// on the case as timed out, for the team leader to see.
const CHAT_WINDOW = Duration.hours(12);

/**
 * A self-referrer's booked web chat (docs/web-chat.md): intake starts it when the referral books a slot.
 * The booking is confirmed on the victim's safe channel with the chat's one-time link (send-message books
 * the chat and issues the link); at the slot a "Web chat" task is raised for the case's caseworker, or the
 * caseworkers' queue when the case has none, and one not recorded in time is recorded as timed out.
 * Execution name = `<caseId>.web-chat`; input `{ caseId, chatAt, channel? }` — an id, an instant and a code.
 */
export class WebChatBooking extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WebChatProps) {
    super(scope, id);
    const fn = props.functions;
    const { invoke, recorder } = workflowSteps(this, [fn.sendMessage]);

    const take = sfn.Pass.jsonata(this, 'Take the booking', { assign: { chat: '{% $states.input %}' } });
    const recordEvent = recorder(fn.recordCaseEvent, { caseId: '{% $chat.caseId %}' });

    // At the slot, the chat's task for the case's caseworker (the caseworkers' queue when it has none).
    const waitForSlot = timedTask(this, {
      names: {
        task: 'Web chat with the victim',
        recordMissed: 'Record the chat missed',
        missed: 'Chat missed',
        done: 'Chat recorded',
      },
      waitUntil: { name: 'Wait for the slot', time: '{% $chat.chatAt %}' },
      createTask: fn.createTask,
      recordEvent,
      caseId: '$chat.caseId',
      task: {
        type: 'web-chat',
        queue: 'caseworkers',
        priority: 1,
        due: '{% $fromMillis($toMillis($chat.chatAt) + 30 * 60 * 1000) %}',
        attempt: 1,
        forOwner: true,
      },
      taskId: "$chat.caseId & '.web-chat.1'",
      window: CHAT_WINDOW,
      missedReason: 'web chat not recorded within twelve hours of its slot',
    });
    const confirm = invoke('Confirm the booking', fn.sendMessage, {
      caseId: '{% $chat.caseId %}',
      purpose: 'web-chat-booking-confirmation',
      channel: '{% $chat.channel %}',
      attempt: 1,
    });
    // Refused (unsafe after all, undeliverable, the recipient's allowance taken): the chat goes ahead
    // unconfirmed, and the caseworker sees why on the timeline (send-message recorded it).
    const unconfirmed = (name: string, reason: string) =>
      recordEvent(name, {
        eventId: 'web-chat-not-confirmed',
        type: 'web-chat-not-confirmed',
        detail: { reason },
      }).next(waitForSlot);
    confirm.addCatch(unconfirmed('Record confirmation refused', 'confirmation refused'), {
      errors: ['UnsafeChannelError', 'PermanentDeliveryError', 'ChatEndedError'],
    });
    confirm.next(waitForSlot);
    const confirmable = sfn.Choice.jsonata(this, 'Safe channel to confirm on?')
      .when(sfn.Condition.jsonata('{% $exists($chat.channel) %}'), confirm)
      .otherwise(unconfirmed('Record no safe channel', 'no safe e-mail or text'));

    take.next(confirmable);

    // Booked within five working days (a fortnight at most with the bank holidays), then the chat's day.
    this.stateMachine = standardStateMachine(this, props, take, Duration.days(21));
  }
}
