/** The forms a quarterly return is made and kept in: one of each per quarter. */
export const RETURN_FORMATS = ['csv', 'json', 'html', 'pdf'] as const;
export type ReturnFormat = (typeof RETURN_FORMATS)[number];

/** Whether the text names one of the return's formats. */
export const isReturnFormat = (text: string): text is ReturnFormat =>
  (RETURN_FORMATS as readonly string[]).includes(text);
