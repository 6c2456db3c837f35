/**
 * Texts go to UK numbers only (docs/messages.md): numbers of the UK numbering plan, country code +44. Its own
 * module, free of the phone-number rules, so that the messaging function can check a stored number without
 * bundling them (docs/decisions.md, "Readers of stored data do not load the intake rules").
 */
export function isUkNumber(e164: string): boolean {
  return /^\+44\d{9,10}$/.test(e164);
}
