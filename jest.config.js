// One Jest configuration for the whole monorepo. Nx targets (`nx test <project>`) run it with a path filter.
// Sources are compiled by @swc/jest with the same options as the build (.swcrc), decorator metadata included.
const fs = require('node:fs');
const path = require('node:path');

const { exclude: _buildOnly, ...swc } = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{libs,services,tests,infra}/**/*.{spec,integration-spec,e2e-spec}.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^@wirewatch/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  // Integration and e2e files share one Postgres/Redis server but each gets its own database and queue prefix.
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  maxWorkers: process.env.CI ? 2 : '50%',
};
