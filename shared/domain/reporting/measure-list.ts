import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from '../calendar.ts';
import type { Measure } from './quarterly-return.ts';

/** A part of a whole as a percentage, one decimal; null when the whole is 0. */
export const percentOf = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

/** A code as a reader expects it: `violence-with-injury` → "Violence with injury". */
export const words = (code: string) => code.replaceAll('-', ' ').replace(/^./, (c) => c.toUpperCase());

/** An instant in the service's time zone (Europe/London). */
export const localDate = (at: Date) => DateTime.fromJSDate(at, { zone: SERVICE_TIME_ZONE });

/**
 * The return's measures, in the order its sections record them, and the kinds of figure a section records:
 * a count, a rate (a count with its percentage of a whole) and a measure the system does not record.
 */
export function measureList() {
  const measures: Measure[] = [];
  const add = (measure: Measure) => measures.push(measure);
  const count = (lot: 1 | 2, section: string, id: string, label: string, value: number, note?: string) =>
    add({ id, label, lot, section, value, ...(note ? { note } : {}) });
  const rate = (lot: 1 | 2, section: string, id: string, label: string, part: number, whole: number) =>
    add({ id, label, lot, section, value: part, percentage: percentOf(part, whole), denominator: whole });
  const notRecorded = (lot: 1 | 2, section: string, id: string, label: string) =>
    add({ id, label, lot, section, value: null, note: 'not recorded by the system' });
  return { measures, add, count, rate, notRecorded };
}

export type MeasureList = ReturnType<typeof measureList>;
