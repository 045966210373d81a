// The trigger node types (SPEC §3), in one place: the compiler's messages, the catalog, the work
// bound, the API's deployment listings and the editor all read this list. The node library's
// definitions marked `trigger: 'trigger'` are exactly these (src/nodes/library.test.ts). No imports:
// the web app reads this file too.
export const TRIGGER_TYPES = ['OnStart', 'OnWebhook', 'OnSchedule', 'OnPatternCall'] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

const TRIGGERS: ReadonlySet<string> = new Set(TRIGGER_TYPES);

export const isTriggerType = (type: string): type is TriggerType => TRIGGERS.has(type);

/** The trigger node type of a document ('none' when it has none). */
export const triggerOf = (doc: { nodes: readonly { type: string }[] }): string => doc.nodes.find((n) => TRIGGERS.has(n.type))?.type ?? 'none';
