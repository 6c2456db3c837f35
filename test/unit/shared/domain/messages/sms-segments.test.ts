import { describe, expect, it } from 'vitest';
import { countSmsSegments } from '../../../../../shared/domain/messages/index.ts';

const a = (n: number) => 'a'.repeat(n);

describe('SMS segments are counted the way carriers count them', () => {
  it.each([
    // GSM-7: 160 septets in one segment, 153 per segment once concatenated.
    ['one GSM-7 character', 'GSM-7', 1, 1, 'a'],
    ['160 GSM-7 characters', 'GSM-7', 160, 1, a(160)],
    ['161 GSM-7 characters', 'GSM-7', 161, 2, a(161)],
    ['306 GSM-7 characters', 'GSM-7', 306, 2, a(306)],
    ['307 GSM-7 characters', 'GSM-7', 307, 3, a(307)],
    ['459 GSM-7 characters', 'GSM-7', 459, 3, a(459)],
    ['460 GSM-7 characters', 'GSM-7', 460, 4, a(460)],
    // Accented letters in the GSM basic alphabet stay GSM-7 and count once; so do £ and newline.
    ['GSM basic-alphabet accents', 'GSM-7', 28, 1, 'é è ù ì ò Ç Ø å Ä Ö Ñ Ü ß £\n'],
    // Extension-table characters take an escape plus the character: two septets each.
    ['the extension-table characters', 'GSM-7', 18, 1, '€[]{}^~|\\'],
    ['80 euro signs (160 septets)', 'GSM-7', 160, 1, '€'.repeat(80)],
    ['81 euro signs (162 septets)', 'GSM-7', 162, 2, '€'.repeat(81)],
    ['159 characters and one extension character', 'GSM-7', 161, 2, `${a(159)}€`],
    ['159 characters and one extension character, placed first', 'GSM-7', 161, 2, `{${a(159)}`],
    // An escape pair is never split between segments: the € moves to the second, which then overflows.
    ['a € straddling the first segment boundary', 'GSM-7', 306, 3, `${a(152)}€${a(152)}`],
    ['a € wholly inside the first segment', 'GSM-7', 306, 2, `${a(151)}€${a(153)}`],
    // UCS-2: 70 code units in one segment, 67 per segment once concatenated.
    ['one non-GSM character', 'UCS-2', 1, 1, 'ł'],
    ['70 UCS-2 characters', 'UCS-2', 70, 1, 'ł'.repeat(70)],
    ['71 UCS-2 characters', 'UCS-2', 71, 2, 'ł'.repeat(71)],
    ['134 UCS-2 characters', 'UCS-2', 134, 2, 'ł'.repeat(134)],
    ['135 UCS-2 characters', 'UCS-2', 135, 3, 'ł'.repeat(135)],
    ['201 UCS-2 characters', 'UCS-2', 201, 3, 'ł'.repeat(201)],
    ['202 UCS-2 characters', 'UCS-2', 202, 4, 'ł'.repeat(202)],
    // One non-GSM character switches the whole text to UCS-2.
    ['69 GSM characters and one ë', 'UCS-2', 70, 1, `${a(69)}ë`],
    ['70 GSM characters and one ë', 'UCS-2', 71, 2, `${a(70)}ë`],
    ['160 GSM characters and a typographic apostrophe', 'UCS-2', 160, 3, `${a(159)}’`],
    // An emoji outside the Basic Multilingual Plane is a surrogate pair: two code units.
    ['an emoji', 'UCS-2', 2, 1, '😀'],
    ['35 emoji (70 code units)', 'UCS-2', 70, 1, '😀'.repeat(35)],
    ['36 emoji (72 code units)', 'UCS-2', 72, 2, '😀'.repeat(36)],
  ] as const)('%s: %s, %i units, %i segment(s)', (_name, encoding, units, segments, text) => {
    expect(countSmsSegments(text)).toEqual({ encoding, units, segments });
  });
});
