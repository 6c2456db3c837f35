import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import type { JsonValue } from './asl.ts';

/** A JSONata expression failed, or gave something a field cannot hold (Step Functions' error name). */
export class QueryEvaluationError extends Error {
  override name = 'States.QueryEvaluationError';
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;
const compiled = new Map<string, jsonata.Expression>();

/** The functions Step Functions adds to JSONata, that the project's workflows may use. */
const STEP_FUNCTIONS_FUNCTIONS: Record<string, (...args: never[]) => unknown> = {
  partition: (array: unknown[], size: number) => {
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  range: (start: number, end: number, step: number) => {
    const values: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) values.push(v);
    return values;
  },
  hash: (data: string, algorithm: string) =>
    createHash(algorithm.replace('-', '').toLowerCase()).update(data).digest('hex'),
  uuid: () => randomUUID(),
  parse: (text: string) => JSON.parse(text),
};

function expression(source: string): jsonata.Expression {
  let expr = compiled.get(source);
  if (!expr) {
    try {
      expr = jsonata(source);
    } catch (error) {
      throw new QueryEvaluationError(`cannot compile ${JSON.stringify(source)}: ${(error as Error).message}`);
    }
    compiled.set(source, expr);
  }
  return expr;
}

/** What an expression can see: `$states` and the execution's variables. */
export interface Scope {
  readonly states: Record<string, unknown>;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The engine's clock: `$now()` and `$millis()` read it, so a virtual clock is honoured. */
  readonly now: Date;
}

/** Evaluates one `{% … %}` string, or returns any other value as it is. */
async function evaluateString(value: string, scope: Scope): Promise<unknown> {
  const match = EXPRESSION.exec(value.trim());
  if (!match) return value;
  const expr = expression(match[1] ?? '');
  const bindings: Record<string, unknown> = {
    ...STEP_FUNCTIONS_FUNCTIONS,
    ...scope.variables,
    states: scope.states,
    now: () => scope.now.toISOString(),
    millis: () => scope.now.getTime(),
  };
  try {
    const result = await expr.evaluate({}, bindings);
    return normalise(result);
  } catch (error) {
    throw new QueryEvaluationError(`${match[1]?.trim()}: ${(error as Error).message}`);
  }
}

/** JSONata hands back arrays with a `sequence` flag and may give undefined; make plain JSON. */
function normalise(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value)) as unknown;
}

/**
 * Evaluates a field of a state (Arguments, Output, Assign values, Condition …): every string in it that is
 * a JSONata expression `{% … %}` is replaced by its value; everything else stays as written.
 */
export async function evaluateField(value: JsonValue | undefined, scope: Scope): Promise<unknown> {
  if (typeof value === 'string') return evaluateString(value, scope);
  if (Array.isArray(value)) return Promise.all(value.map((item) => evaluateField(item, scope)));
  if (value !== null && typeof value === 'object') {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await evaluateField(item, scope)] as const),
    );
    // A field whose expression gives nothing is left out, as Step Functions does.
    return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
  }
  return value;
}

/** Evaluates a Choice rule's Condition; it must give true or false. */
export async function evaluateCondition(condition: string, scope: Scope): Promise<boolean> {
  const result = await evaluateString(condition, scope);
  if (typeof result !== 'boolean') {
    throw new QueryEvaluationError(
      `the condition ${condition} gave ${JSON.stringify(result)}, not true or false`,
    );
  }
  return result;
}
