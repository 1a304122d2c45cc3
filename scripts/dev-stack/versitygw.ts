import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { stopService } from './child-service';
import { assertPortFree } from './ports';
import { goBinaryCache, goInstall } from './temporal-cli';
import { waitFor } from './wait-for';

/** The same release as docker/compose.yaml's `versity/versitygw` image. */
export const VERSITYGW_VERSION = 'v1.8.0';

/**
 * The Versity S3 Gateway, an S3 server over a plain folder (tests, `npm start` on S3):
 * `VERSITYGW` first, then a copy built once with `go install` into the cache of Go-built binaries.
 */
export function ensureVersitygw(log: (line: string) => void = console.log): string {
  if (process.env.VERSITYGW) {
    if (!existsSync(process.env.VERSITYGW)) throw new Error(`VERSITYGW=${process.env.VERSITYGW} does not exist`);
    return process.env.VERSITYGW;
  }
  const binDir = goBinaryCache(`versitygw-${VERSITYGW_VERSION}`);
  const binary = join(binDir, 'versitygw');
  if (!existsSync(binary)) {
    goInstall([`github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], binDir, `the Versity S3 Gateway ${VERSITYGW_VERSION}`, log);
  }
  return binary;
}

export interface VersitygwOptions {
  port: number;
  /** The posix root: each bucket is a folder in it, each object a file. */
  dataDir: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  logFile?: string;
}

export interface RunningVersitygw {
  /** The `DOCUMENT_STORE_URL` of the bucket: `s3+http://ACCESS:SECRET@127.0.0.1:PORT/bucket`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the gateway on 127.0.0.1 with the bucket created, and waits until the bucket answers. */
export async function startVersitygw(options: VersitygwOptions): Promise<RunningVersitygw> {
  await assertPortFree(options.port, 'the S3 gateway');
  const binary = ensureVersitygw();
  // A bucket of the posix backend is a folder of its root, as docker/compose.yaml makes it.
  mkdirSync(join(options.dataDir, options.bucket), { recursive: true });
  const child = spawn(binary, ['--port', `127.0.0.1:${options.port}`, '--quiet', 'posix', options.dataDir], {
    // Through the environment, not the command line, so that `ps` does not show the secret.
    env: { ...process.env, ROOT_ACCESS_KEY_ID: options.accessKey, ROOT_SECRET_ACCESS_KEY: options.secretKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.logFile) {
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  const exited = new Error('versitygw exited before it answered');
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${options.port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: options.accessKey, secretAccessKey: options.secretKey },
    forcePathStyle: true,
    maxAttempts: 1,
  });
  try {
    await waitFor(
      'the S3 gateway',
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw exited;
        await client.send(new HeadBucketCommand({ Bucket: options.bucket }));
      },
      60_000,
      100,
      (error) => error === exited,
    );
  } catch (error) {
    await stopService(child, 5_000);
    throw error;
  } finally {
    client.destroy();
  }
  const credentials = `${encodeURIComponent(options.accessKey)}:${encodeURIComponent(options.secretKey)}`;
  return {
    url: `s3+http://${credentials}@127.0.0.1:${options.port}/${options.bucket}`,
    stop: () => stopService(child, 10_000),
  };
}
