/**
 * The command-line entry point (`npm run index`, `npm run search`, run compiled as `node dist/cli.js`): see
 * `cli/main.ts`.
 */
import { main } from './cli/main.js';

// A reader that stops early (`npm run search -- … | head`) closes the pipe: that ends the output, not in an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
