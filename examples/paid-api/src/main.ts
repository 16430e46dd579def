import { loadPaidApiConfig } from './config.schema';
import { createPaidApi } from './paid-api.app';

const config = loadPaidApiConfig(process.env);
const server = createPaidApi(config).listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  process.stdout.write(`paid-api ready ${JSON.stringify({ url: `http://${config.HOST}:${port}` })}\n`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
