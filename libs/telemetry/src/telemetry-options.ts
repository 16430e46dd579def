/** What a service tells telemetry about itself; everything else comes from standard OTEL_* variables. */
export interface TelemetryOptions {
  /** The SERVICE value (`gateway`, `submitter`, …): the trace's `service.name`. */
  readonly serviceName: string;
  /**
   * Where INSTANCE_ID / QUIETPAY_PROFILE / OTEL_* are read from. Telemetry starts before the
   * service's config schema can run (it must patch modules before they load), so it reads
   * these few variables itself; tests pass their own map.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The running SDK: flush before a test inspects what was exported, shut down on SIGTERM. */
export interface TelemetryHandle {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
