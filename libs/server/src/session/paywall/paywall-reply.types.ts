/** An HTTP answer a paywall adapter sends as is (JSON body). */
export interface PaywallReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}
