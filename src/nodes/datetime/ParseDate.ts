import { DragopsError, defineNode } from '../sdk/index.js';
import { DateTime, iso, TIMEZONE_DOC, withLocale, zone } from './shared.js';

export default defineNode({
  type: 'ParseDate',
  category: 'Date/Time',
  label: 'Parse Date',
  description: `Reads a date from text. With an empty \`format\` (the default) the text may be ISO 8601 (\`2026-11-27\`, \`2026-11-27T09:05:00+01:00\`), RFC 2822 (\`Fri, 27 Nov 2026 09:05:00 +0100\`), an HTTP date or SQL (\`2026-11-27 09:05:00\`); otherwise \`format\` gives Luxon tokens as in Format Date (\`dd/MM/yyyy HH:mm\`, month names in \`locale\`). A text without an offset is read in \`timezone\`. ${TIMEZONE_DOC} Text that does not match is an error saying why.`,
  inputs: [
    { id: 'text', type: 'String' },
    { id: 'format', type: 'String', default: '' },
    { id: 'timezone', type: 'String', default: 'UTC' },
    { id: 'locale', type: 'String', default: 'en-US' },
  ],
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (text: string, format: string, timezone: string, locale: string): string => {
    const tz = zone(timezone);
    const t = text.trim();
    const shown = JSON.stringify(t.length > 60 ? t.slice(0, 60) + '…' : t);
    if (t.length > 1000) throw new DragopsError('NODE_ERROR', `${shown} is too long to be a date`, { pin: 'text' });
    if (format.length > 1000) throw new DragopsError('NODE_ERROR', 'the format is too long (over 1000 characters)', { pin: 'format' });
    const opts = { zone: tz, locale };
    let dt: DateTime;
    if (format === '') {
      dt = DateTime.fromISO(t, opts);
      for (const f of [DateTime.fromRFC2822, DateTime.fromHTTP, DateTime.fromSQL]) if (!dt.isValid) dt = f(t, opts);
      if (!dt.isValid) throw new DragopsError('NODE_ERROR', `${shown} is not an ISO 8601, RFC 2822, HTTP or SQL date; give a format`, { pin: 'text' });
    } else {
      dt = withLocale(locale, () => DateTime.fromFormat(t, format, opts));
      if (!dt.isValid)
        throw new DragopsError('NODE_ERROR', `${shown} does not match the format ${JSON.stringify(format)}: ${dt.invalidExplanation ?? dt.invalidReason}`, {
          pin: 'text',
        });
    }
    return iso(dt);
  },
  examples: [
    { inputs: { text: '27/11/2026 09:05', format: 'dd/MM/yyyy HH:mm', timezone: 'Europe/Paris' }, output: '2026-11-27T08:05:00.000Z' },
    { inputs: { text: '2026-11-27T09:05:00+01:00' }, output: '2026-11-27T08:05:00.000Z' },
    { inputs: { text: 'Fri, 27 Nov 2026 09:05:00 GMT' }, output: '2026-11-27T09:05:00.000Z' },
  ],
});
