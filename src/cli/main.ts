import fs from 'node:fs';
import { Command } from 'commander';
import { ConfigError } from '../platform/config.js';
import { CliError, EXIT } from './runtime.js';

// Read directly (not from app.ts) so commands load only what they use: a config error answers fast.
const packageVersion: string = JSON.parse(
  fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

const program = new Command()
  .name('congdanso')
  .description('Công dân số — nền tảng công dân số (digital-citizen platform)')
  .version(packageVersion)
  .showHelpAfterError();

program
  .command('serve')
  .description('Start the HTTP server and web UI (runs background jobs too unless JOBS_IN_SERVE=false)')
  .action(async () => (await import('./serve.js')).serve());

program
  .command('worker')
  .description('Run background jobs only (scale out by starting more; needs DATABASE_URL)')
  .action(async () => (await import('./worker.js')).worker());

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .action(async () => (await import('./maintenance.js')).migrate());

program
  .command('seed')
  .description('Load reference data (admin units, agencies, holidays); with --demo also demo accounts')
  .option('--demo', 'also load demo staff and citizens (refused in production)')
  .action(async (opts: { demo?: boolean }) => (await import('./maintenance.js')).seed(Boolean(opts.demo)));

program
  .command('audit')
  .description('Audit log tools')
  .command('verify')
  .description('Check the hash chain of the audit log; exits 4 at the first broken link')
  .action(async () => (await import('./maintenance.js')).auditVerify());

program
  .command('backup <file>')
  .description('Write the database and stored files to a .tar.gz archive')
  .action(async (file: string) => (await import('./backup.js')).backup(file));

program
  .command('restore <file>')
  .description('Restore an archive made by `backup` into an empty database')
  .option('--force', 'wipe existing application data first')
  .action(async (file: string, opts: { force?: boolean }) =>
    (await import('./backup.js')).restore(file, Boolean(opts.force)),
  );

program
  .command('keys')
  .description('Signing keys')
  .command('rotate')
  .description('Create a new active Ed25519 signing key; the old one stays published for verification')
  .action(async () => (await import('./maintenance.js')).rotateKeys());

program
  .command('demo-code')
  .description('Print the current authenticator code of the demo staff accounts (refused in production)')
  .action(async () => (await import('./maintenance.js')).demoCode());

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError) {
    console.error(err.message);
    process.exit(err.exitCode);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(EXIT.config);
  }
  console.error(err);
  process.exit(EXIT.failure);
}
