import { defineConfig } from 'vitest/config';

// Integration tests open real PTYs, sockets, brokers and a browser: run files in parallel
// processes (2 cores here), give slow fixtures room, never retry silently.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default'],
    retry: 0,
  },
});
