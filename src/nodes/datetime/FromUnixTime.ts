import { DragopsError, defineNode } from '../sdk/index.js';

export default defineNode({
  type: 'FromUnixTime',
  category: 'Date/Time',
  label: 'From Unix Time',
  description:
    'The date `seconds` after 1970-01-01T00:00:00Z (negative: before), to the millisecond (fractions of seconds are kept, finer ones rounded). A timestamp in milliseconds must be divided by 1000 first. A value outside the date range, NaN or infinite is an error.',
  inputs: [{ id: 'seconds', type: 'Float' }],
  outputs: [{ id: 'result', type: 'DateTime' }],
  eval: (seconds: number): string => {
    const ms = Math.round(seconds * 1000);
    if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
      throw new DragopsError('NODE_ERROR', `${seconds} seconds is outside the range of dates (±8.64e12 seconds from 1970)`, { pin: 'seconds' });
    }
    return new Date(ms).toISOString();
  },
  examples: [
    { inputs: { seconds: 1795766400 }, output: '2026-11-27T08:00:00.000Z' },
    { inputs: { seconds: 1.5 }, output: '1970-01-01T00:00:01.500Z' },
  ],
});
