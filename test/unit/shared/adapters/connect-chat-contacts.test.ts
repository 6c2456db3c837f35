import {
  ConnectClient,
  GetContactAttributesCommand,
  ResourceNotFoundException,
  StartChatContactCommand,
} from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectChatContacts } from '../../../../shared/adapters/aws/connect-chat-contacts.ts';

const connect = mockClient(ConnectClient);
const INSTANCE = '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const FLOW = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const contacts = () => new ConnectChatContacts(new ConnectClient({}), INSTANCE, FLOW);

describe('booked web chats on Amazon Connect', () => {
  beforeEach(() => connect.reset());

  it('starts the case chat on the chat flow with only the case id, as "Victim", lasting to the slot end', async () => {
    connect
      .on(StartChatContactCommand)
      .resolves({ ContactId: 'contact-1', ParticipantId: 'participant-1', ParticipantToken: 'token-1' });

    const started = await contacts().start({
      caseId: 'VF-ABCDE-FGHJK',
      at: new Date('2026-12-16T14:05:00Z'),
      expiresAt: new Date('2026-12-16T15:30:30Z'),
    });

    expect(started).toEqual({
      contactId: 'contact-1',
      participantId: 'participant-1',
      participantToken: 'token-1',
    });
    const sent = connect.commandCalls(StartChatContactCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE,
      ContactFlowId: FLOW,
      Attributes: { caseId: 'VF-ABCDE-FGHJK' },
      ParticipantDetails: { DisplayName: 'Victim' },
      ChatDurationInMinutes: 86,
      ClientToken: 'web-chat.VF-ABCDE-FGHJK',
    });
  });

  it("names the caseworker's agent beside the case when they have one, for the flow to route the chat", async () => {
    connect
      .on(StartChatContactCommand)
      .resolves({ ContactId: 'c', ParticipantId: 'p', ParticipantToken: 't' });
    const agentArn = `arn:aws:connect:eu-west-2:111122223333:instance/${INSTANCE}/agent/0f1e2d3c-4b5a-4697-8877-665544332211`;
    await contacts().start({
      caseId: 'VF-ABCDE-FGHJK',
      at: new Date('2026-12-16T14:05:00Z'),
      expiresAt: new Date('2026-12-16T15:30:30Z'),
      agentArn,
    });
    expect(connect.commandCalls(StartChatContactCommand)[0]?.args[0].input.Attributes).toEqual({
      caseId: 'VF-ABCDE-FGHJK',
      agentArn,
    });
  });

  it("asks for Connect's shortest chat when less of the slot is left", async () => {
    connect
      .on(StartChatContactCommand)
      .resolves({ ContactId: 'c', ParticipantId: 'p', ParticipantToken: 't' });
    await contacts().start({
      caseId: 'VF-ABCDE-FGHJK',
      at: new Date('2026-12-16T14:50:00Z'),
      expiresAt: new Date('2026-12-16T15:00:00Z'),
    });
    expect(connect.commandCalls(StartChatContactCommand)[0]?.args[0].input.ChatDurationInMinutes).toBe(60);
  });

  it('refuses an answer without a participant token', async () => {
    connect.on(StartChatContactCommand).resolves({ ContactId: 'c', ParticipantId: 'p' });
    await expect(
      contacts().start({ caseId: 'VF-ABCDE-FGHJK', at: new Date(), expiresAt: new Date() }),
    ).rejects.toThrow(/token/);
  });

  it("finds a contact's case from its caseId attribute, and none for an unknown contact", async () => {
    connect
      .on(GetContactAttributesCommand, { InstanceId: INSTANCE, InitialContactId: 'contact-1' })
      .resolves({ Attributes: { caseId: 'VF-ABCDE-FGHJK' } })
      .on(GetContactAttributesCommand, { InstanceId: INSTANCE, InitialContactId: 'contact-2' })
      .rejects(new ResourceNotFoundException({ message: 'no such contact', $metadata: {} }));

    expect(await contacts().caseOf('contact-1')).toBe('VF-ABCDE-FGHJK');
    expect(await contacts().caseOf('contact-2')).toBeUndefined();
    expect(connect.commandCalls(GetContactAttributesCommand)[0]?.args[0].input).toEqual({
      InstanceId: INSTANCE,
      InitialContactId: 'contact-1',
    });
  });
});
