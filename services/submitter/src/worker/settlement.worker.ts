import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ContractViolation, SettlementSubmitV1 } from '@quietpay/contracts';
import { extractTraceCarrier, QuietpayError, TracedJobData } from '@quietpay/platform';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { Logger } from 'pino';
import { SubmitterConfig } from '../config.schema';
import { observeStep } from '../metrics/settlement-step.metrics';
import { FOLLOW_UP_MARK } from '../settlement/settlement.queue';
import { backoffDelayMs } from './backoff.policy';
import { FlushBatchUseCase } from './flush-batch.usecase';
import { ProcessSettlementUseCase } from './process-settlement.usecase';
import { BATCH_FLUSH_JOB, bullConnection, SETTLEMENT_QUEUE } from './queue.connection';
import { submitterError } from '../submitter.errors';

const tracer = trace.getTracer('quietpay.submitter');

/**
 * The BullMQ worker. Its own (not JobQueues.work) because a job that finds its source account
 * busy must be delayed with the job's lock token, which is not a failure and burns no attempt.
 * Stall settings: see SETTLEMENT_JOB_LOCK_MS in config.schema.ts.
 */
export function startSettlementWorker(config: SubmitterConfig, process: ProcessSettlementUseCase, flush: FlushBatchUseCase, logger: Logger): Worker {
  const bull = bullConnection(config);
  const worker = new Worker(
    SETTLEMENT_QUEUE,
    async (job: Job<TracedJobData>, token?: string) =>
      // A consumer span per attempt, child of the enqueuer's context carried in the job: the
      // worker's RPC and bus spans hang under it and its attributes (signature) are recorded.
      tracer.startActiveSpan(
        `job ${job.name}`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'bullmq',
            'messaging.message.id': job.id ?? '',
            'quietpay.settlement.id': job.name === BATCH_FLUSH_JOB ? '' : (job.id ?? ''),
          },
        },
        extractTraceCarrier(job.data.trace),
        async (span) => {
          try {
            await runJob(job, token);
          } catch (error) {
            if (!(error instanceof DelayedError))
              span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
            throw error;
          } finally {
            span.end();
          }
        },
      ),
    {
      connection: bull.connection,
      prefix: config.BULLMQ_PREFIX,
      concurrency: config.SUBMITTER_CONCURRENCY,
      lockDuration: config.SETTLEMENT_JOB_LOCK_MS,
      stalledInterval: config.SETTLEMENT_STALLED_INTERVAL_MS,
      maxStalledCount: config.SETTLEMENT_MAX_STALLED,
      settings: { backoffStrategy: (attemptsMade: number) => backoffDelayMs(attemptsMade, config.SETTLEMENT_BACKOFF_MS, config.SETTLEMENT_BACKOFF_MAX_MS) },
    },
  );
  worker.on('failed', (job, error) => logger.warn({ settlementId: job?.id, err: error }, 'settlement job attempt failed'));
  worker.on('closed', () => void bull.release());
  return worker;

  async function runJob(job: Job<TracedJobData>, token: string | undefined): Promise<void> {
    // A follow-up flush (enqueued as its predecessor released the source) sits on the critical
    // path of a coalesced session: its wait from enqueue to here is a step of the transfer cycle.
    // A delayed flush (a pipelined flush's check back on an await claim) is not a hop: it waits on purpose.
    if (job.name === BATCH_FLUSH_JOB && job.attemptsStarted <= 1 && !job.opts.delay && job.id?.includes(FOLLOW_UP_MARK) === true)
      observeStep('hop', Date.now() - job.timestamp);
    let outcome;
    try {
      outcome =
        job.name === BATCH_FLUSH_JOB
          ? await flush.execute(flushSessionId(job.data.payload), () => stillOwned(job, token))
          : await process.execute(SettlementSubmitV1.request.decode(job.data.payload), () => stillOwned(job, token));
    } catch (error) {
      // The use cases decide what is final and answer it themselves; what escapes them is retried
      // (the submitter's own Redis blinking included), except a job that cannot even be read.
      if (error instanceof QuietpayError && !error.retryable) throw new UnrecoverableError(error.message);
      if (error instanceof ContractViolation) throw new UnrecoverableError(error.message);
      throw error;
    }
    if (outcome === 'source_busy') {
      await job.moveToDelayed(Date.now() + config.SOURCE_LOCK_BUSY_DELAY_MS, token);
      throw new DelayedError();
    }
  }

  /**
   * A worker that stalled past its lock (event loop blocked, process paused) lost the job to
   * another worker, which runs it again: this one must not go on to send. Extending the lock both
   * checks and refreshes it (false when another token holds it or it expired).
   */
  async function stillOwned(job: Job<TracedJobData>, token: string | undefined): Promise<void> {
    if (token === undefined) return;
    if ((await job.extendLock(token, config.SETTLEMENT_JOB_LOCK_MS)) !== 1) {
      throw submitterError('job_lock_lost', 'the settlement job was taken over by another worker (this one stalled past its lock)', {
        context: { jobId: job.id ?? '' },
      });
    }
  }
}

function flushSessionId(payload: unknown): string {
  const sessionId = typeof payload === 'object' && payload !== null ? (payload as { sessionId?: unknown }).sessionId : undefined;
  if (typeof sessionId !== 'string' || sessionId === '') throw submitterError('invalid_payload', 'batch flush job without a session id');
  return sessionId;
}
