import { defineConfig } from 'vitest/config';

/**
 * Files that start process trees and hold them to time limits (grading, the runner, process groups). Their margins
 * assume the machine is theirs: they run one file at a time, in a group of their own that never overlaps the
 * parallel files. New tests of the runner, grading or processes land here by their name.
 */
const processTests = ['tests/unit/{grading,process,runner}-*.test.ts', 'tests/unit/runtime-webcontainer-layout.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], exclude: processTests },
      },
      {
        extends: true,
        test: { name: 'processes', include: processTests, fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
