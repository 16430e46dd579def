/** Who this process is; answers describe.v1 and stamps logs. */
export interface ServiceIdentity {
  readonly name: string;
  readonly instanceId: string;
  readonly version: string;
  readonly startedAtUnix: number;
  /** Subjects this process serves, read once the transport has registered its handlers. */
  readonly subjects: () => string[];
}
