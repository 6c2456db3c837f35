import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  letterFormatFor,
  MESSAGE_CHANNELS,
  MESSAGE_PURPOSES,
  type PurposeOn,
  SERVICE_CONTACT,
} from '../../../../../shared/domain/messages/index.ts';
import {
  LETTER_LAYOUT_MM,
  LetterLayoutError,
  renderLetter,
} from '../../../../../shared/rendering/messages/letter.ts';
import { REFERENCE, recipient, STATED_TIME, VALID } from '../../domain/messages/fixtures.ts';

const LETTER_PURPOSES = MESSAGE_PURPOSES.filter((p): p is PurposeOn<'letter'> =>
  (MESSAGE_CHANNELS[p] as readonly string[]).includes('letter'),
);
const DATE = { date: new Date('2026-12-14T09:00:00Z') };
const MM = 72 / 25.4;

interface TextItem {
  readonly text: string;
  readonly size: number;
  /** Left edge and baseline, in millimetres from the page's top-left corner. */
  readonly left: number;
  readonly right: number;
  readonly baseline: number;
}

interface ReadLetter {
  readonly pages: {
    readonly text: string;
    readonly items: TextItem[];
    readonly width: number;
    readonly height: number;
  }[];
  /** All pages' text, whitespace collapsed, so wrapped lines read as one sentence. */
  readonly text: string;
}

/** Reads a letter back with PDF.js (through unpdf): the text a printer or screen reader gets. */
async function read(pdf: Uint8Array): Promise<ReadLetter> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: TextItem[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , c, d, e, f] = item.transform as number[];
      items.push({
        text: item.str,
        size: Math.round(Math.hypot(c ?? 0, d ?? 0) * 100) / 100,
        left: (e ?? 0) / MM,
        right: ((e ?? 0) + item.width) / MM,
        baseline: (height - (f ?? 0)) / MM,
      });
    }
    pages.push({ text: items.map((i) => i.text).join('\n'), items, width, height });
  }
  return {
    pages,
    text: pages
      .map((p) => p.text)
      .join(' ')
      .replace(/\s+/g, ' '),
  };
}

const bodyItems = (letter: ReadLetter) =>
  letter.pages.flatMap((page, index) =>
    page.items.filter((item) => index > 0 || item.baseline > LETTER_LAYOUT_MM.bodyTop),
  );

