// The archive and feed routes alone on a real HTTP port, over an issue store:
// what the archive, weekly-archive and feed tests each serve.
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { archiveRoutes } from '../../../src/server/routes/archive.js';
import type { IssueStore } from '../../../src/store/issues.js';

/** Serves `issues` as the archive of `listName` at PUBLIC_URL `publicUrl`; the app (close it) and its base URL. */
export async function startArchive(issues: IssueStore, publicUrl: string, listName = 'Gazette'): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify();
  await app.register(async (scope) => archiveRoutes(scope, { issues, publicUrl, listName, site: { listName, base: '/' } }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
