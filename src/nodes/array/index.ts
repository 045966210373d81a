import ArrayLength from './ArrayLength.js';
import GetItem from './GetItem.js';

export default [ArrayLength, GetItem];
