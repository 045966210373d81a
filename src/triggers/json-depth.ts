// How deep a webhook's JSON body may nest (docs/semantics.md, "Webhook requests"). JSON.parse takes
// any depth, but writing the value out again (the queue, a response, a node) recurses once per level
// and overflows the stack a few thousand levels down: a body deeper than this is refused with 400
// INVALID_JSON before anything is claimed or queued. 512 is far past any real payload and leaves
// JSON.stringify (about 4,000 levels from an empty stack) and node code that recurses a wide margin.
export const MAX_JSON_DEPTH = 512;

/** Whether JSON text (valid: it parsed) nests arrays and objects at most `max` levels deep (`[1]`
 * is 1). One pass counting brackets outside strings; a text too short to be deeper than `max`
 * (under 2·(max + 1) characters: most bodies) is not read at all. */
export function jsonDepthWithin(text: string, max = MAX_JSON_DEPTH): boolean {
  if (text.length < 2 * (max + 1)) return true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skipped to its closing quote, escapes included
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return false;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return true;
}
