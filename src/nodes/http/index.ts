import RespondToWebhook from './RespondToWebhook.js';
import HTTPRequest from './HTTPRequest.js';
import ParseResponse from './ParseResponse.js';
import BuildURL from './BuildURL.js';
import BuildHeaders from './BuildHeaders.js';
import FormData from './FormData.js';

export default [RespondToWebhook, HTTPRequest, ParseResponse, BuildURL, BuildHeaders, FormData];
