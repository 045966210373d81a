import OnStart from './OnStart.js';
import OnWebhook from './OnWebhook.js';
import OnSchedule from './OnSchedule.js';
import OnPatternCall from './OnPatternCall.js';
import OnError from './OnError.js';

export default [OnStart, OnWebhook, OnSchedule, OnPatternCall, OnError];
