import { parseDefinition } from './asl.ts';
import { localStateMachineArn } from './engine.ts';
import type { LoadedStateMachine } from './state-runner.ts';

/** How the template's references to other resources become local names (a function's ARN, say). */
export interface ReferenceResolver {
  getAtt(logicalId: string, attribute: string): string;
  ref(logicalId: string): string;
}

export class UnresolvedReferenceError extends Error {
  override name = 'UnresolvedReferenceError';
}

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'eu-west-2',
  'AWS::AccountId': '000000000000',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Resolves the intrinsic functions CDK writes into a definition string: Fn::Join, Fn::GetAtt, Ref. */
export function resolveIntrinsics(value: unknown, resolver: ReferenceResolver): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [[fn, args] = []] = Object.entries(value);
    if (fn === 'Fn::Join' && Array.isArray(args)) {
      const [separator, parts] = args as [string, unknown[]];
      return parts.map((part) => resolveIntrinsics(part, resolver)).join(separator);
    }
    if (fn === 'Fn::GetAtt' && Array.isArray(args)) return resolver.getAtt(String(args[0]), String(args[1]));
    if (fn === 'Ref' && typeof args === 'string') return PSEUDO[args] ?? resolver.ref(args);
  }
  throw new UnresolvedReferenceError(`cannot resolve ${JSON.stringify(value)} in a state machine definition`);
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

/**
 * The state machines of a synthesized CloudFormation template, exactly as deployed: each definition
 * resolved against local names, checked against what the engine runs, and given its local ARN.
 */
export function stateMachinesFromTemplate(
  template: { Resources?: Record<string, TemplateResource> },
  resolver: ReferenceResolver,
): LoadedStateMachine[] {
  const machines: LoadedStateMachine[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::StepFunctions::StateMachine') continue;
    const properties = resource.Properties ?? {};
    const name = typeof properties.StateMachineName === 'string' ? properties.StateMachineName : logicalId;
    const source = properties.DefinitionString ?? properties.Definition;
    const text = resolveIntrinsics(source, resolver);
    machines.push({ arn: localStateMachineArn(name), name, definition: parseDefinition(name, text) });
  }
  return machines;
}
