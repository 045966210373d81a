import { openPostgresStore } from '../../src/store/postgres/index.js';
import { storeContract } from './contract.js';
import { connectionsContract } from './connections-contract.js';
import { clusterContract } from './cluster-contract.js';

// CI and every developer machine run PostgreSQL on 127.0.0.1:5432 (trust auth, database `test`).
export const PG_URL = process.env.DRAGOPS_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${Date.now().toString(36)}_${process.pid}`;
storeContract('PostgreSQL', () => openPostgresStore(PG_URL, { schema }));
connectionsContract('PostgreSQL', () => openPostgresStore(PG_URL, { schema: `${schema}_c` }));
clusterContract('PostgreSQL', () => openPostgresStore(PG_URL, { schema: `${schema}_k` }));
