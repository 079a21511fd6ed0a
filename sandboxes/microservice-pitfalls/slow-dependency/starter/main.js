/**
 * Run this (the Run button) and open the Preview: four services on their own ports, a visitor load on the
 * edge, and the live call graph. Set "reviews" to hang in the Preview and watch the edge's answers.
 */
import { startLab } from './lab.js';
import { services } from './services.js';

await startLab({
  title: 'A slow dependency: the product page',
  services,
  layout: { client: [70, 150], edge: [250, 150], catalog: [470, 80], reviews: [470, 230], pricing: [680, 80] },
  load: { method: 'GET', path: '/products/42' },
});
