import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

describe('PostgreSQL harness', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('runs a real server on loopback that answers queries with the password it was given', async () => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const res = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    expect(res.rows[0]?.v).toMatch(/^\d+\.\d+/);
    await client.end();
  });

  it('refuses a wrong password', async () => {
    const client = new pg.Client({ connectionString: server.urlFor('postgres', { password: 'wrong' }) });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('keeps its data across a stop and a start, and creates databases', async () => {
    const url = await server.createDatabase('kept');
    const a = new pg.Client({ connectionString: url });
    await a.connect();
    await a.query('CREATE TABLE t (n int)');
    await a.query('INSERT INTO t VALUES (42)');
    await a.end();
    await server.stop();
    const refused = new pg.Client({ connectionString: url });
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);
    await server.start();
    const b = new pg.Client({ connectionString: url });
    await b.connect();
    const res = await b.query<{ n: number }>('SELECT n FROM t');
    expect(res.rows).toEqual([{ n: 42 }]);
    await b.end();
  }, 60_000);
});
