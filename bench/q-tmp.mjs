import Database from 'better-sqlite3';
const db = new Database('/tmp/s100k/dragops.db');
const t = (label, sql, ...args) => { const st = db.prepare(sql); let r; const ts=[]; for (let i=0;i<5;i++){const a=performance.now(); r = st.all(...args); ts.push(performance.now()-a);} console.log(label, ts.map(x=>x.toFixed(1)).join(' '), 'rows', r.length, JSON.stringify(r[0]).slice(0,80)); console.log('  ', db.prepare('explain query plan '+sql).all(...args).map(x=>x.detail).join(' | ')); };
db.exec("drop index if exists patterns_list; create index if not exists patterns_list2 on patterns(owner_id, updated_at, id, name, description, tags)");
t('win-page0', "select id, count(*) over () total from patterns where owner_id=? order by updated_at desc, id desc limit 50", 'usr_bench');
t('page0', "select id from patterns where owner_id=? order by updated_at desc, id desc limit 50", 'usr_bench');
t('count', "select count(*) from patterns where owner_id=?", 'usr_bench');
t('deep', "select id from patterns where owner_id=? order by updated_at desc, id desc limit 50 offset 99950", 'usr_bench');
