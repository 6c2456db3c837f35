/**
 * How a victim gets in touch with the service: the one place every template takes its contact details from.
 * The numbers and addresses are fictional (Ofcom's drama range 0116 496 0000–0999, example.org, Example
 * Street) until the service's real details are configured here.
 */
export const SERVICE_CONTACT = {
  name: 'Victim First',
  area: 'Leicester, Leicestershire and Rutland',
  phone: '0116 496 0000',
  /**
   * Service hours (docs/service-rules.md): Mon, Tue, Thu, Fri, Sat 09:00–18:00; Wed 09:00–20:00; closed
   * Sundays and bank holidays.
   */
  openingHours: 'Monday to Saturday, 9am to 6pm, and until 8pm on Wednesdays. We are closed on bank holidays',
  email: 'victimfirst@example.org',
  /** Written without the scheme so it reads naturally in a letter or a text. */
  webChat: 'www.example.org/chat',
  postalAddress: ['Victim First', 'Example House', '1 Example Street', 'Leicester', 'LE1 1ZZ'],
  signOff: 'The Victim First team',
} as const;
