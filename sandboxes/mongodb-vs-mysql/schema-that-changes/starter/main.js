// mongodb-vs-mysql/schema-that-changes: what Run starts.
import { answer } from './answer.js';

console.log(`The answer is ${answer()}`);
