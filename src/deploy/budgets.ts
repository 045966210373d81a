// Budgets of pattern calls (SPEC §6 "call depth is limited", docs/semantics.md "Limits of an
// execution"): depth alone lets one request start 3^16 executions; these cap the executions of one
// call tree and the rate of calls into one deployment, so one request cannot flood the server.
import { DragopsError } from '../errors/error.js';

export interface BudgetOptions {
  /** Executions one call tree (a root execution and everything it calls) may start, root included. */
  maxTreeExecutions: number;
  /** Pattern calls per second into one deployment, across all callers. */
  maxCallRate: number;
}

export const DEFAULT_BUDGETS: BudgetOptions = { maxTreeExecutions: 1000, maxCallRate: 2000 };

interface Tree {
  executions: number;
}

export class CallBudgets {
  /** The call tree of each execution that has called (roots) or was called (callees), by run id. */
  private readonly trees = new Map<string, Tree>();
  private readonly rates = new Map<string, { tokens: number; at: number }>();
  constructor(readonly options: BudgetOptions = DEFAULT_BUDGETS) {}

  /** Spends one execution of the caller's tree and one call into `calleeId`; returns the tree to
   * hand to the callee's run (`enter`), or throws BUDGET_EXCEEDED (catchable, nothing started). */
  spend(callerRunId: string, calleeId: string, nodeId: string): Tree {
    let tree = this.trees.get(callerRunId);
    if (!tree) this.trees.set(callerRunId, (tree = { executions: 1 }));
    const max = this.options.maxTreeExecutions;
    if (tree.executions + 1 > max) {
      throw new DragopsError(
        'BUDGET_EXCEEDED',
        `this call tree has started ${max} executions, the most one request may start (server option --max-tree-executions); calling ${JSON.stringify(calleeId)} was refused`,
        { nodeId, type: 'BudgetExceeded' },
      );
    }
    const rate = this.options.maxCallRate;
    const now = Date.now();
    const b = this.rates.get(calleeId) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) * rate) / 1000);
    b.at = now;
    this.rates.set(calleeId, b);
    if (b.tokens < 1) {
      throw new DragopsError(
        'BUDGET_EXCEEDED',
        `pattern ${JSON.stringify(calleeId)} is being called more than ${rate} times per second (server option --max-call-rate); this call was refused`,
        { nodeId, type: 'BudgetExceeded' },
      );
    }
    b.tokens -= 1;
    tree.executions++;
    if (this.rates.size > 10_000) for (const [k, v] of this.rates) if (now - v.at > 1000) this.rates.delete(k);
    return tree;
  }

  /** The callee `runId` belongs to `tree` until `leave`. */
  enter(runId: string, tree: Tree): void {
    this.trees.set(runId, tree);
  }
  /** An execution ended: it calls nothing more (free when no call was ever made). */
  leave(runId: string): void {
    if (this.trees.size !== 0) this.trees.delete(runId);
  }
}
