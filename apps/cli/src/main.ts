import { runCli } from './cli';

/** `npm run -s cli -- <command>`: see `npm run -s cli -- --help`. */
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
