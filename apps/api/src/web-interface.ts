import { INestApplication } from '@nestjs/common';
import express from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Page paths of the web interface: every other path is the API's (and keeps its JSON 404). */
const PAGE = /^\/(campagnes(\/[^/]+)?|nouvelle-campagne|mes-organisations|mes-notifications|etat|connexion-proconnect|invitation|deliberation|signature)?\/?$/;

function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The built web interface (`npm run build:web` → dist/web), served by the API on the same origin. */
export function serveWebInterface(app: INestApplication, webRoot = process.env.WEB_ROOT ?? join(projectRoot(__dirname), 'dist', 'web')): boolean {
  const index = join(webRoot, 'index.html');
  if (!existsSync(index)) return false;
  app.use('/assets', express.static(join(webRoot, 'assets'), { index: false, immutable: true, maxAge: '1y', fallthrough: false }));
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'GET' || !PAGE.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
