import { Codec } from '@quietpay/contracts';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Job, JobsOptions, Queue, UnrecoverableError, Worker } from 'bullmq';
import { toQuietpayError } from '../errors/to-quietpay-error';
import { type Credentials } from '../auth/service-credentials';
import { queueClusterConnection, queueConnectionOptions } from './create-redis';
import type { Cluster } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { extractTraceCarrier, injectTraceCarrier, TraceCarrier } from '../tracing/trace-carrier';

/** What is stored per job: the codec's JSON plus the enqueuer's trace context. */
export interface TracedJobData {
  readonly payload: unknown;
  readonly trace: TraceCarrier;
}

export interface JobQueuesOptions {
  readonly redisUrl: string;
  readonly credentials?: Credentials | undefined;
  /** Key prefix, so tests and environments sharing a Redis never see each other's jobs. */
  readonly prefix?: string;
  /** Redis Cluster nodes (REDIS_CLUSTER_NODES): queues and workers then use a Cluster client each. */
  readonly clusterNodes?: readonly { host: string; port: number }[];
}

const tracer = trace.getTracer('quietpay.jobs');

/** Keeps failed jobs for inspection, but bounded so a failure storm cannot fill Redis. */
const DEFAULT_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
};

/**
 * A factory for BullMQ queues and workers with quietpay's rules: the job id is the business
 * key (enqueuing the same settlement twice yields one job), payloads are validated with a
 * codec on both sides, trace context rides in the job data, failed jobs are kept but
 * bounded. `close()` closes workers first (they finish their active jobs), then queues.
 *
 * @example
 * const jobs = new JobQueues({ redisUrl: config.REDIS_URL });
 * await jobs.enqueue('submit-settlement', settlementCodec, settlement.id, settlement);
 * jobs.work('submit-settlement', settlementCodec, (s) => submit(s), { concurrency: 4 });
 */
export class JobQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Cluster clients this factory made (BullMQ does not close a client it was given). */
  private readonly clusterClients: Cluster[] = [];

  constructor(private readonly options: JobQueuesOptions) {}

  async enqueue<T>(queueName: string, codec: Codec<T>, businessKey: string, payload: T, jobOptions: JobsOptions = {}): Promise<Job> {
    const data: TracedJobData = { payload: codec.encode(payload), trace: injectTraceCarrier() };
    return this.queue(queueName).add(queueName, data, { ...DEFAULT_JOB_OPTIONS, ...jobOptions, jobId: businessKey });
  }

  work<T>(queueName: string, codec: Codec<T>, process: (payload: T, job: Job) => Promise<void>, workerOptions: { concurrency?: number } = {}): Worker {
    const worker = new Worker(
      queueName,
      async (job: Job<TracedJobData>) => {
        const parent = extractTraceCarrier(job.data.trace);
        return context.with(parent, () =>
          tracer.startActiveSpan(`job ${queueName}`, { kind: SpanKind.CONSUMER, attributes: { 'job.id': job.id ?? '' } }, async (span) => {
            try {
              await process(codec.decode(job.data.payload), job);
            } catch (thrown) {
              const error = toQuietpayError(thrown);
              span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
              // A terminal error must not burn the remaining attempts.
              throw error.retryable ? error : new UnrecoverableError(`${error.code}: ${error.message}`);
            } finally {
              span.end();
            }
          }),
        );
      },
      { connection: this.connection(), prefix: this.options.prefix, concurrency: workerOptions.concurrency ?? 1 },
    );
    this.workers.push(worker);
    return worker;
  }

  queue(queueName: string): Queue {
    let queue = this.queues.get(queueName);
    if (!queue) {
      queue = new Queue(queueName, { connection: this.connection(), prefix: this.options.prefix });
      this.queues.set(queueName, queue);
    }
    return queue;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.close()));
    const queues = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(queues.map((queue) => queue.close()));
    await Promise.all(this.clusterClients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  }

  private connection(): ConnectionOptions {
    const nodes = this.options.clusterNodes ?? [];
    if (nodes.length === 0) return queueConnectionOptions(this.options.redisUrl, this.options.credentials);
    const client = queueClusterConnection(this.options.redisUrl, nodes, this.options.credentials);
    this.clusterClients.push(client);
    return client;
  }
}
