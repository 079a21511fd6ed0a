/**
 * The review part of the progress page, from the store: items due today, a small chart of reviews per day, and the
 * measured retention of each lesson (share of reviews rated Hard, Good or Easy over the last 30 days).
 */
import { reviewLog } from '../progress/review-writes.ts';
import type { ProgressStore } from '../progress/store.ts';
import { dueToday, retentionByLesson, reviewsPerDay } from '../review/stats.ts';

const CHART_DAYS = 14;

export async function showReviewStats(doc: Document, store: ProgressStore, now = Date.now()): Promise<void> {
  const box = doc.querySelector<HTMLElement>('[data-review-stats]');
  if (!box) return;
  const [{ cards, lessons }, log] = await Promise.all([store.reviewSchedule(), reviewLog(store)]);
  const due = dueToday(cards, lessons, now);
  box.querySelector('[data-review-due-today]')!.textContent =
    due === 0 ? 'Nothing left to review today.' : `${due} ${due === 1 ? 'item' : 'items'} to review today.`;

  const days = reviewsPerDay(log, now, CHART_DAYS);
  const most = Math.max(1, ...days.map((d) => d.reviews));
  const chart = box.querySelector<HTMLElement>('[data-review-chart]')!;
  chart.replaceChildren(
    ...days.map(({ day, reviews }) => {
      const li = doc.createElement('li');
      const bar = Object.assign(doc.createElement('span'), { className: 'review-bar' });
      bar.style.setProperty('--share', String(reviews / most));
      const date = new Date(day);
      const visible = (className: string, textContent: string) => {
        const span = Object.assign(doc.createElement('span'), { className, textContent });
        span.setAttribute('aria-hidden', 'true');
        return span;
      };
      const spoken = `${date.toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' })}: ${reviews} ${reviews === 1 ? 'review' : 'reviews'}`;
      li.append(visible('review-count', String(reviews)), bar, visible('review-day', String(date.getDate())), Object.assign(doc.createElement('span'), { className: 'visually-hidden', textContent: spoken }));
      return li;
    }),
  );

  const rows = retentionByLesson(log, now);
  const table = box.querySelector<HTMLTableElement>('[data-review-retention]')!;
  table.hidden = rows.length === 0;
  box.querySelector<HTMLElement>('[data-review-no-retention]')!.hidden = rows.length > 0;
  table.tBodies[0]!.replaceChildren(
    ...rows.map((r) => {
      const title = doc.querySelector(`.progress-lessons a[href="/lessons/${CSS.escape(r.lesson)}/"]`)?.textContent ?? r.lesson;
      const tr = doc.createElement('tr');
      tr.append(
        Object.assign(doc.createElement('th'), { scope: 'row', textContent: title }),
        Object.assign(doc.createElement('td'), { textContent: String(r.reviews) }),
        Object.assign(doc.createElement('td'), { textContent: `${Math.round((100 * r.recalled) / r.reviews)}%` }),
      );
      return tr;
    }),
  );
  box.hidden = false;
}
