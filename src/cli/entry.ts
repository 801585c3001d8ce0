/** Process entry for running the CLI from source (tests spawn it with vite-node); `bin/` uses dist/. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
