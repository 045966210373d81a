import GetProperty from './GetProperty.js';
import SetProperty from './SetProperty.js';

export default [GetProperty, SetProperty];
