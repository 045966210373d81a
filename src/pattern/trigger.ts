// The trigger of a document: the type of its OnStart/OnWebhook/OnSchedule/OnPatternCall node.
import type { PatternDocument } from './schema.js';

const TRIGGERS = new Set(['OnStart', 'OnWebhook', 'OnSchedule', 'OnPatternCall']);

/** The trigger node type of a document ('none' when it has none). */
export const triggerOf = (doc: PatternDocument): string => doc.nodes.find((n) => TRIGGERS.has(n.type))?.type ?? 'none';
