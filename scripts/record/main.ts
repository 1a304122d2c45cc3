import 'reflect-metadata';
import { documentStoreFromUrl, verifyDossier } from '@ctg/documents';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { KeyObject, createPublicKey } from 'node:crypto';
import { createDataSource, createSigningKeyFiles, pendingMigrations, readPrivateKeyFile, readPublicKeyFile } from '@ctg/persistence';
import { connectClient, temporalSettingsFromEnv } from '@ctg/temporal';
import { EXIT, Print, checkpointCommand, consistencyCommand, liveState, rebuildCommand, verifyCommand } from './record-commands';
import { backupCommand, restoreCommand } from './backup-restore';

const USAGE = `Usage: npm run record -- <command> [campaignId | file]

  verify [campaignId]               recompute the hash chain of a campaign (or of every campaign),
                                    name the first broken link, and check the signed checkpoints
  checkpoint [campaignId]           sign the chain head of a campaign (or of every campaign) with
                                    the signing key and store it in record_checkpoint
  signing-key                       create the Ed25519 signing key (RECORD_SIGNING_KEY_FILE) and
                                    its public key beside it (.pub)
  rebuild-projections [campaignId]  empty the read models (of a campaign, or all) and project them
                                    again from the event store
  consistency <campaignId>          compare the workflow's live state (Temporal query), the event
                                    store replayed through evolve, and the read models
  backup <file>                     pg_dump the database (custom format) into a new file, and print
                                    what it holds: campaigns, events, each final hash
  restore <file>                    pg_restore a backup into an empty database as its owner, give the
                                    application role its rights again, then verify every chain
  verify-dossier <file.zip>         check a dossier de signature offline (no database, no server):
                                    every file against its manifest, the record's chain, and the
                                    files the record names; each problem names its file

Settings: DATABASE_URL (PostgreSQL), TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE (consistency only),
RECORD_SIGNING_KEY_FILE (checkpoint, signing-key; keep it off the database's host),
RECORD_PUBLIC_KEY_FILE (verify, restore; default: RECORD_SIGNING_KEY_FILE.pub),
PG_BIN_DIR (backup, restore: the folder of pg_dump and pg_restore; default: PATH).
Exit status: 0 all is well, 1 a problem was found, 2 the command could not run.`;

/** Opens the database without migrating it: an audit tool reads the schema as it is, and says when it is behind. */
async function openRecord(url: string): Promise<DataSource> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  const missing = await pendingMigrations(dataSource);
  if (missing.length) {
    await dataSource.destroy();
    throw new Error(`the database schema is behind (${missing.join(', ')} not applied): start the API or a worker once to migrate it`);
  }
  return dataSource;
}

/** The public key that checks checkpoints: RECORD_PUBLIC_KEY_FILE, else the .pub beside the signing key. */
function publicKeyFromEnv(env: NodeJS.ProcessEnv): KeyObject | undefined {
  const file = env.RECORD_PUBLIC_KEY_FILE || (env.RECORD_SIGNING_KEY_FILE ? `${env.RECORD_SIGNING_KEY_FILE}.pub` : undefined);
  return file ? readPublicKeyFile(file) : undefined;
}

function signingKeyFile(env: NodeJS.ProcessEnv): string {
  const file = env.RECORD_SIGNING_KEY_FILE;
  if (!file) throw new Error('RECORD_SIGNING_KEY_FILE is not set: it names the file of the Ed25519 signing key, kept off the database host');
  return file;
}

async function main(args: string[]): Promise<number> {
  const [command, campaignId, ...rest] = args;
  const known = ['verify', 'checkpoint', 'signing-key', 'rebuild-projections', 'consistency', 'verify-dossier', 'backup', 'restore'];
  const needsArgument = ['consistency', 'verify-dossier', 'backup', 'restore'];
  const arity = command === 'signing-key' ? campaignId === undefined : rest.length === 0;
  if (!command || !known.includes(command) || !arity || (needsArgument.includes(command) && !campaignId)) {
    console.error(USAGE);
    return EXIT.failure;
  }
  if (command === 'verify-dossier') return verifyDossierCommand(campaignId);
  if (command === 'signing-key') {
    const file = signingKeyFile(process.env);
    const { keyId, publicKeyFile } = createSigningKeyFiles(file);
    console.log(`Created the signing key ${file} (key id ${keyId}) and its public key ${publicKeyFile}.`);
    console.log('Keep the signing key off the database host; give auditors the public key.');
    return EXIT.ok;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set: it names the PostgreSQL database of the record.');
    return EXIT.failure;
  }
  const print = (line: string) => console.log(line);
  // The file is the operator's; the record is not opened first: a restore's database is empty.
  if (command === 'backup') return backupCommand(url, campaignId, print);
  if (command === 'restore') return restoreCommand(url, campaignId, print, (restored) => verifyWithFiles(restored, undefined, print));
  const dataSource = await openRecord(url);
  let temporal: Client | undefined;
  try {
    if (command === 'verify') return await verifyWithFiles(dataSource, campaignId, print);
    if (command === 'checkpoint') {
      const privateKey = readPrivateKeyFile(signingKeyFile(process.env));
      return await checkpointCommand(dataSource, campaignId, privateKey, createPublicKey(privateKey), print);
    }
    if (command === 'rebuild-projections') return await rebuildCommand(dataSource, campaignId, print);
    const settings = temporalSettingsFromEnv();
    const live = await connectClient(settings).then(
      async (client) => {
        temporal = client;
        return liveState(client, campaignId);
      },
      (error: Error) => ({ unavailable: `Temporal at ${settings.address} is unreachable: ${error.message}` }),
    );
    return await consistencyCommand(dataSource, live, campaignId, print);
  } finally {
    await temporal?.connection.close();
    await dataSource.destroy();
  }
}

/** `verify`: the chains, their checkpoints (with the public key of the environment) and the files in the document store. */
async function verifyWithFiles(dataSource: DataSource, campaignId: string | undefined, print: Print): Promise<number> {
  const documents = documentStoreFromUrl(process.env.DOCUMENT_STORE_URL, dataSource);
  try {
    return await verifyCommand(dataSource, campaignId, print, publicKeyFromEnv(process.env), documents);
  } finally {
    await documents.close();
  }
}

/** Offline: the dossier alone, read from the file given. */
async function verifyDossierCommand(file: string): Promise<number> {
  const result = await verifyDossier(file);
  for (const problem of result.problems) console.log(`${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
  console.log(
    result.ok
      ? `Dossier intact: ${result.files} files match the manifest, the record's chain verifies up to ${result.finalHash}.`
      : `Dossier NOT intact: ${result.problems.length} problem${result.problems.length > 1 ? 's' : ''} in ${file}.`,
  );
  return result.ok ? EXIT.ok : EXIT.problem;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`record: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.failure);
  },
);
