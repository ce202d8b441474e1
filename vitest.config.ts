import { defineConfig } from 'vitest/config';

/** Tests run against real sandboxes, SQLite and PostgreSQL; timeouts allow for real I/O on 2 cores. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
