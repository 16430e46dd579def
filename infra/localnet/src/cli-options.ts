import type { StartLocalnetOptions } from './compose/start-localnet';

/**
 * The CLI's options: LOCALNET_* variables, overridden by `--name=value` flags. The CLI is the one
 * place that reads the environment; kept apart from main.ts (which starts the chain on import) so
 * the parsing can be tested on its own.
 *
 * @example
 * readCliOptions(['--port=0', '--seed=dev'], {}); // { rpcPort: 0, seed: 'dev' }
 */
export function readCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartLocalnetOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const m = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (m?.[1] !== undefined && m[2] !== undefined) flags.set(m[1], m[2]);
    else throw new Error(`unknown argument ${arg} (use --name=value)`);
  }
  const pick = (flag: string, name: string): string | undefined => flags.get(flag) ?? env[name];
  const num = (flag: string, name: string): number | undefined => {
    const v = pick(flag, name);
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}/${name} must be a non-negative integer, got ${v}`);
    return n;
  };
  const o: StartLocalnetOptions = {};
  const set = <K extends keyof StartLocalnetOptions>(k: K, v: StartLocalnetOptions[K] | undefined): void => {
    if (v !== undefined) o[k] = v;
  };
  set('host', pick('host', 'LOCALNET_HOST'));
  set('rpcPort', num('port', 'LOCALNET_RPC_PORT'));
  set('covalidatorPort', num('covalidator-port', 'LOCALNET_COVALIDATOR_PORT'));
  set('paymentsPort', num('payments-port', 'LOCALNET_PAYMENTS_PORT'));
  set('slotMs', num('slot-ms', 'LOCALNET_SLOT_MS'));
  set('crankMs', num('crank-ms', 'LOCALNET_CRANK_MS'));
  const feeMode = pick('fee-mode', 'LOCALNET_FEE_MODE');
  if (feeMode === 'added' || feeMode === 'deducted') o.feeMode = feeMode;
  else if (feeMode !== undefined && feeMode !== '') throw new Error(`fee-mode/LOCALNET_FEE_MODE must be added or deducted, got ${feeMode}`);
  set('stateDir', pick('state-dir', 'LOCALNET_STATE_DIR'));
  set('stateFile', pick('state-file', 'LOCALNET_STATE_FILE'));
  // An empty LOCALNET_SEED (compose passes unset variables as "") means "no seed", not the seed "".
  const seed = pick('seed', 'LOCALNET_SEED');
  if (seed !== undefined && seed !== '') o.seed = seed;
  return o;
}
