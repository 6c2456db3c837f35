import PDFDocument from 'pdfkit';
import { formatDate } from '../../domain/messages/format.ts';
import { type LetterFormat, letterFormatFor } from '../../domain/messages/letter-format.ts';
import {
  type PersonalisationInput,
  type Recipient,
  validatePersonalisation,
} from '../../domain/messages/personalisation.ts';
import type { PurposeOn } from '../../domain/messages/purposes.ts';
import { SERVICE_CONTACT } from '../../domain/messages/service-contact.ts';
import { type Block, writtenContent } from '../../domain/messages/templates.ts';
import { pdfBytes } from '../pdf-bytes.ts';

/**
 * Where things go on the page, in millimetres from the top-left corner of A4 (210 × 297 mm). The window is
 * where a UK DL window envelope (110 × 220 mm; window 90 × 35 mm, 20 mm from the left and 15 mm from the
 * bottom) shows an A4 letter folded in three: the 99 mm top panel rests on the envelope's bottom, so the
 * window falls 20–110 mm across and about 49–84 mm down. docs/messages.md gives the derivation and sources.
 */
export const LETTER_LAYOUT_MM = {
  page: { width: 210, height: 297 },
  window: { left: 20, top: 48, width: 90, height: 35 },
  /** Text is kept this far inside the window, so the letter can move in the envelope and still show it all. */
  windowPadding: 3,
  /** The service's return address and contact details, top right, clear of the window. */
  sender: { left: 125, top: 15, width: 65 },
  /** First-page body starts below the window (and near the first fold at 99 mm). */
  bodyTop: 95,
  margins: { left: 20, right: 20, top: 20, bottom: 27 },
  /** Footer (reference and page number) on every page. */
  footerTop: 282,
} as const;

/**
 * Type sizes in points. Standard letters use 11 pt body text; large print uses 16 pt (RNIB's minimum for
 * large print). The address in the window stays at 12 pt or less, shrinking to 8 pt for long lines, because
 * it must fit the envelope window and is read by Royal Mail's machines; the sender block is 12 pt at most to
 * fit its column. Everything the victim reads in the body and footer is at the body size or larger.
 */
export const LETTER_TYPE_SIZES = {
  standard: { body: 11, heading: 14, address: 11, sender: 10, footer: 9 },
  'large-print': { body: 16, heading: 20, address: 12, sender: 12, footer: 16 },
} as const satisfies Record<LetterFormat, Record<string, number>>;

const MIN_ADDRESS_SIZE = 8;
const MM = 72 / 25.4;
const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/** A letter cannot be laid out as the envelope needs (an address too long for the window). */
export class LetterLayoutError extends Error {
  override name = 'LetterLayoutError';
  constructor(
    readonly purpose: string,
    readonly fields: readonly string[],
  ) {
    super(`the ${purpose} letter cannot be laid out: ${fields.join(', ')} too long for the envelope window`);
  }
}

/**
 * The address block as Royal Mail asks for it: name, address lines, post town in capitals, postcode. A
 * letter to a self-referrer has no name line: Royal Mail delivers to the address, and the name was typed
 * into a public form (docs/messages.md, "Self-referrals").
 */
export function letterAddressLines(recipient: Recipient): { fields: string[]; text: string }[] {
  const { address } = recipient;
  const title = recipient.title?.trim();
  const name = [title, recipient.forename, recipient.surname].filter(Boolean).join(' ');
  return [
    ...(recipient.selfReferral
      ? []
      : [{ fields: ['recipient.title', 'recipient.forename', 'recipient.surname'], text: name }]),
    ...(address
      ? [
          { fields: ['recipient.address.line1'], text: address.line1 },
          ...(address.line2 ? [{ fields: ['recipient.address.line2'], text: address.line2 }] : []),
          { fields: ['recipient.address.town'], text: address.town.toUpperCase() },
          { fields: ['recipient.address.postcode'], text: address.postcode },
        ]
      : []),
  ].map((line) => ({ ...line, text: line.text.normalize('NFC') }));
}

type Doc = PDFKit.PDFDocument;

function drawAddress(doc: Doc, purpose: string, recipient: Recipient, maxSize: number): void {
  const { window, windowPadding } = LETTER_LAYOUT_MM;
  const width = (window.width - 2 * windowPadding) * MM;
  const height = (window.height - 2 * windowPadding) * MM;
  const lines = letterAddressLines(recipient);
  doc.font(REGULAR);
  for (let size = maxSize; size >= MIN_ADDRESS_SIZE; size -= 0.5) {
    doc.fontSize(size);
    const tooWide = lines.filter((line) => doc.widthOfString(line.text) > width);
    const blockHeight = lines.length * doc.currentLineHeight(true);
    if (tooWide.length === 0 && blockHeight <= height) {
      const x = (window.left + windowPadding) * MM;
      // Centred top to bottom, so the letter can slip either way in the envelope and the address still shows.
      let y = (window.top + windowPadding) * MM + (height - blockHeight) / 2;
      for (const line of lines) {
        doc.text(line.text, x, y, { lineBreak: false });
        y += doc.currentLineHeight(true);
      }
      return;
    }
    if (size === MIN_ADDRESS_SIZE)
      throw new LetterLayoutError(
        purpose,
        tooWide.flatMap((line) => line.fields),
      );
  }
}

