#!/usr/bin/env node
// The npm registry these machines reach serves only the platform builds usable here, so `npm install`
// leaves the lockfile without entries for other platforms' optional packages (@swc/core-darwin-arm64, …)
// and `npm ci` then refuses the lockfile ("Missing: … from lock file"). This adds a version-only entry for
// each such optional package; `npm ci` skips them (optional, not fetchable here) and installs the rest.
// Run after any `npm install` that changes dependencies:  npm run lockfile:complete
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    // npm resolves a dependency next to its dependent first, then at the top level.
    const nested = `${key ? `${key}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    lock.packages[`node_modules/${name}`] = { version, dev: pkg.dev, optional: true };
    if (!pkg.dev) delete lock.packages[`node_modules/${name}`].dev;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional entries for other platforms`);
