/**
 * Run this (the Run button) and open the Preview: the edge reads stock from inventory and places orders with
 * orders. Make inventory flaky, then down, and compare the calls the edge receives with the calls inventory gets.
 */
import { startLab } from './lab.js';
import { services } from './services.js';

await startLab({
  title: 'Retries that help, not hurt',
  services,
  layout: { client: [90, 150], edge: [320, 150], inventory: [600, 80], orders: [600, 230] },
  load: { method: 'GET', path: '/stock/42' },
});
