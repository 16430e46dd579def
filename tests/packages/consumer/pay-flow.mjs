// What an app does with the installed packages, run once with them loaded through `import`
// (pay.mjs) and once through `require` (pay.cjs): the modules come in as arguments so both formats
// run the same steps. Talks to the test's stack (gateway, localnet) and examples/paid-api.

/** Starts an Express app with the packed server's paywall (0.01 per call) on a free port. */
function listenPaywalled(express, server, env) {
  const app = express();
  app.post('/paid', server.sessionPaywallExpress({ facilitatorUrl: env.GATEWAY_URL, price: '0.01', payTo: env.MERCHANT }), (_req, res) => {
    res.json({ served: true });
  });
  return new Promise((resolve) => {
    const listener = app.listen(0, '127.0.0.1', () => resolve(listener));
  });
}

async function optionErrorOf(sdk, server, wallet, env) {
  try {
    await sdk.createSession({ wallet, facilitatorUrl: env.GATEWAY_URL, rpcUrl: env.RPC_URL, cap: 'two', expiresInSeconds: 600, recipient: env.MERCHANT });
    return null;
  } catch (error) {
    return { quietpay: error instanceof sdk.QuietpayError, acrossPackages: error instanceof server.QuietpayError, code: error.code, field: error.field };
  }
}

export async function payFlow({ sdk, server, express, web3, x402Client, wrapFetchWithPayment }, env) {
  const listener = await listenPaywalled(express, server, env);
  const url = `http://127.0.0.1:${listener.address().port}/paid`;
  try {
    const unpaid = await fetch(url, { method: 'POST' });
    const required = sdk.readPaymentRequired(unpaid);
    const wallet = sdk.keypairWallet(web3.Keypair.fromSecretKey(Uint8Array.from(JSON.parse(env.PAYER_SECRET))));
    const storage = sdk.memorySessionStorage();
    const session = await sdk.createSession({
      wallet,
      facilitatorUrl: env.GATEWAY_URL,
      rpcUrl: env.RPC_URL,
      cap: '2',
      expiresInSeconds: 600,
      recipient: env.MERCHANT,
      storage,
    });
    const own = await session.fetch(url, { method: 'POST' });
    // The stock @x402/fetch paying examples/paid-api through the packed SessionSchemeClient.
    const scheme = await sdk.SessionSchemeClient.fromStorage(storage, session.sessionId);
    const client = x402Client.fromConfig({ schemes: [{ network: scheme.network, client: scheme }], spendControls: { allowedAssets: [scheme.allowedAsset()] } });
    const chat = await wrapFetchWithPayment(fetch, client)(env.PAID_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hi' }),
    });
    return {
      unpaid: { status: unpaid.status, schemes: required?.accepts.map((a) => a.scheme) ?? [] },
      own: { status: own.status, body: await own.json(), settled: sdk.readPaymentReceipt(own)?.success === true },
      chat: { status: chat.status, reply: typeof (await chat.json()).reply, settled: sdk.readPaymentReceipt(chat)?.success === true },
      optionError: await optionErrorOf(sdk, server, wallet, env),
    };
  } finally {
    listener.close();
  }
}
