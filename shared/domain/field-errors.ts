import type * as z from 'zod';

/** A problem with one field of what was sent, named by the field as the sender calls it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

// A sender may pick any key; an unknown one is echoed as the field name, so cap its length.
const MAX_FIELD_NAME = 80;

/**
 * Turns shape issues into field errors: one per unknown key (named by its path) and one per wrongly typed
 * value. `root` names the whole body when the issue has no path.
 */
export function shapeErrors(issues: readonly z.core.$ZodIssue[], root: string): FieldError[] {
  // A key that is blank or holds control characters is shown quoted, so the field named can be read.
  const segment = (key: PropertyKey) => {
    const text = String(key);
    return text.trim() === '' || /\p{Cc}/u.test(text) ? JSON.stringify(text) : text;
  };
  const name = (path: readonly PropertyKey[]) => {
    const joined = path.map(segment).join('.');
    return joined.length > MAX_FIELD_NAME ? `${joined.slice(0, MAX_FIELD_NAME)}…` : joined || root;
  };
  return issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          field: name([...issue.path, key]),
          message: 'is not a field of this format (check the spelling)',
        }))
      : [{ field: name(issue.path), message: issue.message }],
  );
}
