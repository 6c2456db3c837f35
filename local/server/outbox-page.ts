import { readFile, realpath } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { MessagePurpose } from '../../shared/domain/messages/purposes.ts';
import type { MessageChannel } from '../../shared/domain/messaging.ts';
import {
  type MessageRecord,
  type MessageStatus,
  providerSideMessageId,
} from '../../shared/domain/messaging.ts';
import type { MessageStore } from '../../shared/ports/message-store.ts';
import { LETTERS_PREFIX } from '../../shared/storage-layout/bucket-prefixes.ts';
import { escapeHtml, htmlDocument, timeElement } from './page-shell.ts';

/** The outbox's channels, in the order the page shows them. */
const CHANNELS: readonly MessageChannel[] = ['email', 'sms', 'letter'];

const CHANNEL_TITLES: Record<MessageChannel, string> = {
  email: 'E-mail',
  sms: 'Text message (SMS)',
  letter: 'Letter',
};

const CHANNEL_IN_WORDS: Record<MessageChannel, string> = {
  email: 'by e-mail',
  sms: 'by text message',
  letter: 'by letter',
};

const PURPOSE_WORDS = {
  'support-offer': 'Offer of support',
  'home-visit-notice': 'Home visit notice',
  'second-home-visit-notice': 'Second home visit notice',
  'final-letter': 'Final letter',
  'needs-assessment-appointment': 'Needs assessment appointment',
  'web-chat-booking-confirmation': 'Web chat booking confirmation',
  'target-hardening-appointment': 'Target hardening appointment',
} as const satisfies Record<MessagePurpose, string>;

const STATUS_WORDS: Record<MessageStatus, string> = {
  sent: 'Sent',
  delivered: 'Delivered',
  bounced: 'Bounced',
  complained: 'Complained',
  failed: 'Failed',
};