function drawSender(doc: Doc, size: number, date: Date): void {
  const { sender } = LETTER_LAYOUT_MM;
  const options = { width: sender.width * MM };
  const [name, ...address] = SERVICE_CONTACT.postalAddress;
  doc
    .font(BOLD)
    .fontSize(size)
    .text(name, sender.left * MM, sender.top * MM, options);
  doc.font(REGULAR);
  for (const line of address) doc.text(line, options);
  doc.moveDown(0.5);
  doc.text(SERVICE_CONTACT.phone, options);
  doc.text(SERVICE_CONTACT.email, options);
  doc.moveDown(0.5);
  doc.text(formatDate(date), options);
}

interface Sizes {
  readonly body: number;
  readonly heading: number;
}

function ensureRoom(doc: Doc, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function drawBlock(doc: Doc, block: Block, sizes: Sizes, left: number, width: number): void {
  const gap = sizes.body * 0.6;
  doc.font(REGULAR).fontSize(sizes.body);
  const line = doc.currentLineHeight(true);
  switch (block.kind) {
    case 'heading':
      doc.font(BOLD).fontSize(sizes.heading);
      // Keep a heading with at least two lines of what follows it.
      ensureRoom(doc, doc.currentLineHeight(true) + 2 * line + gap);
      doc.moveDown(0.3);
      doc.text(block.text, left, doc.y, { width });
      doc.y += gap * 0.5;
      return;
    case 'paragraph': {
      const options = { width, lineGap: sizes.body * 0.15 };
      // No paragraph starts on a page's last line; one that introduces a list keeps its first item with it.
      const introducesList = block.text.endsWith(':');
      ensureRoom(
        doc,
        Math.min(doc.heightOfString(block.text, options), 2 * line) + (introducesList ? gap + line : 0),
      );
      doc.text(block.text, left, doc.y, options);
      doc.y += gap;
      return;
    }
    case 'list': {
      const indent = sizes.body * 1.4;
      for (const item of block.items) {
        ensureRoom(doc, line);
        const top = doc.y;
        doc.text('•', left, top, { lineBreak: false });
        doc.text(item, left + indent, top, { width: width - indent, lineGap: sizes.body * 0.15 });
        doc.y += sizes.body * 0.25;
      }
      doc.y += gap;
      return;
    }
  }
}

/** Options for a letter: the date printed on it (also the PDF's creation date, so output is repeatable). */
export interface LetterOptions {
  readonly date: Date;
}

/**
 * Renders a letter as an A4 PDF: the address placed for a DL window envelope, the service's return address
 * and the date top right, the case reference, page numbers, signed off by the service; large print when the
 * victim's communication needs ask for it. Text is real text in the PDF standard fonts.
 */
export async function renderLetter<P extends PurposeOn<'letter'>>(
  purpose: P,
  personalisation: PersonalisationInput<P>,
  options: LetterOptions,
): Promise<Uint8Array> {
  const valid = validatePersonalisation(purpose, 'letter', personalisation);
  const content = writtenContent(purpose, valid);
  const format = letterFormatFor(valid.recipient.communicationNeeds);
  const sizes = LETTER_TYPE_SIZES[format];
  const { margins, page } = LETTER_LAYOUT_MM;

  const doc = new PDFDocument({
    size: 'A4',
    margins: {
      top: margins.top * MM,
      bottom: margins.bottom * MM,
      left: margins.left * MM,
      right: margins.right * MM,
    },
    bufferPages: true,
    lang: 'en-GB',
    // No personal data in the metadata: a PDF's properties are shown by viewers and print systems.
    info: {
      Title: `Letter from ${SERVICE_CONTACT.name}`,
      Author: SERVICE_CONTACT.name,
      Subject: purpose,
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  const done = pdfBytes(doc);

  drawSender(doc, sizes.sender, options.date);
  drawAddress(doc, purpose, valid.recipient, sizes.address);

  const left = margins.left * MM;
  const width = (page.width - margins.left - margins.right) * MM;
  doc.y = LETTER_LAYOUT_MM.bodyTop * MM;
  doc.font(BOLD).fontSize(sizes.body).text(`Your reference: ${valid.caseReference}`, left, doc.y, { width });
  doc.moveDown(1);
  doc.font(BOLD).fontSize(sizes.heading).text(content.title, left, doc.y, { width });
  doc.moveDown(0.6);
  doc.font(REGULAR).fontSize(sizes.body).text(content.salutation, left, doc.y, { width });
  doc.moveDown(0.6);
  for (const block of content.blocks) drawBlock(doc, block, sizes, left, width);
  doc.font(REGULAR).fontSize(sizes.body);
  ensureRoom(doc, 3 * doc.currentLineHeight(true));
  doc.text(content.signOff[0] ?? '', left, doc.y, { width });
  doc.moveDown(1);
  doc.text(content.signOff.slice(1).join('\n'), left, doc.y, { width });

  const { count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index++) {
    doc.switchToPage(index);
    // Writing below the bottom margin would start a new page; the footer sits there on purpose.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = LETTER_LAYOUT_MM.footerTop * MM;
    doc.font(REGULAR).fontSize(sizes.footer);
    doc.text(`Reference ${valid.caseReference}`, left, y, { width, align: 'left', lineBreak: false });
    doc.text(`Page ${index + 1} of ${count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
