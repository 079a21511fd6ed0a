// mongodb-vs-mysql/indexes-you-can-see: what Run starts.
import { answer } from './answer.js';

console.log(`The answer is ${answer()}`);
