/** A time span in the learner's words, as the review buttons and the empty state say it: "1 min", "3 h", "4 d", "2 mo". */
export function formatInterval(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days} d`;
  const months = Math.round(days / 30.4);
  if (months < 12) return `${months} mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, '')} y`;
}
