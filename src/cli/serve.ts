import { type Command, Option } from 'commander';
import { dataOption, keepRunning, openFromFlags, parsePort } from './context.ts';
import { ATTRIBUTION, DEFAULT_DATASET, DEMO_LOGIN, loadDemo } from './demo.ts';

interface ServeFlags {
  port: number;
  host: string;
  data: string;
}

const portOption = () => new Option('--port <port>', 'port to listen on').argParser(parsePort).default(3000);
const hostOption = () => new Option('--host <host>', 'address to listen on').default('127.0.0.1');

export function registerServeCommands(program: Command) {
  program.command('serve').description('start the API and the web back office on one port (migrates the database first)')
    .addOption(portOption()).addOption(hostOption()).addOption(dataOption())
    .action(async (flags: ServeFlags) => {
      const connection = await openFromFlags(flags);
      // The web server's modules load only for the commands that serve.
      const { startServer } = await import('../server.ts');
      const { address } = await startServer({ ...flags, connection });
      keepRunning();
      console.log(`Clientele on ${address} (${connection.kind}); API reference at ${address}/docs`);
    });

  program.command('demo').description('like serve, and load demo data (a store, a user, the Online Retail sales history and its customers) into an empty database')
    .addOption(portOption()).addOption(hostOption()).addOption(dataOption())
    .option('--dataset <file>', 'the Online Retail CSV (gzip)', DEFAULT_DATASET)
    .action(async (flags: ServeFlags & { dataset: string }) => {
      const connection = await openFromFlags(flags);
      const started = Date.now();
      const demo = await loadDemo(connection, flags.dataset);
      if (demo.loaded) {
        console.log(`Loaded the demo store with ${demo.sales.toLocaleString('en-GB')} sales of ${demo.customers.toLocaleString('en-GB')} customers `
          + `in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
      const { startServer } = await import('../server.ts');
      const { address } = await startServer({ ...flags, connection });
      keepRunning();
      console.log(`Clientele demo on ${address} (${connection.kind})`);
      console.log(`Sign in as ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}; API reference at ${address}/docs`);
      console.log(ATTRIBUTION);
    });

  program.command('migrate').description('bring the database schema up to date, then exit')
    .addOption(dataOption())
    .action(async (flags: { data: string }) => {
      const connection = await openFromFlags(flags);
      await connection.close();
      console.log('The schema is up to date.');
    });
}
