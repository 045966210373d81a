// Live updates from GET /api/events (server-sent events). EventSource cannot send headers, so the
// token goes in the query. Callers reload what they show when something changed; they also poll
// slowly, in case the stream is down.
import { useEffect, useRef } from 'react';
import { session } from './api.js';

const TYPES = ['deployment.changed', 'execution.started', 'execution.finished'];

export function useLiveEvents(onChange: (type: string, data: unknown) => void): void {
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    const token = session.token();
    if (!token || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    const on = (e: MessageEvent<string>) => {
      let data: unknown = null;
      try {
        data = JSON.parse(e.data);
      } catch {
        /* keep null */
      }
      cb.current(e.type, data);
    };
    for (const t of TYPES) es.addEventListener(t, on);
    return () => es.close();
  }, []);
}
