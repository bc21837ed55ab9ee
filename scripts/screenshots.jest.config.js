/** Jest set-up for scripts/screenshots.render.ts only (npm run screenshots); not part of npm test. */
module.exports = {
  rootDir: require('node:path').resolve(__dirname, '..'),
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/scripts/screenshots.render.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['js', 'ts', 'json'],
  testTimeout: 600000,
};
