// The letter is set in the PDF standard fonts (Helvetica), which every reader and printer has without
// embedding. They print Windows-1252 ("WinAnsi") only: ASCII, Latin-1 and these 27 characters. Anything
// else would come out as the wrong glyph, so a letter is refused rather than printed with a misspelt name.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const printable = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
};

/** Whether a text can be printed in a letter exactly as written (after NFC composition). */
export function isPrintableInLetter(text: string): boolean {
  return [...text.normalize('NFC')].every(printable);
}
