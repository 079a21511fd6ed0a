/**
 * Run this (the Run button) and open the Preview: every dashboard a logged-in visitor opens reaches orders and
 * profile through the gateway. Count the calls to users-db.
 */
import { startLab } from './lab.js';
import { services } from './services.js';

await startLab({
  title: 'Log in once',
  entry: 'gateway',
  services,
  layout: { client: [80, 150], gateway: [280, 150], orders: [500, 60], profile: [500, 240], 'users-db': [700, 150] },
  load: { method: 'GET', path: '/dashboard?session=sid-alice' },
});
