// The installed packages through `require` (their exports' "require" condition: dist/index.cjs).
const sdk = require('@quietpay/sdk');
const server = require('@quietpay/server');
const web3 = require('@solana/web3.js');
const express = require('express');
const { x402Client } = require('@x402/core/client');
const { wrapFetchWithPayment } = require('@x402/fetch');

const loaded = [require.resolve('@quietpay/sdk'), require.resolve('@quietpay/server')];
import('./pay-flow.mjs')
  .then(({ payFlow }) => payFlow({ sdk, server, express, web3, x402Client, wrapFetchWithPayment }, process.env))
  .then((result) => console.log(JSON.stringify({ loaded, ...result })))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
