import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './contract.js';

storeContract('SQLite (file, WAL)', () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'dragops-store-')), 'dragops.db')));
