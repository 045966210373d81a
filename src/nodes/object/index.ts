import GetProperty from './GetProperty.js';
import SetProperty from './SetProperty.js';
import HasProperty from './HasProperty.js';
import DeleteProperty from './DeleteProperty.js';
import Merge from './Merge.js';
import Keys from './Keys.js';
import Values from './Values.js';
import Entries from './Entries.js';
import FromEntries from './FromEntries.js';
import PickProperties from './PickProperties.js';
import OmitProperties from './OmitProperties.js';
import ObjectSize from './ObjectSize.js';

export default [GetProperty, SetProperty, HasProperty, DeleteProperty, Merge, Keys, Values, Entries, FromEntries, PickProperties, OmitProperties, ObjectSize];
