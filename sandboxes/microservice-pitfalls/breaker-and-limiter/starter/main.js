/**
 * Run this (the Run button) and open the Preview: the home page asks recommendations, the search page asks
 * search, which is rate-limited. Take recommendations down and watch the breaker's state on its arrow; raise
 * the load to 20 requests/s and watch search answer 429.
 */
import { startLab } from './lab.js';
import { services, status } from './services.js';

await startLab({
  title: 'Stop calling a dead service',
  services,
  status,
  layout: { client: [90, 150], edge: [320, 150], recommendations: [610, 80], search: [610, 230] },
  load: [{ method: 'GET', path: '/home' }, { method: 'GET', path: '/search?q=grinder' }],
});
