import ArrayLength from './ArrayLength.js';
import GetItem from './GetItem.js';
import First from './First.js';
import Last from './Last.js';
import Slice from './Slice.js';
import ArrayConcat from './ArrayConcat.js';
import IndexOfItem from './IndexOfItem.js';
import Reverse from './Reverse.js';
import Unique from './Unique.js';
import Flatten from './Flatten.js';
import Range from './Range.js';
import Chunk from './Chunk.js';
import MapNode from './Map.js';
import Filter from './Filter.js';
import Find from './Find.js';
import Sort from './Sort.js';
import Reduce from './Reduce.js';
import GroupBy from './GroupBy.js';
import Take from './Take.js';
import Skip from './Skip.js';
import Zip from './Zip.js';
import Shuffle from './Shuffle.js';
import ArrayIsEmpty from './ArrayIsEmpty.js';

export default [
  ArrayLength,
  GetItem,
  First,
  Last,
  Slice,
  ArrayConcat,
  IndexOfItem,
  Reverse,
  Unique,
  Flatten,
  Range,
  Chunk,
  MapNode,
  Filter,
  Find,
  Sort,
  Reduce,
  GroupBy,
  Take,
  Skip,
  Zip,
  Shuffle,
  ArrayIsEmpty,
];
