/**
 * The files of one lesson's sandboxes taken together: a starter file may not shadow a shared file, an exercise may
 * not bring a checks/_shared/ of its own (the lesson's check helpers are laid there), and no file may be a
 * byte-for-byte copy of another exercise's or the shared folder's (it belongs in `_shared/` once). Variants
 * (`solution/`, `wrong/`, `right/`) and `package.json` may repeat.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exerciseDir, findExercises, isLessonFolder, listFolders, SANDBOXES, SHARED, SHARED_CHECKS, sandboxesDir } from '../course/layout.ts';
import { readFolderFiles } from '../grading/exercise-files.ts';
import type { ContentProblem } from './problem.ts';

const VARIANTS = new Set(['solution', 'wrong', 'right']);
const mayRepeat = (path: string) => VARIANTS.has(path.split('/')[0]!) || path.split('/').pop() === 'package.json';

export async function checkLessonFiles(root: string): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const ids = findExercises(root);
  for (const slug of listFolders(sandboxesDir(root))) {
    const lessonDir = join(SANDBOXES, slug);
    for (const name of listFolders(join(sandboxesDir(root), slug))) {
      if (isLessonFolder(name) && name !== SHARED) {
        problems.push({ file: `${lessonDir}/${name}`, message: `unknown lesson folder: the only one beside the exercises is ${SHARED}/` });
      }
    }
    const exercises = ids.filter((id) => id.startsWith(`${slug}/`));
    /** Every file that must be unique in the lesson, by content hash → where it is. */
    const seen = new Map<string, string>();
    const note = (file: string, contents: string) => {
      if (!contents.length) return;
      const hash = createHash('sha256').update(contents).digest('hex');
      const first = seen.get(hash);
      if (first && first.split('/').slice(0, 3).join('/') !== file.split('/').slice(0, 3).join('/')) {
        problems.push({ file, message: `a byte-for-byte copy of ${first}: move the file into ${lessonDir}/${SHARED}/ once` });
      } else if (!first) seen.set(hash, file);
    };
    const sharedDir = join(sandboxesDir(root), slug, SHARED);
    const shared = existsSync(sharedDir) ? await readFolderFiles(sharedDir) : {};
    for (const [path, contents] of Object.entries(shared)) if (!mayRepeat(path)) note(`${lessonDir}/${SHARED}/${path}`, contents);
    const sharedStarter = Object.keys(shared).filter((path) => !path.startsWith(`${SHARED_CHECKS}/`));
    for (const id of exercises) {
      const dir = exerciseDir(id, root);
      const files = await readFolderFiles(dir);
      for (const path of Object.keys(files)) {
        if (path.startsWith('starter/') && sharedStarter.includes(path.slice('starter/'.length))) {
          problems.push({ file: `${SANDBOXES}/${id}/${path}`, message: `shadows the shared file ${lessonDir}/${SHARED}/${path.slice('starter/'.length)}; remove one of them` });
        }
        if (path.startsWith(`checks/${SHARED}/`)) {
          problems.push({ file: `${SANDBOXES}/${id}/${path}`, message: `checks/${SHARED}/ is where the lesson's ${SHARED}/${SHARED_CHECKS}/ helpers are laid; move the file to ${lessonDir}/${SHARED}/${SHARED_CHECKS}/` });
        }
      }
      for (const [path, contents] of Object.entries(files)) if (!mayRepeat(path)) note(`${SANDBOXES}/${id}/${path}`, contents);
    }
  }
  return problems;
}
