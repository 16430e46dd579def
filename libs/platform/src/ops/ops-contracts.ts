import { CommandContract, Codec, ContractViolation } from '@quietpay/contracts';
import { z } from 'zod';

// Temporary stand-ins for the generated `quietpay.<service>.describe.v1` / `.health.v1`
// contracts (proto/quietpay/ops/v1/ops.proto), same JSON wire form; replaced by the
// generated ones once libs/contracts exports them.

export const SERVICE_NAMES = [
  'gateway',
  'session-ledger',
  'tx-builder',
  'signer',
  'submitter',
  'crank-keeper',
  'chain-poller',
  'decrypt-proxy',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

const serviceDescriptionSchema = z.object({
  service: z.string().min(1),
  version: z.string().min(1),
  instanceId: z.string().min(1),
  startedAtUnix: z.number().int().positive(),
  subjects: z.array(z.string()).default([]),
});

const dependencyCheckSchema = z.object({
  name: z.string().min(1),
  ok: z.boolean().default(false),
  detail: z.string().default(''),
});

const healthStatusSchema = z.object({
  ready: z.boolean().default(false),
  checks: z.array(dependencyCheckSchema).default([]),
});

export type ServiceDescription = z.output<typeof serviceDescriptionSchema>;
export type DependencyCheck = z.output<typeof dependencyCheckSchema>;
export type HealthStatus = z.output<typeof healthStatusSchema>;
export type EmptyRequest = Record<string, never>;
export interface DescribeReply {
  readonly ok: ServiceDescription;
}
export interface HealthReply {
  readonly ok: HealthStatus;
}

function zodCodec<T>(typeName: string, schema: z.ZodType<T>): Codec<T> {
  return {
    typeName,
    decode(json: unknown): T {
      const result = schema.safeParse(json);
      if (!result.success) throw new ContractViolation(typeName, z.prettifyError(result.error));
      return result.data;
    },
    encode: (value: T) => value,
  };
}

const emptyRequest = (typeName: string) => zodCodec<EmptyRequest>(typeName, z.object({}).transform(() => ({}) as EmptyRequest));

/** `quietpay.<service>.describe.v1`: who is running (service, version, instance, subjects). */
export function describeContract(service: ServiceName): CommandContract<EmptyRequest, DescribeReply> {
  return {
    kind: 'command',
    subject: `quietpay.${service}.describe.v1`,
    request: emptyRequest('quietpay.ops.v1.DescribeRequest'),
    reply: zodCodec('quietpay.ops.v1.DescribeReply', z.object({ ok: serviceDescriptionSchema })),
  };
}

/** `quietpay.<service>.health.v1`: readiness with one check per dependency. */
export function healthContract(service: ServiceName): CommandContract<EmptyRequest, HealthReply> {
  return {
    kind: 'command',
    subject: `quietpay.${service}.health.v1`,
    request: emptyRequest('quietpay.ops.v1.HealthRequest'),
    reply: zodCodec('quietpay.ops.v1.HealthReply', z.object({ ok: healthStatusSchema })),
  };
}
