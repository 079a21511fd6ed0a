/** Review item keys, `<lesson>/<card|quiz>/<id>` (validated by `reviewKey` in src/schemas/review.ts). No zod here: every page's header uses it. */
import type { ReviewKind } from '../schemas/review.ts';

export function itemKey(lesson: string, kind: ReviewKind, id: string): string {
  return `${lesson}/${kind}/${id}`;
}

export function lessonOfKey(key: string): string {
  return key.split('/')[0]!;
}
