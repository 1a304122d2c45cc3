/** Each jest worker of the end-to-end tier on a database of its own (test/global-setup.ts made one per worker). */
const urls = (process.env.TEST_DATABASE_URLS ?? '').split(' ').filter(Boolean);
const worker = Number(process.env.JEST_WORKER_ID ?? 1);
if (urls.length > 0) process.env.TEST_DATABASE_URL = urls[(worker - 1) % urls.length];
