/**
 * The command-line entry point (`npm run index`, `npm run search`, run compiled as `node dist/cli.js`): see
 * `cli/main.ts`.
 */
import { main } from './cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
