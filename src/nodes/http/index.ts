import RespondToWebhook from './RespondToWebhook.js';

export default [RespondToWebhook];
