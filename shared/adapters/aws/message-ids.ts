import { InvalidOutgoingMessageError } from '../../domain/messaging.ts';

/**
 * The ids a message carries to its provider (SES message tags, SMS context, letter object metadata) and
 * gets back on its delivery events. Ids only, never personal data (docs/service-rules.md: personal data).
 */
export interface MessageIds {
  readonly caseId: string;
  readonly purpose: string;
  readonly messageId: string;
}

/** What an id may look like: a token of letters, digits and `.`, `_`, `:`, `-`. Free text is refused. */
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Refuses anything that is not id-shaped, so a name or an address can never ride along as a tag. */
export function assertMessageIds(ids: MessageIds): void {
  for (const field of ['caseId', 'purpose', 'messageId'] as const) {
    if (!ID_PATTERN.test(ids[field])) {
      throw new InvalidOutgoingMessageError(
        field,
        `${field} must be an id of 1–128 letters, digits, '.', '_', ':' or '-'`,
      );
    }
  }
}

/**
 * SES message tag values allow only ASCII letters, digits, `_` and `-` (at most 256). Other characters
 * (and `_` itself) are written `_XX` (the byte in hex), so every id survives the round trip unchanged.
 */
export function encodeTagValue(value: string): string {
  return [...new TextEncoder().encode(value)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9-]/.test(char) ? char : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The id an SES tag value encodes (see encodeTagValue). */
export function decodeTagValue(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    const char = value.charAt(i);
    if (char === '_' && /^[0-9A-F]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0));
    }
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** Tag and context names: the same three everywhere. */
export const MESSAGE_ID_KEYS = { caseId: 'caseId', purpose: 'purpose', messageId: 'messageId' } as const;
