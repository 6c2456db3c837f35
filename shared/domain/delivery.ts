/** The error a contact path's await-delivery step fails with when a message did not reach the victim. */
export const MESSAGE_UNDELIVERABLE = 'MessageUndeliverable';

/**
 * How long a contact path waits to hear what became of an e-mail or text before going on as if it arrived.
 * SES reports a bounce within minutes and stops retrying a soft one within a day; carriers' text receipts
 * come within 72 hours or not at all.
 */
export const DELIVERY_REPORT_WINDOW_HOURS = 72;
