import { defineNode } from '../sdk/index.js';
import { parseXml } from './xml.js';

export default defineNode({
  type: 'ParseXML',
  category: 'Data Formats',
  label: 'Parse XML',
  description:
    'Parses an XML document into plain data: `{root: element}`. An element with neither attributes nor child elements becomes its text (a String, "" when empty); any other element becomes an object with `@name` keys for its attributes, one key per child element name (an array, in document order, when the name repeats) and `#text` for its text when it has some. Text is trimmed, CDATA counts as text, names keep their namespace prefix (`soap:Body`), all values stay strings, comments, processing instructions and the declaration are dropped. Only the five XML entities and numeric character references are decoded: entities declared in a DTD are never expanded (a "billion laughs" document stays small) and a DTD that declares external entities is an error. Malformed XML is an error giving line and column; nesting deeper than 500 elements or text over 16 Mi characters is LIMIT_EXCEEDED.',
  inputs: [{ id: 'text', type: 'String' }],
  outputs: [{ id: 'value', type: 'Any' }],
  eval: (text: string) => parseXml(text),
  examples: [
    { inputs: { text: '<order id="7"><item>tea</item><item>milk</item><note/></order>' }, output: { order: { '@id': '7', item: ['tea', 'milk'], note: '' } } },
    { inputs: { text: '<?xml version="1.0"?><p lang="en">Fish &amp; chips</p>' }, output: { p: { '@lang': 'en', '#text': 'Fish & chips' } } },
  ],
});
