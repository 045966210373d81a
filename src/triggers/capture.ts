// Capture mode (SPEC §7): while the editor waits for a sample request, the webhook of a pattern that
// is not deployed answers 202 {"status":"captured"} and keeps the request's event (the last 20).
import { preview } from '../runtime/preview.js';

const now = () => new Date().toISOString();

export class WebhookCaptures {
  private readonly captures = new Map<string, { until: number; samples: { at: string; event: unknown }[] }>();

  start(patternId: string, seconds: number): { until: string } {
    const until = Date.now() + seconds * 1000;
    this.captures.set(patternId, { until, samples: [] });
    return { until: new Date(until).toISOString() };
  }
  stop(patternId: string): void {
    this.captures.delete(patternId);
  }
  get(patternId: string): { capturing: boolean; until: string | null; samples: { at: string; event: unknown }[] } {
    const c = this.captures.get(patternId);
    if (!c) return { capturing: false, until: null, samples: [] };
    return { capturing: c.until > Date.now(), until: new Date(c.until).toISOString(), samples: c.samples };
  }
  /** Keeps a sample when the pattern is capturing; true when it was kept. */
  offer(patternId: string, event: unknown): boolean {
    const c = this.captures.get(patternId);
    if (!c || c.until <= Date.now()) return false;
    c.samples.push({ at: now(), event: preview(event) });
    if (c.samples.length > 20) c.samples.shift();
    return true;
  }
}
