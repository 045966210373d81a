// What the rest of the server sees of the execution history: a run's start and end handed over in
// their stored form, written later in batches (recorder.ts).
import type { RunRecord } from '../store/types.js';
import type { NodeLog } from '../runtime/execute.js';
import type { PatternDocument } from '../pattern/schema.js';

/** A run as live events carry it and the history receives it: without its trigger data (the request
 * body may be large, and the last 1000 events are kept for reconnecting clients), which is given
 * apart as JSON text (event.ts); GET /api/runs/:id has everything. */
export type RunEvent = Omit<RunRecord, 'triggerData'>;

/** How an execution is written to history. Neither call waits for the database: what is handed over
 * is saved by the next `flush`, which resolves once it is stored. */
export interface ExecutionHistory {
  /** A run that may not end in the call that started it: recorded `running` (a crash leaves it
   * `interrupted`, never lost). `triggerJson`: its event as stored (event.ts). */
  started(run: RunEvent, triggerJson: string | null): void;
  /** A run's end (its start need not have been recorded). `doc`: the document of a test run, kept
   * with its log for inspection after the draft changed. */
  finished(run: RunEvent, triggerJson: string | null, log?: NodeLog, doc?: PatternDocument): void;
  /** Saves everything handed over so far; resolves when it is in the database. */
  flush(): Promise<void>;
}
