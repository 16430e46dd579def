// The installed packages through `import` (their exports' "import" condition: dist/index.mjs).
import * as sdk from '@quietpay/sdk';
import * as server from '@quietpay/server';
import * as web3 from '@solana/web3.js';
import express from 'express';
import { x402Client } from '@x402/core/client';
import { wrapFetchWithPayment } from '@x402/fetch';
import { payFlow } from './pay-flow.mjs';

const loaded = [import.meta.resolve('@quietpay/sdk'), import.meta.resolve('@quietpay/server')];
const result = await payFlow({ sdk, server, express, web3, x402Client, wrapFetchWithPayment }, process.env);
console.log(JSON.stringify({ loaded, ...result }));
