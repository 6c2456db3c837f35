/** Helvetica (and Arial, which shares its metrics) advance widths for ASCII 32–126, in 1/1000 em. */
const REGULAR_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD_WIDTHS = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278,
  556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584,
  556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
  333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/** How wide a text is in Helvetica at a size, in points (characters outside ASCII count as a digit). */
export function textWidth(text: string, size: number, bold = false): number {
  const widths = bold ? BOLD_WIDTHS : REGULAR_WIDTHS;
  let total = 0;
  for (const ch of text) total += widths[(ch.codePointAt(0) ?? 0) - 32] ?? 556;
  return (total * size) / 1000;
}

/** A text broken into at most `lines` lines of `width`; the last is cut short with "…" if need be. */
export function wrapText(text: string, size: number, width: number, lines = 2): string[] {
  const out: string[] = [];
  let line = '';
  const words = text.split(/\s+/).filter(Boolean);
  for (const [i, word] of words.entries()) {
    const tried = line ? `${line} ${word}` : word;
    if (textWidth(tried, size) <= width || !line) {
      line = tried;
      continue;
    }
    if (out.length === lines - 1) {
      line = `${line} ${words.slice(i).join(' ')}`;
      break;
    }
    out.push(line);
    line = word;
  }
  out.push(line);
  const last = out.length - 1;
  let cut = out[last] ?? '';
  if (textWidth(cut, size) > width) {
    while (cut.length > 1 && textWidth(`${cut}…`, size) > width) cut = cut.slice(0, -1).trimEnd();
    out[last] = `${cut}…`;
  }
  return out;
}