/** What a message was for, in words (a purpose the page does not know is spelt out from its code). */
export function purposeInWords(purpose: string): string {
  const known = (PURPOSE_WORDS as Record<string, string>)[purpose];
  if (known) return known;
  const words = purpose.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The status in words, with the provider's reason code when it bounced or failed. Escaped HTML. */
function statusHtml(message: MessageRecord): string {
  const words = escapeHtml(STATUS_WORDS[message.status] ?? message.status);
  const failed = message.status !== 'sent' && message.status !== 'delivered';
  if (!failed || (message.statusReason === undefined && !message.permanent)) return words;
  const details = [
    ...(message.statusReason === undefined ? [] : [`<code>${escapeHtml(message.statusReason)}</code>`]),
    ...(message.permanent ? ['permanent'] : []),
  ];
  return `${words} (${details.join(', ')})`;
}

/** The local server's address of a message's content: a letter's PDF, an e-mail's or text's page. */
export const outboxLinkOf = (message: Pick<MessageRecord, 'caseId' | 'messageId'>) =>
  `/outbox/${encodeURIComponent(message.caseId)}/${encodeURIComponent(message.messageId)}`;

function channelSection(channel: MessageChannel, messages: readonly MessageRecord[]): string {
  const title = CHANNEL_TITLES[channel];
  const id = `channel-${channel}`;
  if (messages.length === 0) {
    return `<section aria-labelledby="${id}">\n<h2 id="${id}">${title}</h2>\n<p>Nothing sent ${CHANNEL_IN_WORDS[channel]}.</p>\n</section>`;
  }
  const rows = messages.map(
    (message) =>
      '<tr>' +
      `<td>${timeElement(message.sentAt)}</td>` +
      `<td>${escapeHtml(message.caseId)}</td>` +
      `<td>${escapeHtml(purposeInWords(message.purpose))}</td>` +
      `<td>${statusHtml(message)}</td>` +
      `<td><a href="${escapeHtml(outboxLinkOf(message))}"><code>${escapeHtml(message.messageId)}</code></a>` +
      `${channel === 'letter' ? ' (PDF)' : ''}</td>` +
      '</tr>',
  );
  return [
    `<section aria-labelledby="${id}">`,
    `<h2 id="${id}">${title}</h2>`,
    '<table>',
    `<caption>Sent ${CHANNEL_IN_WORDS[channel]}, oldest first (times in UK time)</caption>`,
    '<thead><tr><th scope="col">Sent</th><th scope="col">Case</th><th scope="col">Purpose</th>' +
      '<th scope="col">Status</th><th scope="col">Message</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    '</section>',
  ].join('\n');
}

/**
 * The local outbox page: every message the local system sent, per channel, oldest first, each linked to
 * what was sent. Every value is escaped.
 */
export async function renderOutboxPage(messages: MessageStore): Promise<string> {
  const sent = await Promise.all(CHANNELS.map((channel) => messages.listOutbox(channel)));
  const sections = CHANNELS.map((channel, index) => channelSection(channel, sent[index] ?? []));
  return htmlDocument(
    'Outbox',
    [
      '<p><a href="/">Open tasks</a></p>',
      '<h1>Outbox</h1>',
      '<p>Every message the local system sent. E-mails and texts open as what was sent; letters open as their PDF.</p>',
      ...sections,
    ].join('\n'),
  );
}

/** What `GET /outbox/{caseId}/{messageId}` answers. */
export type OutboxContent =
  | { readonly kind: 'pdf'; readonly filename: string; readonly bytes: Buffer }
  | { readonly kind: 'page'; readonly html: string }
  | { readonly kind: 'not-found'; readonly field: string; readonly message: string };

/**
 * The real path of `candidate` when it is a file strictly inside the folder `root` (symbolic links
 * followed, both sides); otherwise, or when either is missing, undefined.
 */
async function fileInside(root: string, candidate: string): Promise<string | undefined> {
  let realRoot: string;
  let real: string;
  try {
    [realRoot, real] = await Promise.all([realpath(root), realpath(candidate)]);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP'].includes((error as NodeJS.ErrnoException).code ?? ''))
      return undefined;
    throw error;
  }
  const path = relative(realRoot, real);
  const inside = path !== '' && !isAbsolute(path) && path !== '..' && !path.startsWith(`..${sep}`);
  return inside ? real : undefined;
}

/**
 * Where the local messenger wrote an e-mail or text (as `vf outbox` names it): `outbox/<channel>/` under
 * the data directory, named by the message's provider-side id. Undefined when those ids would name a file
 * anywhere else.
 */
function sentFileOf(message: MessageRecord, dataDir: string): { folder: string; path: string } | undefined {
  const name = `${providerSideMessageId(message.caseId, message.messageId)}.json`;
  if (basename(name) !== name || name.includes('/') || name.includes('\\')) return undefined;
  const folder = join(dataDir, 'outbox', message.channel);
  return { folder, path: join(folder, name) };
}

/** The file name a letter's PDF is offered under: its provider-side id, in characters safe in a header. */
const pdfNameOf = (message: MessageRecord) =>
  `${providerSideMessageId(message.caseId, message.messageId).replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;

function messagePage(message: MessageRecord, content: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const noun = message.channel === 'email' ? 'E-mail' : 'Text message';
  const purpose = purposeInWords(message.purpose);
  const details = [
    ['Case', escapeHtml(message.caseId)],
    ['Message', `<code>${escapeHtml(message.messageId)}</code>`],
    ['Purpose', escapeHtml(purpose)],
    ['Sent', timeElement(message.sentAt)],
    ['Status', statusHtml(message)],
    ...(message.channel === 'email' ? [['Subject', escapeHtml(text(content.subject))]] : []),
  ];
  return htmlDocument(
    `${noun} for case ${message.caseId}`,
    [
      '<p><a href="/outbox">Outbox</a></p>',
      `<h1>${noun}: ${escapeHtml(purpose)}</h1>`,
      '<dl>',
      ...details.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`),
      '</dl>',
      '<h2>Text</h2>',
      `<pre>${escapeHtml(text(content.text))}</pre>`,
    ].join('\n'),
  );
}

/**
 * What a sent message was, found from the message store only: the URL's ids are looked up, never made
 * into a path. A letter answers its PDF, read from the location stored with it when that is inside the
 * data directory's letters; an e-mail or text answers a page of its subject and text, read from the file
 * the local messenger wrote for it.
 */
export async function outboxContent(
  messages: MessageStore,
  dataDir: string,
  caseId: string,
  messageId: string,
): Promise<OutboxContent> {
  const message = await messages.getMessage(caseId, messageId);
  if (!message) {
    return {
      kind: 'not-found',
      field: 'messageId',
      message: `no message ${messageId} on case ${caseId}: /outbox lists them`,
    };
  }
  const noFile: OutboxContent = {
    kind: 'not-found',
    field: '(file)',
    message: `message ${message.messageId} on case ${message.caseId} has no file in the local data directory`,
  };
  if (message.channel === 'letter') {
    if (!message.location?.endsWith('.pdf')) return noFile;
    // Resolved as the local messenger wrote it: under the data directory as the system was given it.
    const path = await fileInside(join(dataDir, LETTERS_PREFIX), resolve(message.location));
    if (!path) return noFile;
    return { kind: 'pdf', filename: pdfNameOf(message), bytes: await readFile(path) };
  }
  if (message.channel !== 'email' && message.channel !== 'sms') return noFile;
  const file = sentFileOf(message, dataDir);
  const path = file && (await fileInside(file.folder, file.path));
  if (!path) return noFile;
  const content = JSON.parse(await readFile(path, 'utf8')) as unknown;
  const fields = content !== null && typeof content === 'object' ? (content as Record<string, unknown>) : {};
  return { kind: 'page', html: messagePage(message, fields) };
}
