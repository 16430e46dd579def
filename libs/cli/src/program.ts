import { Command, Option } from 'commander';
import { AdminApiError } from './admin-client';
import { addAdminCommands, clientOf } from './commands/admin-commands';
import { checkServiceConfig, envFrom, PROFILES, type Profile } from './commands/config-check';
import { rotateTokenSecrets } from './commands/secrets-rotate';
import type { Output } from './output';

/**
 * The `quietpay` operator CLI. Admin commands call the gateway's admin API (ADMIN_PORT) with an
 * admin key; `secrets rotate` and `config check` work on the local host.
 *
 * @example
 * // QUIETPAY_ADMIN_URL=http://127.0.0.1:4031 QUIETPAY_ADMIN_KEY_FILE=~/.quietpay/admin-key
 * await runCli(['sessions', 'list', '--state', 'active'], process.env, processOutput); // 0
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, out: Output): Promise<number> {
  let exitCode = 0;
  const program = new Command('quietpay')
    .description('quietpay operator CLI')
    .option('--url <url>', 'admin API base URL (QUIETPAY_ADMIN_URL; default http://127.0.0.1:4031)')
    .option('--key-file <path>', 'file holding the admin key (QUIETPAY_ADMIN_KEY_FILE, or QUIETPAY_ADMIN_KEY)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.line(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) });

  addAdminCommands(program, clientOf(env), out);

  program
    .command('secrets')
    .description('px402 payment-token secrets')
    .command('rotate')
    .description('rotate the secrets in a resource server secret directory: current -> previous, fresh current')
    .requiredOption('--dir <path>', 'the directory holding px402-token-secret (and .previous)')
    .action((opts: { dir: string }) => {
      const rotation = rotateTokenSecrets(opts.dir);
      out.line(JSON.stringify({ rotated: true, fingerprints: rotation }, null, 2));
    });

  program
    .command('config')
    .description('configuration')
    .command('check')
    .description("validate a service's environment with its own schema, for each profile")
    .requiredOption('--service <name>', 'gateway, session-ledger, submitter, ...')
    .addOption(new Option('--profile <profile...>', 'only these profiles (default: all)').choices([...PROFILES]))
    .option('--env-file <path>', 'KEY=VALUE file layered over the environment')
    .action(async (opts: { service: string; profile?: Profile[]; envFile?: string }) => {
      const checks = await checkServiceConfig(opts.service, envFrom(opts.envFile, env), opts.profile ?? PROFILES);
      for (const check of checks) {
        out.line(`${opts.service} (${check.profile}): ${check.problems.length === 0 ? 'ok' : `${check.problems.length} problem(s)`}`);
        for (const problem of check.problems) out.line(`  ${problem}`);
      }
      if (checks.some((c) => c.problems.length > 0)) exitCode = 1;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return failure(error, out);
  }
}

function failure(error: unknown, out: Output): number {
  if (error instanceof AdminApiError) {
    out.error(`error: ${error.code}${error.status > 0 ? ` (HTTP ${error.status})` : ''}: ${error.message}`);
    return 1;
  }
  const code = (error as { code?: string; exitCode?: number }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // --help and --version end here too, successfully.
    return code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version' ? 0 : 2;
  }
  out.error(`error: ${(error as Error).message}`);
  return 1;
}
