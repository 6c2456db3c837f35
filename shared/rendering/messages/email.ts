import { type PersonalisationInput, validatePersonalisation } from '../../domain/messages/personalisation.ts';
import type { PurposeOn } from '../../domain/messages/purposes.ts';
import { SERVICE_CONTACT } from '../../domain/messages/service-contact.ts';
import {
  type Block,
  complaintAcknowledgedContent,
  quickAnswerReadyContent,
  type WrittenContent,
  writtenContent,
} from '../../domain/messages/templates.ts';

/** An e-mail ready for SES: subject, plain-text part and HTML part. */
export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return block.text;
    case 'paragraph':
      return block.text;
    case 'list':
      return block.items.map((item) => `• ${item}`).join('\n');
  }
}

function plainText(content: WrittenContent): string {
  return [content.title, content.salutation, ...content.blocks.map(textBlock), content.signOff.join('\n')]
    .join('\n\n')
    .concat('\n');
}

// GOV.UK Notify's e-mail typography: 19px Arial on white, #0b0c0c text, headings in bold. No images, no
// tracking, no remote content; one column that reads in any client and with a screen reader.
const FONT = 'font-family: Arial, Helvetica, sans-serif; color: #0b0c0c;';
const P = `${FONT} font-size: 19px; line-height: 1.4; margin: 0 0 20px;`;
const H1 = `${FONT} font-size: 28px; line-height: 1.2; font-weight: bold; margin: 0 0 20px;`;
const H2 = `${FONT} font-size: 24px; line-height: 1.2; font-weight: bold; margin: 30px 0 15px;`;
const UL = `${P} padding-left: 20px;`;

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2 style="${H2}">${escapeHtml(block.text)}</h2>`;
    case 'paragraph':
      return `<p style="${P}">${escapeHtml(block.text)}</p>`;
    case 'list':
      return `<ul style="${UL}">${block.items.map((item) => `<li style="margin: 0 0 5px;">${escapeHtml(item)}</li>`).join('')}</ul>`;
  }
}

function html(content: WrittenContent): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(content.title)}</title>`,
    '</head>',
    '<body style="margin: 0; padding: 0; background: #ffffff;">',
    '<div style="max-width: 580px; margin: 0 auto; padding: 20px;">',
    `<p style="${P} font-weight: bold;">${escapeHtml(SERVICE_CONTACT.name)}</p>`,
    `<h1 style="${H1}">${escapeHtml(content.title)}</h1>`,
    `<p style="${P}">${escapeHtml(content.salutation)}</p>`,
    ...content.blocks.map(htmlBlock),
    `<p style="${P}">${content.signOff.map(escapeHtml).join('<br>')}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Renders an e-mail: validates the personalisation, then writes the subject, plain text and HTML. */
export function renderEmail<P extends PurposeOn<'email'>>(
  purpose: P,
  personalisation: PersonalisationInput<P>,
): RenderedEmail {
  const valid = validatePersonalisation(purpose, 'email', personalisation);
  const content = writtenContent(purpose, valid);
  return { subject: content.title, text: plainText(content), html: html(content) };
}

/** The "your answer is ready" e-mail of a quick question, with its private link. */
export function renderQuickAnswerReadyEmail(answerLink: string): RenderedEmail {
  const content = quickAnswerReadyContent(answerLink);
  return { subject: content.title, text: plainText(content), html: html(content) };
}

/** The "we have received your complaint" e-mail (docs/complaints.md). */
export function renderComplaintAcknowledgedEmail(reference: string, respondBy: Date): RenderedEmail {
  const content = complaintAcknowledgedContent(reference, respondBy);
  return { subject: content.title, text: plainText(content), html: html(content) };
}
