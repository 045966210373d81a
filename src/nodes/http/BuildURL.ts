import { DragopsError, defineNode } from '../sdk/index.js';
import { checkResultText } from '../formats/shared.js';
import { buildQuery } from '../formats/query.js';

export default defineNode({
  type: 'BuildURL',
  category: 'HTTP',
  label: 'Build URL',
  description:
    "Makes a URL from an absolute `base`, a `path` appended with exactly one `/` between them, and `query` parameters appended to any the base already has (encoded as Build Query String does: arrays repeat the key, null values are left out). The path is used as written: percent-encode user data in it with URL Encode first, or `/`, `?` and `#` in the data change the URL (a `?query` or `#fragment` in the path replaces the base's); `.` and `..` segments are resolved by the URL standard. The result is normalised (lower-case scheme and host). A base that is not an absolute URL is an error.",
  inputs: [
    { id: 'base', type: 'String' },
    { id: 'path', type: 'String', default: '' },
    { id: 'query', type: 'Object', default: {} },
  ],
  outputs: [{ id: 'result', type: 'String' }],
  eval: (base: string, path: string, query: Record<string, unknown> | null): string => {
    let u: URL;
    try {
      u = new URL(base.trim());
    } catch (e) {
      throw new DragopsError('NODE_ERROR', `base is not an absolute URL: ${JSON.stringify(base.length > 80 ? base.slice(0, 80) + '…' : base)}`, {
        cause: e,
        pin: 'base',
      });
    }
    if (path !== '') {
      const stem = new URL(u);
      stem.search = '';
      stem.hash = '';
      const joined = new URL(stem.href.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
      // A `?query` or `#fragment` written in the path replaces the base's; otherwise the base's stay.
      if (joined.search === '') joined.search = u.search;
      if (joined.hash === '') joined.hash = u.hash;
      u = joined;
    }
    const q = buildQuery(query);
    if (q !== '') u.search = u.search === '' || u.search === '?' ? q : `${u.search.slice(1)}&${q}`;
    return checkResultText(u.href, 'the URL');
  },
  examples: [
    {
      inputs: { base: 'https://api.example.com/v1/', path: '/orders/42', query: { expand: ['items', 'customer'], note: 'a b' } },
      output: 'https://api.example.com/v1/orders/42?expand=items&expand=customer&note=a%20b',
    },
    { inputs: { base: 'https://example.com/search?lang=en', query: { q: 'café' } }, output: 'https://example.com/search?lang=en&q=caf%C3%A9' },
  ],
});
