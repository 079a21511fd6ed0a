import type { APIRoute, GetStaticPaths } from 'astro';
import { lessonExercises, publishedLessons, type ExerciseEntry } from '../../../../collections/course.ts';
import type { FilesPayload } from '../../../../schemas/payloads.ts';
import { exerciseFilesPayload } from '../../../../course/files-payload.ts';
import { exerciseGradingPayload } from '../../../../course/grading-payload.ts';
import { packageRefs } from '../../../../course/package-payload.ts';

/** The workspace's files of one exercise (never the whole course), fetched after the page has painted. */
export const getStaticPaths = (async () => {
  const paths = [];
  for (const lesson of await publishedLessons()) {
    for (const exercise of await lessonExercises(lesson)) {
      paths.push({ params: { slug: lesson.id, exercise: exercise.id.split('/')[1] }, props: { exercise } });
    }
  }
  return paths;
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ exercise: ExerciseEntry }> = async ({ props }) => {
  const { id, data } = props.exercise;
  const payload: FilesPayload = {
    ...(await exerciseFilesPayload(id, data.editable)),
    grading: await exerciseGradingPayload(id, data, import.meta.env.BASE_URL),
    packages: await packageRefs(data.packages, import.meta.env.BASE_URL),
  };
  return new Response(JSON.stringify(payload), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
