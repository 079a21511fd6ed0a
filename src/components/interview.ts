/** The heading of a lesson's interview summary (`lessons/<slug>.summary.md`); the lesson page adds it to the table of contents. */
export const interviewHeading = { slug: 'say-it-in-an-interview', text: 'Say it in an interview' } as const;
