import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './contract.js';
import { connectionsContract } from './connections-contract.js';
import { clusterContract } from './cluster-contract.js';

const open = () => openSqliteStore(join(mkdtempSync(join(tmpdir(), 'dragops-store-')), 'dragops.db'));
storeContract('SQLite (file, WAL)', open);
connectionsContract('SQLite (file, WAL)', open);
// Two stores on one file: the store's part of several instances (a server takes the folder alone).
const shared = join(mkdtempSync(join(tmpdir(), 'dragops-cluster-')), 'dragops.db');
clusterContract('SQLite (two connections to one file)', () => openSqliteStore(shared), false);
