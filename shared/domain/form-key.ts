/**
 * A form's idempotency key: drawn (random) when the page with the form is drawn, sent back as a hidden field,
 * and made the id of what the form records, so the same form sent twice — a double click, a resend after a
 * timeout, the back button — records once (docs/web-app.md, "Forms").
 */
export const FORM_KEY_FIELD = 'idempotencyKey';

// A version-4 UUID as `crypto.randomUUID()` makes it: nothing else is a key this app drew.
const FORM_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether a posted value is a key the app could have drawn (missing, blank or altered ones are not). */
export function isFormKey(value: unknown): value is string {
  return typeof value === 'string' && FORM_KEY.test(value);
}

/** What a person is told when the form's key is missing or not one: the page is drawn again with a new one. */
export const FORM_KEY_MESSAGE =
  'This form could not be matched to the page it came from. Check the details and send it again';
