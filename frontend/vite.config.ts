import { defineConfig } from 'vitest/config';

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // The e2e folder holds node:test suites that drive the real app; they are
  // not unit tests and need a display, so Vitest must not pick them up.
  test: { include: ['src/**/*.test.ts'], environment: 'jsdom', setupFiles: ['src/testSetup.ts'] },
});
