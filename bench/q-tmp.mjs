import Database from 'better-sqlite3';
const db = new Database('/tmp/s100k/dragops.db');
const t = (l, q, f = (r) => r) => { for (let i = 0; i < 3; i++) { const a = performance.now(); const r = db.prepare(q).all().map(f); console.log(l, r.length, Math.round(performance.now() - a)); } };
t('8cols', `select d.id, d.pattern_id, d.status, d.version, d.summary, p.owner_id, p.webhook_id, p.webhook_secret from deployments d join patterns p indexed by patterns_webhook on p.id = d.pattern_id where d.status <> 'undeployed'`);
t('json', `select json_array(d.id, d.pattern_id, d.status, d.version, p.owner_id, p.webhook_id, p.webhook_secret) a, d.summary from deployments d join patterns p indexed by patterns_webhook on p.id = d.pattern_id where d.status <> 'undeployed'`, (r) => [JSON.parse(r.a), JSON.parse(r.summary)]);
t('8cols+parse', `select d.id, d.pattern_id, d.status, d.version, d.summary, p.owner_id, p.webhook_id, p.webhook_secret from deployments d join patterns p indexed by patterns_webhook on p.id = d.pattern_id where d.status <> 'undeployed'`, (r) => JSON.parse(r.summary));
console.log(db.prepare(`explain query plan select d.id from deployments d join patterns p on p.id = d.pattern_id`).all().map(x=>x.detail));
