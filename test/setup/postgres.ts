// One PostgreSQL cluster for the whole test run (starting one takes about a
// second); each suite makes its own database in it (test/helpers/postgres.ts).
import type { TestProject } from 'vitest/node';
import { startPgCluster, type PgCluster } from '../helpers/pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the run's cluster ('' when there is none). */
    pgUrl: string;
    /** Why there is no cluster ('' when there is one). */
    pgSkip: string;
  }
}

let cluster: PgCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  if (process.env.GAZETTE_TEST_PG_URL) {
    project.provide('pgUrl', process.env.GAZETTE_TEST_PG_URL);
    project.provide('pgSkip', '');
    return;
  }
  const started = await startPgCluster();
  if ('skip' in started) {
    project.provide('pgUrl', '');
    project.provide('pgSkip', started.skip);
    return;
  }
  cluster = started;
  project.provide('pgUrl', started.url());
  project.provide('pgSkip', '');
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