describe('letters as PDF', () => {
  it.each(LETTER_PURPOSES)(
    '%s renders an A4 letter with its heading, greeting and sign-off',
    async (purpose) => {
      const letter = await read(await renderLetter(purpose, VALID[purpose], DATE));

      expect(letter.pages[0]).toMatchObject({
        width: expect.closeTo(595.28, 1),
        height: expect.closeTo(841.89, 1),
      });
      expect(letter.text).toContain('Dear Ms Example,');
      expect(letter.text).toContain('Yours sincerely, The Victim First team');
      if (STATED_TIME[purpose]) expect(letter.text).toContain(STATED_TIME[purpose]);
    },
  );

  it.each(LETTER_PURPOSES)(
    '%s gives the reference, the date and every way to get in touch',
    async (purpose) => {
      const letter = await read(await renderLetter(purpose, VALID[purpose], DATE));

      expect(letter.text).toContain(`Your reference: ${REFERENCE}`);
      expect(letter.text).toContain('14 December 2026');
      expect(letter.text).toContain(`Phone: ${SERVICE_CONTACT.phone}`);
      expect(letter.text).toContain(`Email: ${SERVICE_CONTACT.email}`);
      expect(letter.text).toContain(`Web chat: ${SERVICE_CONTACT.webChat}`);
      expect(letter.text).toContain('Post: Victim First, Example House, 1 Example Street, Leicester LE1 1ZZ');
      expect(letter.text).toContain('call 999');
    },
  );

  it('prints the name and address lines in the DL envelope window', async () => {
    const letter = await read(await renderLetter('support-offer', VALID['support-offer'], DATE));
    const { window, windowPadding } = LETTER_LAYOUT_MM;

    const lines = ['Ms Sample Example', 'Flat 2', '10 Example Street', 'LEICESTER', 'LE1 1ZZ'].map((text) =>
      letter.pages[0]?.items.find((item) => item.text === text && item.left < window.left + window.width),
    );

    expect(lines.every(Boolean)).toBe(true);
    for (const line of lines as TextItem[]) {
      expect(line.left).toBeCloseTo(window.left + windowPadding, 1);
      expect(line.right).toBeLessThan(window.left + window.width - windowPadding);
      // Baselines inside the window, leaving the first line's capitals room above.
      expect(line.baseline).toBeGreaterThan(window.top + windowPadding + 3);
      expect(line.baseline).toBeLessThan(window.top + window.height - windowPadding);
    }
    const baselines = (lines as TextItem[]).map((l) => l.baseline);
    expect(baselines).toEqual([...baselines].sort((a, b) => a - b));
  });

  it('shows nothing else through the window, and no sender name that would tell the household who wrote', async () => {
    const letter = await read(await renderLetter('support-offer', VALID['support-offer'], DATE));
    const { window } = LETTER_LAYOUT_MM;
    const inWindow = (item: TextItem) =>
      item.left < window.left + window.width &&
      item.right > window.left &&
      item.baseline > window.top - 5 &&
      item.baseline < window.top + window.height + 5;

    const shown = letter.pages[0]?.items.filter(inWindow).map((item) => item.text);

    expect(shown).toEqual(['Ms Sample Example', 'Flat 2', '10 Example Street', 'LEICESTER', 'LE1 1ZZ']);
  });

  it("puts the service's return address top right, clear of the window", async () => {
    const letter = await read(await renderLetter('support-offer', VALID['support-offer'], DATE));
    const { sender, window } = LETTER_LAYOUT_MM;

    for (const line of SERVICE_CONTACT.postalAddress) {
      const item = letter.pages[0]?.items.find((i) => i.text === line && i.left > window.left + window.width);
      expect(item?.left).toBeCloseTo(sender.left, 1);
      expect(item?.baseline).toBeLessThan(window.top);
    }
  });

  it('lists every attempt made in the final letter, in time order', async () => {
    const letter = await read(await renderLetter('final-letter', VALID['final-letter'], DATE));

    expect(letter.text).toContain(
      [
        'We tried to contact you when:',
        '• we phoned you on Monday 14 December 2026 at 10am',
        '• we phoned you on Monday 14 December 2026 at 3:30pm',
        '• we phoned you on Tuesday 15 December 2026 at midday',
      ].join(' '),
    );
  });

  it('names a visit to the home as an attempt in the final letter', async () => {
    const letter = await read(
      await renderLetter(
        'final-letter',
        { ...VALID['final-letter'], attempts: [{ at: '2026-12-16T14:00:00Z', kind: 'home-visit' }] },
        DATE,
      ),
    );

    expect(letter.text).toContain('we visited your home on Wednesday 16 December 2026 at 2pm');
  });

  it('numbers every page "Page n of N" with the reference in the footer', async () => {
    const letter = await read(await renderLetter('final-letter', VALID['final-letter'], DATE));
    const count = letter.pages.length;

    expect(count).toBeGreaterThanOrEqual(2);
    letter.pages.forEach((page, index) => {
      const footer = page.items.filter((item) => item.baseline > LETTER_LAYOUT_MM.footerTop);
      expect(footer.map((item) => item.text).sort()).toEqual([
        `Page ${index + 1} of ${count}`,
        `Reference ${REFERENCE}`,
      ]);
    });
  });

  it('sets a standard letter in 11 point', async () => {
    const letter = await read(await renderLetter('final-letter', VALID['final-letter'], DATE));
    const sizes = bodyItems(letter)
      .filter((item) => item.baseline < LETTER_LAYOUT_MM.footerTop)
      .map((item) => item.size);

    expect(Math.min(...sizes)).toBe(11);
    expect(sizes.filter((size) => size === 11).length / sizes.length).toBeGreaterThan(0.8);
  });

  it('sets the large-print letter at 16 point or larger throughout the body and footer', async () => {
    const largePrint = {
      ...VALID['final-letter'],
      recipient: { ...recipient, communicationNeeds: ['large-print' as const] },
    };

    const letter = await read(await renderLetter('final-letter', largePrint, DATE));
    const sizes = bodyItems(letter).map((item) => item.size);

    expect(sizes.length).toBeGreaterThan(30);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(16);
    expect(letter.text).toContain('we phoned you on Monday 14 December 2026 at 10am');
    expect(letter.pages.length).toBeGreaterThan(1);
  });

  it('chooses large print from the communication needs, and only then', () => {
    expect(letterFormatFor(['large-print'])).toBe('large-print');
    expect(letterFormatFor(['interpreter', 'large-print'])).toBe('large-print');
    expect(letterFormatFor(['easy-read'])).toBe('standard');
    expect(letterFormatFor([])).toBe('standard');
  });

  it('uses the PDF standard fonts and keeps personal data out of the document properties', async () => {
    const pdf = await renderLetter('support-offer', VALID['support-offer'], DATE);
    const raw = new TextDecoder('latin1').decode(pdf);

    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/BaseFont \/Helvetica\b/);
    expect(raw).not.toMatch(/\/FontFile/);
    expect(raw).toContain('(Letter from Victim First)');
    expect(raw).not.toContain('Sample');
    expect(raw).not.toContain('Example Street');
  });

  it('renders the same bytes for the same letter on the same date', async () => {
    const first = await renderLetter('home-visit-notice', VALID['home-visit-notice'], DATE);
    const second = await renderLetter('home-visit-notice', VALID['home-visit-notice'], DATE);

    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('shrinks a long address line to fit the window', async () => {
    const line1 = 'Flat 12, Sample Court House, 100 Example Street West';

    const letter = await read(
      await renderLetter(
        'support-offer',
        { ...VALID['support-offer'], recipient: { ...recipient, address: { ...recipient.address, line1 } } },
        DATE,
      ),
    );
    const item = letter.pages[0]?.items.find((i) => i.text === line1);

    expect(item?.size).toBeLessThan(11);
    expect(item?.right).toBeLessThan(LETTER_LAYOUT_MM.window.left + LETTER_LAYOUT_MM.window.width);
  });

  it('refuses an address too long for the window, naming the line', async () => {
    const line1 = `Flat 1 ${'Example '.repeat(14)}`.trim();

    const error = await renderLetter(
      'support-offer',
      { ...VALID['support-offer'], recipient: { ...recipient, address: { ...recipient.address, line1 } } },
      DATE,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LetterLayoutError);
    expect((error as LetterLayoutError).fields).toEqual(['recipient.address.line1']);
    expect((error as Error).message).not.toContain('Example');
  });

  it('refuses a name too long for the window, naming the name fields', async () => {
    const forename = `Sample${'a'.repeat(70)}`;

    const error = await renderLetter(
      'support-offer',
      { ...VALID['support-offer'], recipient: { ...recipient, forename } },
      DATE,
    ).catch((e: unknown) => e);

    expect((error as LetterLayoutError).fields).toEqual([
      'recipient.title',
      'recipient.forename',
      'recipient.surname',
    ]);
  });

  it('prints a name with Latin-1 accents exactly', async () => {
    const letter = await read(
      await renderLetter(
        'support-offer',
        {
          ...VALID['support-offer'],
          recipient: { ...recipient, title: undefined, forename: 'Zoë', surname: 'Exämple-Ñúñez' },
        },
        DATE,
      ),
    );

    expect(letter.text).toContain('Zoë Exämple-Ñúñez');
    expect(letter.text).toContain('Dear Zoë Exämple-Ñúñez,');
  });
});
