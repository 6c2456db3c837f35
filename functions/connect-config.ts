import { CONNECT_CHAT_ENVIRONMENT, connectAgentsConfig } from './config.ts';

/** The environment variable naming the Amazon Connect instance by its ARN (the public pages' chat). */
export const CONNECT_INSTANCE_ARN_ENVIRONMENT = 'CONNECT_INSTANCE_ARN';

const INSTANCE_ARN = /^arn:aws[a-z-]*:connect:([a-z0-9-]+):\d{12}:instance\/([0-9a-f-]{36})$/;

/** What the victim's web chat page needs to start and join a chat on Amazon Connect. */
export interface ConnectChatPageConfig {
  readonly instanceArn: string;
  readonly instanceId: string;
  /** The instance's Region, from its ARN: where the victim's browser reaches Connect's participant service. */
  readonly region: string;
  readonly contactFlowId: string;
  /** Each caseworker's Amazon Connect user id, by staff id (CONNECT_AGENTS). */
  readonly agents: Readonly<Record<string, string>>;
}

/**
 * The public pages' Amazon Connect chat settings (docs/web-chat.md, "In AWS"): CONNECT_INSTANCE_ARN,
 * CONNECT_CHAT_FLOW_ID and CONNECT_AGENTS, set by the CDK app. A malformed or missing value stops the
 * function at cold start, naming the setting.
 */
export function connectChatPageConfig(env: NodeJS.ProcessEnv = process.env): ConnectChatPageConfig {
  const instanceArn = env[CONNECT_INSTANCE_ARN_ENVIRONMENT] ?? '';
  const match = INSTANCE_ARN.exec(instanceArn);
  if (!match)
    throw new Error(
      `configuration: ${CONNECT_INSTANCE_ARN_ENVIRONMENT} must be an Amazon Connect instance ARN (arn:aws:connect:<region>:<account>:instance/<id>)`,
    );
  const contactFlowId = env[CONNECT_CHAT_ENVIRONMENT.contactFlowId] ?? '';
  if (!/^[0-9a-f-]{36}$/.test(contactFlowId))
    throw new Error(`configuration: ${CONNECT_CHAT_ENVIRONMENT.contactFlowId} must be the chat flow's id`);
  return {
    instanceArn,
    instanceId: match[2] as string,
    region: match[1] as string,
    contactFlowId,
    agents: connectAgentsConfig(env),
  };
}

/** A staff member's Amazon Connect agent ARN, when they have a Connect user (the 0800 line's and chat's routing). */
export function agentArnOf(
  config: Pick<ConnectChatPageConfig, 'instanceArn' | 'agents'>,
  staffId: string | undefined,
): string | undefined {
  const agentId = staffId === undefined ? undefined : config.agents[staffId];
  return agentId === undefined ? undefined : `${config.instanceArn}/agent/${agentId}`;
}
