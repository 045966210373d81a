import ParseJSON from './ParseJSON.js';
import StringifyJSON from './StringifyJSON.js';
import ParseCSV from './ParseCSV.js';
import ToCSV from './ToCSV.js';
import ParseXML from './ParseXML.js';
import ParseQueryString from './ParseQueryString.js';
import BuildQueryString from './BuildQueryString.js';
import ParseURL from './ParseURL.js';

export default [ParseJSON, StringifyJSON, ParseCSV, ToCSV, ParseXML, ParseQueryString, BuildQueryString, ParseURL];
