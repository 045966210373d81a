import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './contract.js';
import { connectionsContract } from './connections-contract.js';

const open = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'dragops-store-')), 'dragops.db'));
storeContract('SQLite (file, WAL)', open);
connectionsContract('SQLite (file, WAL)', open);
