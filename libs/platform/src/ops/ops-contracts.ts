import {
  ChainPollerDescribeV1,
  ChainPollerHealthV1,
  CommandContract,
  CrankKeeperDescribeV1,
  CrankKeeperHealthV1,
  DecryptProxyDescribeV1,
  DecryptProxyHealthV1,
  DescribeReply,
  DescribeRequest,
  GatewayDescribeV1,
  GatewayHealthV1,
  HealthReply,
  HealthRequest,
  ServiceCommands,
  ServiceName,
  SessionLedgerDescribeV1,
  SessionLedgerHealthV1,
  SignerDescribeV1,
  SignerHealthV1,
  SubmitterDescribeV1,
  SubmitterHealthV1,
  TxBuilderDescribeV1,
  TxBuilderHealthV1,
} from '@quietpay/contracts';

interface OpsContracts {
  readonly describe: CommandContract<DescribeRequest, DescribeReply>;
  readonly health: CommandContract<HealthRequest, HealthReply>;
}

// `satisfies` makes adding a service to proto/ without listing it here a compile error.
const OPS = {
  gateway: { describe: GatewayDescribeV1, health: GatewayHealthV1 },
  'session-ledger': { describe: SessionLedgerDescribeV1, health: SessionLedgerHealthV1 },
  'tx-builder': { describe: TxBuilderDescribeV1, health: TxBuilderHealthV1 },
  signer: { describe: SignerDescribeV1, health: SignerHealthV1 },
  submitter: { describe: SubmitterDescribeV1, health: SubmitterHealthV1 },
  'crank-keeper': { describe: CrankKeeperDescribeV1, health: CrankKeeperHealthV1 },
  'chain-poller': { describe: ChainPollerDescribeV1, health: ChainPollerHealthV1 },
  'decrypt-proxy': { describe: DecryptProxyDescribeV1, health: DecryptProxyHealthV1 },
} satisfies Record<ServiceName, OpsContracts>;

/** Every service in the system, in the order the contracts declare them. */
export const SERVICE_NAMES = Object.keys(ServiceCommands) as readonly ServiceName[];

/** `quietpay.<service>.describe.v1`: who is running (service, version, instance, subjects). */
export function describeContract(service: ServiceName): OpsContracts['describe'] {
  return OPS[service].describe;
}

/** `quietpay.<service>.health.v1`: readiness with one check per dependency. */
export function healthContract(service: ServiceName): OpsContracts['health'] {
  return OPS[service].health;
}
