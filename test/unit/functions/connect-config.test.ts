import { describe, expect, it } from 'vitest';
import { agentArnOf, connectChatPageConfig } from '../../../functions/connect-config.ts';

const INSTANCE_ARN = 'arn:aws:connect:eu-west-2:111122223333:instance/5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const FLOW = '7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d';
const AGENT = '0f1e2d3c-4b5a-4697-8877-665544332211';

describe("the public pages' Amazon Connect chat settings", () => {
  it('reads the instance, its Region, the chat flow and the agents', () => {
    expect(
      connectChatPageConfig({
        CONNECT_INSTANCE_ARN: INSTANCE_ARN,
        CONNECT_CHAT_FLOW_ID: FLOW,
        CONNECT_AGENTS: JSON.stringify({ 'caseworker.one': AGENT }),
      }),
    ).toEqual({
      instanceArn: INSTANCE_ARN,
      instanceId: '5f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      region: 'eu-west-2',
      contactFlowId: FLOW,
      agents: { 'caseworker.one': AGENT },
    });
  });

  it('names the setting that is missing or malformed', () => {
    expect(() => connectChatPageConfig({ CONNECT_CHAT_FLOW_ID: FLOW })).toThrow(/CONNECT_INSTANCE_ARN/);
    expect(() =>
      connectChatPageConfig({ CONNECT_INSTANCE_ARN: 'arn:aws:s3:::a-bucket', CONNECT_CHAT_FLOW_ID: FLOW }),
    ).toThrow(/CONNECT_INSTANCE_ARN/);
    expect(() =>
      connectChatPageConfig({
        CONNECT_INSTANCE_ARN: INSTANCE_ARN,
        CONNECT_CHAT_FLOW_ID: `${INSTANCE_ARN}/contact-flow/${FLOW}`,
      }),
    ).toThrow(/CONNECT_CHAT_FLOW_ID/);
    expect(() =>
      connectChatPageConfig({
        CONNECT_INSTANCE_ARN: INSTANCE_ARN,
        CONNECT_CHAT_FLOW_ID: FLOW,
        CONNECT_AGENTS: JSON.stringify({ 'caseworker.one': 'not-an-id' }),
      }),
    ).toThrow(/CONNECT_AGENTS/);
  });

  it("gives a caseworker's agent ARN only when they have a Connect user", () => {
    const config = { instanceArn: INSTANCE_ARN, agents: { 'caseworker.one': AGENT } };
    expect(agentArnOf(config, 'caseworker.one')).toBe(`${INSTANCE_ARN}/agent/${AGENT}`);
    expect(agentArnOf(config, 'caseworker.two')).toBeUndefined();
    expect(agentArnOf(config, undefined)).toBeUndefined();
  });
});
