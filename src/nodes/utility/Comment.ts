import { defineNode } from '../sdk/index.js';
import { Type, type Static } from '@sinclair/typebox';

const Config = Type.Object({ text: Type.String({ default: '', description: 'The note shown on the canvas' }) }, { additionalProperties: false });

export default defineNode<Static<typeof Config>>({
  type: 'Comment',
  category: 'Utility',
  label: 'Comment',
  description: 'A note on the canvas for the people reading the pattern; it has no pins and is never compiled.',
  config: Config,
  editorOnly: true,
  // No examples: a comment has no inputs or outputs.
  examples: [],
});
